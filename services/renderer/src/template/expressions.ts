/**
 * The tag language of layouts: `{Customer.Name}`, `{Total | currency}`,
 * `{PostingDate | date:long}`, `{#Lines}…{/Lines}`, `{^Notes}…{/Notes}`.
 *
 * One parser serves both render paths (docxtemplater's parser hook on the naive
 * path, the compiled template's slots on the fast path), so both evaluate every
 * tag identically — part of why the fast path is exact (see ADR-0005).
 * @module
 */
import { evaluateAst, type ScopeChain } from './expression-eval';
import {
  type Ast,
  ExpressionSyntaxError,
  parseAst,
  SUPPORTED_EXPRESSIONS,
} from './expression-parser';
import {
  DATE_STYLES,
  type DateStyle,
  formatCurrency,
  formatDate,
  formatNumber,
  formatPercent,
  toDate,
  toNumber,
} from './format';

/**
 * Report-data value standing for the PayPal link: it renders as the link marker
 * (replaced by the real link after sanitising), never as text.
 */
export const PAYMENT_LINK_VALUE: unique symbol = Symbol('payment-link');
const PAYMENT_LINK_TEXT = '\uE01B';

/** A warning raised while evaluating a tag (missing value, value of the wrong kind…). */
export interface EvalWarning {
  code: string;
  message: string;
  tag: string;
}

/** What evaluation needs from the render: the document's language and currency, and a warning sink. */
export interface EvalContext {
  locale: string;
  currency: string | undefined;
  warn(warning: EvalWarning): void;
}

/** One filter application, e.g. `currency("USD")`. */
export interface Filter {
  name: FilterName;
  args: string[];
}

/** A parsed tag expression. */
export interface Expression {
  /** The tag text as written in the layout (after quote normalisation). */
  source: string;
  /** Property path from the scope; empty = the scope itself (`{.}` / `{this}`). */
  path: string[];
  /** Set for a condition or calculation (`Status == "Open"`, `Qty * Price`); `path` is then unused. */
  ast?: Ast;
  filters: Filter[];
}

/** Thrown for a tag that is not valid in the tag language; docxtemplater lists it as a layout error. */
export class TagSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TagSyntaxError';
  }
}

const FILTERS = ['currency', 'number', 'percent', 'date', 'upper', 'lower', 'trim'] as const;
export type FilterName = (typeof FILTERS)[number];

/** Word and LibreOffice "smart quotes" become plain quotes, so `{x | date:“long”}` parses. */
export function normaliseQuotes(text: string): string {
  return text
    .replace(/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"')
    .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'");
}

/** Splits a tag at its filter bars (`|`, but not `||` or a bar inside quotes). */
function splitFilters(text: string): string[] {
  const parts: string[] = [];
  let quote = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') {
        i++;
      } else if (ch === quote) {
        quote = '';
      }
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '|') {
      if (text[i + 1] === '|') {
        i++;
        continue;
      }
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

const SEGMENT = /^[\p{L}\p{N}_$][\p{L}\p{N}_$-]*$/u;

/** A plain field path (`Customer.Name`, `Ship-to.City`), or null when the text is an expression. */
function parsePath(text: string): string[] | null {
  const t = text.trim();
  if (t === '.' || t === 'this') {
    return [];
  }
  const parts = (t.startsWith('this.') ? t.slice(5) : t).split('.');
  return parts.every((p) => SEGMENT.test(p) && !FORBIDDEN.has(p)) ? parts : null;
}

const FORBIDDEN = new Set(['constructor', '__proto__', 'prototype']);

function unquote(arg: string): string {
  const a = arg.trim();
  if ((a.startsWith('"') && a.endsWith('"')) || (a.startsWith("'") && a.endsWith("'"))) {
    return a.slice(1, -1);
  }
  return a;
}

function parseFilter(text: string, source: string): Filter {
  const t = text.trim();
  const m = /^([A-Za-z]+)\s*(?::\s*(.+)|\((.*)\))?$/.exec(t);
  if (!m?.[1]) {
    throw new TagSyntaxError(`"${source}" is not a valid tag: "${t}" is not a filter.`);
  }
  const name = m[1].toLowerCase();
  if (!(FILTERS as readonly string[]).includes(name)) {
    throw new TagSyntaxError(
      `"${source}" uses the unknown filter "${m[1]}" (known: ${FILTERS.join(', ')}).`,
    );
  }
  const rawArgs = m[2] ?? m[3];
  const args =
    rawArgs === undefined || rawArgs.trim() === '' ? [] : rawArgs.split(',').map(unquote);
  const filter: Filter = { name: name as FilterName, args };
  validateFilter(filter, source);
  return filter;
}

function validateFilter(f: Filter, source: string): void {
  const arg = f.args[0];
  switch (f.name) {
    case 'currency':
      if (arg !== undefined && !/^[A-Z]{3}$/.test(arg)) {
        throw new TagSyntaxError(
          `"${source}": currency expects a currency code like EUR, not "${arg}".`,
        );
      }
      break;
    case 'number':
    case 'percent':
      if (arg !== undefined && !/^\d{1,2}$/.test(arg)) {
        throw new TagSyntaxError(
          `"${source}": ${f.name} expects a number of decimals (0-20), not "${arg}".`,
        );
      }
      break;
    case 'date':
      if (arg !== undefined && !(DATE_STYLES as readonly string[]).includes(arg)) {
        throw new TagSyntaxError(
          `"${source}": date expects one of ${DATE_STYLES.join(', ')}, not "${arg}".`,
        );
      }
      break;
    default:
      break;
  }
}

/** Parses a tag's text (without delimiters and loop prefixes). */
export function parseExpression(tag: string): Expression {
  const source = normaliseQuotes(tag).trim();
  const [pathText = '', ...filterTexts] = splitFilters(source);
  if (pathText.trim() === '') {
    throw new TagSyntaxError(`"${source}" is not a valid tag: the field name is missing.`);
  }
  const filters = filterTexts.map((f) => parseFilter(f, source));
  const path = parsePath(pathText);
  if (path) {
    return { source, path, filters };
  }
  try {
    return { source, path: [], ast: parseAst(pathText.trim()), filters };
  } catch (err) {
    if (err instanceof ExpressionSyntaxError) {
      throw new TagSyntaxError(
        `"${source}" is not a valid tag: ${err.reason}. ${SUPPORTED_EXPRESSIONS}`,
      );
    }
    throw err;
  }
}

/** Resolves the expression's path in one scope; `undefined` when any step is missing. */
export function resolvePath(expr: Expression, scope: unknown): unknown {
  let value = scope;
  for (const key of expr.path) {
    if (value === null || value === undefined || typeof value !== 'object') {
      return undefined;
    }
    if (!Object.hasOwn(value, key)) {
      return undefined;
    }
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

// Characters XML 1.0 cannot carry, and the private-use range the renderer uses for its own
// markers (so report data can never forge one).
const UNSAFE_TEXT =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these control characters are exactly what must go.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uE000-\uE0FF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Makes a value's text safe for the document: no XML-invalid characters, no marker characters, `\n` line ends. */
export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(UNSAFE_TEXT, '');
}

function applyFilter(f: Filter, value: unknown, ctx: EvalContext, tag: string): unknown {
  switch (f.name) {
    case 'currency': {
      const n = toNumber(value);
      if (n === null) {
        ctx.warn({
          code: 'VALUE_NOT_NUMBER',
          message: `{${tag}} is not a number, shown as is.`,
          tag,
        });
        return value;
      }
      const code = f.args[0] ?? ctx.currency;
      if (!code) {
        ctx.warn({
          code: 'CURRENCY_UNKNOWN',
          message: `{${tag}}: no currency code (give the render a currency or write currency:EUR); shown as a number.`,
          tag,
        });
        return formatNumber(ctx.locale, n, 2);
      }
      return formatCurrency(ctx.locale, code, n);
    }
    case 'number':
    case 'percent': {
      const n = toNumber(value);
      if (n === null) {
        ctx.warn({
          code: 'VALUE_NOT_NUMBER',
          message: `{${tag}} is not a number, shown as is.`,
          tag,
        });
        return value;
      }
      const decimals = f.args[0] === undefined ? undefined : Number(f.args[0]);
      return f.name === 'number'
        ? formatNumber(ctx.locale, n, decimals)
        : formatPercent(ctx.locale, n, decimals);
    }
    case 'date': {
      const d = toDate(value);
      if (d === null) {
        ctx.warn({
          code: 'VALUE_NOT_DATE',
          message: `{${tag}} is not a date (use YYYY-MM-DD), shown as is.`,
          tag,
        });
        return value;
      }
      return formatDate(ctx.locale, d, f.args[0] as DateStyle | undefined);
    }
    case 'upper':
      return toText(value, ctx, tag).toLocaleUpperCase(ctx.locale);
    case 'lower':
      return toText(value, ctx, tag).toLocaleLowerCase(ctx.locale);
    case 'trim':
      return toText(value, ctx, tag).trim();
  }
}

function toText(value: unknown, ctx: EvalContext, tag: string): string {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  ctx.warn({
    code: 'VALUE_NOT_TEXT',
    message: `{${tag}} is a list or an object, not a value; it was left empty.`,
    tag,
  });
  return '';
}

/**
 * The text of a value tag in one scope, or `undefined` when the path is missing
 * there (the caller then looks in the enclosing scopes, as docxtemplater does).
 */
export function evaluateText(
  expr: Expression,
  scope: unknown,
  ctx: EvalContext,
  chain?: ScopeChain,
): string | undefined {
  const raw = expr.ast ? evaluateCompound(expr.ast, scope, chain) : resolvePath(expr, scope);
  if (raw === undefined || raw === null) {
    return undefined;
  }
  if (raw === PAYMENT_LINK_VALUE) {
    return PAYMENT_LINK_TEXT;
  }
  let value: unknown = raw;
  for (const f of expr.filters) {
    value = applyFilter(f, value, ctx, expr.source);
  }
  return cleanText(toText(value, ctx, expr.source));
}

/** The raw value of a section tag (`{#Lines}`, `{^Notes}`) in one scope. */
export function evaluateSection(expr: Expression, scope: unknown, chain?: ScopeChain): unknown {
  const raw = expr.ast ? evaluateCompound(expr.ast, scope, chain) : resolvePath(expr, scope);
  return raw === null ? undefined : raw;
}

/**
 * A condition or calculation: identifiers are looked up from `scope` outwards
 * through `chain` (the enclosing loop items and the data), as docxtemplater's
 * expressions parser does. Data that JavaScript cannot compute with (e.g. an
 * object with a `toString` field) gives no value rather than an error.
 */
function evaluateCompound(ast: Ast, scope: unknown, chain: ScopeChain | undefined): unknown {
  try {
    return evaluateAst(ast, chain ?? { list: [scope], num: 0 });
  } catch {
    return undefined;
  }
}
