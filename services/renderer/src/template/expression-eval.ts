/**
 * Evaluates a parsed expression (expression-parser.ts) against report data:
 * identifiers from the innermost scope outwards (docxtemplater's rule),
 * own properties only, JavaScript's comparison and arithmetic semantics as
 * angular-expressions has them. Nothing is ever called.
 * @module
 */
import { type Ast, type BinaryOp, FORBIDDEN_NAMES } from './expression-parser';

/** Where identifiers are looked up: the innermost scope first, then the enclosing ones. */
export interface ScopeChain {
  /** Every scope, outermost first. */
  list: readonly unknown[];
  /** Index of the innermost scope to use. */
  num: number;
}

function step(value: unknown, key: string): unknown {
  if (
    value === null ||
    value === undefined ||
    typeof value !== 'object' ||
    FORBIDDEN_NAMES.has(key)
  ) {
    return undefined;
  }
  if (Array.isArray(value) && key === 'length') {
    return value.length;
  }
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

function resolveIn(scope: unknown, segs: readonly string[]): unknown {
  let value = scope;
  for (const s of segs) {
    value = step(value, s);
    if (value === undefined) {
      return undefined;
    }
  }
  return value;
}

/** Looks a path up in the innermost scope where it has a value (docxtemplater's rule). */
function lookup(segs: readonly string[], chain: ScopeChain): unknown {
  for (let i = chain.num; i >= 0; i--) {
    const v = resolveIn(chain.list[i], segs);
    if (v !== undefined && v !== null) {
      return v;
    }
  }
  return undefined;
}

function loose(a: unknown, b: unknown, op: BinaryOp): unknown {
  // Comparisons and arithmetic follow JavaScript, as angular-expressions does; `+` with a
  // missing side gives the other side (angular's rule).
  const x = a as number;
  const y = b as number;
  switch (op) {
    case '==':
      // biome-ignore lint/suspicious/noDoubleEquals: the language's == is JavaScript's loose equality.
      return a == b;
    case '!=':
      // biome-ignore lint/suspicious/noDoubleEquals: as above.
      return a != b;
    case '===':
      return a === b;
    case '!==':
      return a !== b;
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
    case '+':
      return a === undefined ? b : b === undefined ? a : x + y;
    case '-':
      return (a === undefined ? 0 : x) - (b === undefined ? 0 : y);
    case '*':
      return x * y;
    case '/':
      return x / y;
    case '%':
      return x % y;
  }
}

function primitive(v: unknown): unknown {
  // Report data is JSON, but the payment link stands in as a symbol: it compares as text.
  return typeof v === 'symbol' ? '\uE01B' : v;
}

/** Evaluates an expression against the report data; never throws for any data. */
export function evaluateAst(ast: Ast, chain: ScopeChain): unknown {
  switch (ast.k) {
    case 'lit':
      return ast.v;
    case 'path': {
      if (ast.segs.length === 0) {
        return chain.list[chain.num];
      }
      const segs = ast.segs.map((s) =>
        typeof s === 'string' ? s : String(primitive(evaluateAst(s, chain))),
      );
      return primitive(lookup(segs, chain));
    }
    case 'un': {
      const a = evaluateAst(ast.a, chain);
      return ast.op === '!' ? !a : ast.op === '-' ? -(a as number) : +(a as number);
    }
    case 'and': {
      const a = evaluateAst(ast.a, chain);
      return a ? evaluateAst(ast.b, chain) : a;
    }
    case 'or': {
      const a = evaluateAst(ast.a, chain);
      return a ? a : evaluateAst(ast.b, chain);
    }
    case 'cond':
      return evaluateAst(ast.c, chain) ? evaluateAst(ast.a, chain) : evaluateAst(ast.b, chain);
    case 'bin':
      return loose(evaluateAst(ast.a, chain), evaluateAst(ast.b, chain), ast.op);
  }
}
