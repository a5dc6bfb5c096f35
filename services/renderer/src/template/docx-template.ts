/**
 * docxtemplater set up the way every layout is read: paragraph loops, line
 * breaks, our tag language (dotted paths, filters, smart quotes), and errors
 * turned into {@link LayoutIssue}s with the tag and the text around it.
 * @module
 */
import Docxtemplater from 'docxtemplater';
import PizZip from 'pizzip';
import { LayoutInvalidError, type LayoutIssue } from '../docx/layout-error';
import { TextIndex } from '../docx/text-index';
import {
  type EvalContext,
  type Expression,
  evaluateSection,
  evaluateText,
  parseExpression,
  TagSyntaxError,
} from './expressions';

/** A docxtemplater part, as far as we read it. */
export interface TemplatePart {
  type: string;
  value: string;
  module?: string;
  inverted?: boolean;
  expandTo?: string;
  paragraphLoop?: boolean;
  subparsed?: TemplatePart[];
  lIndex?: number;
}

/** docxtemplater's module interface, as far as we implement it. */
export interface TemplateModule {
  name: string;
  priority?: number;
  render?(part: TemplatePart, options: unknown): { value: string; errors?: unknown[] } | null;
}

/** Parses tag texts once per layout: the same expression objects serve every render. */
export class ExpressionCache {
  readonly #map = new Map<string, Expression>();
  get(tag: string): Expression {
    let e = this.#map.get(tag);
    if (!e) {
      e = parseExpression(tag);
      this.#map.set(tag, e);
    }
    return e;
  }
}

/** docxtemplater's parser hook, evaluating our tag language against `ctx`. */
export function docxParser(cache: ExpressionCache, ctx: EvalContext) {
  return (tag: string, meta?: { tag?: TemplatePart }) => {
    if (meta?.tag?.module === 'rawxml') {
      // Raw XML tags would let report data write document markup; values are always text.
      throw new TagSyntaxError(
        `"{@${tag.trim()}}" is a raw XML tag; raw XML is not supported (values are always text).`,
      );
    }
    const expr = cache.get(tag);
    const isSection = meta?.tag?.module === 'loop';
    if (isSection && expr.filters.length > 0) {
      throw new TagSyntaxError(
        `"${expr.source}": filters apply to values, not to sections or loops.`,
      );
    }
    return {
      get(scope: unknown, context?: { scopeList?: unknown[]; num?: number }): unknown {
        const chain =
          expr.ast && context?.scopeList && typeof context.num === 'number'
            ? { list: context.scopeList, num: context.num }
            : undefined;
        return isSection
          ? evaluateSection(expr, scope, chain)
          : evaluateText(expr, scope, ctx, chain);
      },
    };
  };
}

/** What a missing value becomes: empty, with a MISSING_VALUE warning for value tags. */
export function docxNullGetter(ctx: EvalContext) {
  return (part: TemplatePart): unknown => {
    if (part.module === 'loop') {
      return undefined;
    }
    if (!part.module) {
      ctx.warn({
        code: 'MISSING_VALUE',
        message: `{${part.value.trim()}} has no value in the report data; it was left empty.`,
        tag: part.value.trim(),
      });
    }
    return '';
  };
}

interface XtError {
  name?: string;
  message?: string;
  properties?: {
    id?: string;
    explanation?: string;
    xtag?: string;
    offset?: number;
    file?: string;
    errors?: XtError[];
    rootError?: { message?: string };
  };
}

function partXml(zip: PizZip, file: string): string | undefined {
  try {
    return zip.file(file)?.asText();
  } catch {
    return undefined;
  }
}

/** Turns a docxtemplater error (usually a MultiError) into one issue per underlying error. */
export function describeTemplateError(err: unknown, zip: PizZip): LayoutIssue[] {
  const e = err as XtError;
  const list = e.properties?.errors?.length ? e.properties.errors : [e];
  const indexes = new Map<string, TextIndex | undefined>();
  return list.map((item) => {
    const p = item.properties ?? {};
    const id = p.id ?? 'template_error';
    let message = p.explanation ?? item.message ?? 'The layout could not be read.';
    if (p.rootError?.message) {
      message =
        id === 'scopeparser_compilation_failed'
          ? p.rootError.message
          : `${message}: ${p.rootError.message}`;
    }
    if (id === 'file_has_invalid_xml' || id === 'malformed_xml') {
      message =
        `The document part ${p.file ?? ''} is not valid XML; the file is damaged. Open and save it again in Word.`.replace(
          '  ',
          ' ',
        );
    }
    const issue: LayoutIssue = { code: id, message };
    if (p.xtag !== undefined) {
      issue.tag = p.xtag;
    }
    if (p.file !== undefined) {
      issue.file = p.file;
      if (typeof p.offset === 'number') {
        if (!indexes.has(p.file)) {
          const xml = partXml(zip, p.file);
          indexes.set(p.file, xml === undefined ? undefined : new TextIndex(xml));
        }
        const index = indexes.get(p.file);
        const context = index?.contextAt(p.offset);
        if (context !== undefined) {
          issue.context = context;
        }
        const rest = id === 'unclosed_tag' ? index?.restOfParagraph(p.offset) : undefined;
        if (rest?.startsWith('{')) {
          // docxtemplater names the first word and 30 characters that may run into the next
          // paragraph; the designer needs the tag as typed, up to the end of its paragraph.
          const typed = rest.trim().length > 80 ? `${rest.trim().slice(0, 77)}…` : rest.trim();
          issue.tag = typed.slice(1);
          issue.message = `The tag "${typed}" has no closing "}" in its paragraph: close it where the field name ends (e.g. {Customer.Name}).`;
        }
      }
    }
    return issue;
  });
}

/** Options of {@link openTemplate}. */
export interface OpenTemplateOptions {
  cache: ExpressionCache;
  ctx: EvalContext;
  modules?: TemplateModule[];
  /** Parser override (the compiler's marker parser). */
  parser?: (
    tag: string,
    meta?: { tag?: TemplatePart },
  ) => { get(scope: unknown, context?: { scopeList?: unknown[]; num?: number }): unknown };
  nullGetter?: (part: TemplatePart) => unknown;
}

/** Loads bytes into PizZip; a zip PizZip cannot read is a LAYOUT_INVALID, not a crash. */
export function loadZip(bytes: Uint8Array): PizZip {
  try {
    return new PizZip(bytes);
  } catch (cause) {
    throw new LayoutInvalidError(
      [{ code: 'corrupt_zip', message: 'The Word document is damaged and cannot be opened.' }],
      { cause },
    );
  }
}

/**
 * Compiles a layout with docxtemplater.
 * @throws {LayoutInvalidError} listing every template error with its tag and context.
 */
export function openTemplate(zip: PizZip, opts: OpenTemplateOptions): Docxtemplater {
  try {
    return new Docxtemplater(
      zip as never,
      {
        paragraphLoop: true,
        linebreaks: true,
        stripInvalidXMLChars: true,
        errorLogging: false,
        parser: opts.parser ?? docxParser(opts.cache, opts.ctx),
        nullGetter: (opts.nullGetter ?? docxNullGetter(opts.ctx)) as (part: unknown) => unknown,
        ...(opts.modules ? { modules: opts.modules as never[] } : {}),
      } as never,
    );
  } catch (err) {
    throw new LayoutInvalidError(describeTemplateError(err, zip), { cause: err });
  }
}

/**
 * Renders a compiled template; render-time template errors (e.g. a tag that fails to
 * evaluate) are layout issues too.
 */
export function renderTemplate(doc: Docxtemplater, data: unknown): void {
  try {
    doc.render(data as object);
  } catch (err) {
    throw new LayoutInvalidError(describeTemplateError(err, doc.getZip() as PizZip), {
      cause: err,
    });
  }
}
