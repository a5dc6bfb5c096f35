/**
 * Conditions and calculations in tags — the expression language of
 * docxtemplater's `expressions` parser (angular-expressions syntax):
 * `{#Status == "Open"}`, `{#Amount > 0 and not Paid}`, `{Qty * Price | currency}`,
 * `{#Lines.length > 1}`, `{Discount ? "yes" : "no"}`.
 *
 * It is a small interpreter, not compiled JavaScript: identifiers are looked up
 * in the report data (own properties only, innermost scope first), and nothing
 * can be called — the filters after `|` are the only functions. Names that
 * reach into JavaScript objects (`constructor`, `__proto__`, `prototype`) are
 * refused while the layout is read.
 * @module
 */

/** A parsed expression (without its filters). */
export type Ast =
  | { k: 'lit'; v: string | number | boolean | null | undefined }
  | { k: 'path'; segs: (string | Ast)[] }
  | { k: 'un'; op: '!' | '-' | '+'; a: Ast }
  | { k: 'bin'; op: BinaryOp; a: Ast; b: Ast }
  | { k: 'and' | 'or'; a: Ast; b: Ast }
  | { k: 'cond'; c: Ast; a: Ast; b: Ast };

export type BinaryOp =
  | '=='
  | '!='
  | '==='
  | '!=='
  | '<'
  | '<='
  | '>'
  | '>='
  | '+'
  | '-'
  | '*'
  | '/'
  | '%';

/** What a designer can write, named in every expression error. */
export const SUPPORTED_EXPRESSIONS =
  'Supported: field names (Customer.Name, Lines.length, Lines[0].Amount), "text" and numbers, ' +
  'true/false/null, comparisons (== != === !== < <= > >=), and/or/not (also && || !), ' +
  '+ - * / %, parentheses, condition ? a : b, and filters after | (currency, number, percent, date, upper, lower, trim).';

/** Names that would reach into JavaScript objects instead of report data. */
export const FORBIDDEN_NAMES = new Set([
  'constructor',
  '__proto__',
  'prototype',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);

/** An expression the language does not accept; the message says what is supported. */
export class ExpressionSyntaxError extends Error {
  /** What is wrong, without the expression or the list of what is supported. */
  readonly reason: string;
  constructor(source: string, reason: string) {
    super(`"${source}" is not a valid expression: ${reason}. ${SUPPORTED_EXPRESSIONS}`);
    this.name = 'ExpressionSyntaxError';
    this.reason = reason;
  }
}

type Token =
  | { t: 'num'; v: number; at: number }
  | { t: 'str'; v: string; at: number }
  | { t: 'id'; v: string; at: number }
  | { t: 'op'; v: string; at: number };

const OPERATORS = [
  '===',
  '!==',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '!',
  '(',
  ')',
  '[',
  ']',
  '.',
  '?',
  ':',
];
const ID_START = /[\p{L}_$]/u;
const ID_PART = /[\p{L}\p{N}_$]/u;

function fail(source: string, what: string): never {
  throw new ExpressionSyntaxError(source, what);
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const m = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i)) as RegExpExecArray;
      out.push({ t: 'num', v: Number(m[0]), at: i });
      i += m[0].length;
      continue;
    }
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== ch) {
        if (text[j] === '\\' && j + 1 < text.length) {
          j++;
        }
        value += text[j];
        j++;
      }
      if (j >= text.length) {
        fail(text, `the text starting at ${ch}${value.slice(0, 20)} has no closing ${ch}`);
      }
      out.push({ t: 'str', v: value, at: i });
      i = j + 1;
      continue;
    }
    if (ID_START.test(ch)) {
      let j = i + 1;
      while (j < text.length && ID_PART.test(text[j] as string)) {
        j++;
      }
      out.push({ t: 'id', v: text.slice(i, j), at: i });
      i = j;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) {
      if (ch === '=') {
        fail(text, 'a single "=" assigns; compare with "=="');
      }
      if (ch === '`') {
        fail(text, 'use straight or curly double quotes around text, not `');
      }
      fail(text, `the character "${ch}" is not part of the language`);
    }
    out.push({ t: 'op', v: op, at: i });
    i += op.length;
  }
  return out;
}

const BINARY: Record<string, number> = {
  '==': 3,
  '!=': 3,
  '===': 3,
  '!==': 3,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
};

/** Parses an expression (the part of a tag before its filters). */
export function parseAst(text: string): Ast {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const isOp = (v: string) => {
    const t = tokens[pos];
    return t !== undefined && t.t === 'op' && t.v === v;
  };
  const isWord = (v: string) => {
    const t = tokens[pos];
    return t !== undefined && t.t === 'id' && t.v === v;
  };
  const expect = (v: string) => {
    if (!isOp(v)) {
      const t = peek();
      fail(text, t ? `expected "${v}" before "${String(t.v)}"` : `"${v}" is missing at the end`);
    }
    pos++;
  };

  const ternary = (): Ast => {
    const c = or();
    if (isOp('?')) {
      pos++;
      const a = ternary();
      expect(':');
      const b = ternary();
      return { k: 'cond', c, a, b };
    }
    return c;
  };
  const or = (): Ast => {
    let a = and();
    while (isOp('||') || isWord('or')) {
      pos++;
      a = { k: 'or', a, b: and() };
    }
    return a;
  };
  const and = (): Ast => {
    let a = binary(3);
    while (isOp('&&') || isWord('and')) {
      pos++;
      a = { k: 'and', a, b: binary(3) };
    }
    return a;
  };
  const binary = (min: number): Ast => {
    let a = unary();
    for (;;) {
      const t = peek();
      const prec = t && t.t === 'op' ? BINARY[t.v] : undefined;
      if (!t || prec === undefined || prec < min) {
        return a;
      }
      pos++;
      a = { k: 'bin', op: t.v as BinaryOp, a, b: binary(prec + 1) };
    }
  };
  const unary = (): Ast => {
    if (isOp('!') || isWord('not')) {
      pos++;
      return { k: 'un', op: '!', a: unary() };
    }
    if (isOp('-') || isOp('+')) {
      const op = (peek() as Token).v as '-' | '+';
      pos++;
      return { k: 'un', op, a: unary() };
    }
    return member(primary());
  };
  const primary = (): Ast => {
    const t = peek();
    if (!t) {
      fail(text, 'it ends where a value is expected');
    }
    pos++;
    if (t.t === 'num' || t.t === 'str') {
      return { k: 'lit', v: t.v };
    }
    if (t.t === 'id') {
      switch (t.v) {
        case 'true':
          return { k: 'lit', v: true };
        case 'false':
          return { k: 'lit', v: false };
        case 'null':
          return { k: 'lit', v: null };
        case 'undefined':
          return { k: 'lit', v: undefined };
        case 'this':
          return { k: 'path', segs: [] };
        default:
          return { k: 'path', segs: [name(t.v)] };
      }
    }
    if (t.v === '(') {
      const inner = ternary();
      expect(')');
      return inner;
    }
    if (
      t.v === '.' &&
      (peek() === undefined || isOp(')') || BINARY[String(peek()?.v)] !== undefined)
    ) {
      return { k: 'path', segs: [] };
    }
    fail(text, `"${t.v}" cannot start a value`);
  };
  const name = (n: string): string => {
    if (FORBIDDEN_NAMES.has(n)) {
      fail(text, `"${n}" is not allowed (tags read report data, not JavaScript objects)`);
    }
    return n;
  };
  const member = (base: Ast): Ast => {
    let node = base;
    for (;;) {
      if (isOp('.')) {
        pos++;
        const t = peek();
        if (t?.t !== 'id') {
          fail(text, 'a field name must follow "."');
        }
        pos++;
        node = extend(node, name(t.v));
      } else if (isOp('[')) {
        pos++;
        const index = ternary();
        expect(']');
        if (index.k === 'lit' && typeof index.v === 'string') {
          name(index.v);
        }
        node = extend(
          node,
          index.k === 'lit' && index.v !== undefined && index.v !== null ? String(index.v) : index,
        );
      } else if (isOp('(')) {
        fail(text, 'functions cannot be called in a tag; only filters after "|" are');
      } else {
        return node;
      }
    }
  };
  const extend = (node: Ast, seg: string | Ast): Ast => {
    if (node.k !== 'path') {
      fail(text, 'only field names can be followed by "." or "["');
    }
    return { k: 'path', segs: [...node.segs, seg] };
  };

  if (tokens.length === 0) {
    fail(text, 'it is empty');
  }
  const ast = ternary();
  const rest = peek();
  const prev = tokens[pos - 1];
  if (rest?.t === 'id' && prev?.t === 'id') {
    fail(
      text,
      `field names cannot contain spaces ("${prev.v} ${rest.v}"): use the name from the report data, e.g. ${prev.v}${rest.v} or ${prev.v}.${rest.v}`,
    );
  }
  if (rest) {
    fail(text, `"${String(rest.v)}" is unexpected here`);
  }
  return ast;
}
