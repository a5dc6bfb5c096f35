/**
 * The compiled fast path, step two (ADR-0005): the HTML template as a tree of
 * static chunks, value slots and sections, and the fill that walks it with
 * report data — docxtemplater's scope rules, mammoth's line-break and
 * escaping behaviour, nothing else.
 * @module
 */

import { RenderFailedError } from '../errors';
import { T } from '../html/markers';
import {
  type EvalContext,
  type Expression,
  evaluateSection,
  evaluateText,
} from '../template/expressions';
import { CompileRefusal } from './compile-refusal';

/** How a section repeats: whole table rows, whole paragraphs, or inline text. */
export type SectionKind = 'row' | 'paragraph' | 'inline';

/** A value slot: the expression and the inline elements around it (closed and reopened at line breaks). */
export interface Slot {
  t: 'v';
  expr: number;
  reopen: string;
  close: string;
}
/** A section: its body repeats per item, once, or never. */
export interface Section {
  t: 's';
  id: number;
  body: Node[];
}
export type Node = string | Slot | Section;
export type Program = Node[];

const INLINE = new Set(['strong', 'em', 'u', 's', 'sub', 'sup', 'span', 'b', 'i']);
const VOID = new Set(['br', 'img', 'hr', 'meta', 'input', 'link', 'col', 'wbr']);
const TOKEN = new RegExp(
  `<(/?)([a-zA-Z][a-zA-Z0-9]*)\\b[^>]*?(/?)>|${T.valueOpen}(\\d+)${T.valueClose}|${T.sectionOpen}(\\d+)${T.close}|${T.sectionEnd}(\\d+)${T.close}`,
  'g',
);

function stripTags(html: string): string {
  return html.replace(/<[^>]*>/g, '');
}

/** Replaces the marker row, paragraph or list item holding `marker` by the bare marker (the boundary). */
function relocate(html: string, marker: string, open: RegExp): string {
  const at = html.indexOf(marker);
  if (at < 0) {
    throw new CompileRefusal('a section marker did not survive conversion');
  }
  let start = -1;
  let name = '';
  for (const m of html.slice(0, at).matchAll(open)) {
    start = m.index;
    name = m[1] ?? '';
  }
  const closeTag = `</${name}>`;
  const endAt = html.indexOf(closeTag, at);
  if (start < 0 || endAt < 0) {
    throw new CompileRefusal('a section boundary could not be located');
  }
  const end = endAt + closeTag.length;
  if (stripTags(html.slice(start, end)) !== marker) {
    throw new CompileRefusal('a section boundary shares its row or paragraph with content');
  }
  return `${html.slice(0, start)}${marker}${html.slice(end)}`;
}

function checkLists(html: string, start: string, end: string): void {
  const s = html.indexOf(start);
  const e = html.indexOf(end);
  const before = html.slice(0, s);
  const body = html.slice(s + start.length, e);
  const after = html.slice(e + end.length);
  if (
    /^<(ul|ol)\b/.test(body) ||
    /<\/(ul|ol)>$/.test(body) ||
    (/<\/(ul|ol)>$/.test(before) && /^<(ul|ol)\b/.test(after))
  ) {
    throw new CompileRefusal('a paragraph loop borders on a list (lists would merge differently)');
  }
}

/**
 * Cuts template HTML into a program.
 * @throws {CompileRefusal} when a section's body is not a balanced piece of HTML.
 */
export function parseProgram(template: string, kinds: SectionKind[]): Program {
  let html = template;
  kinds.forEach((kind, id) => {
    const start = `${T.sectionOpen}${id}${T.close}`;
    const end = `${T.sectionEnd}${id}${T.close}`;
    if (kind === 'row') {
      html = relocate(html, start, /<(tr)\b[^>]*>/g);
      html = relocate(html, end, /<(tr)\b[^>]*>/g);
    } else if (kind === 'paragraph') {
      html = relocate(html, start, /<(p|li)\b[^>]*>/g);
      html = relocate(html, end, /<(p|li)\b[^>]*>/g);
      checkLists(html, start, end);
    }
  });
  const root: Node[] = [];
  const frames: { id: number; nodes: Node[]; depth: number }[] = [];
  const stack: { name: string; open: string }[] = [];
  let nodes = root;
  let last = 0;
  for (const m of html.matchAll(TOKEN)) {
    const [whole, close, name, selfClose, value, open, end] = m;
    if (m.index > last) {
      nodes.push(html.slice(last, m.index));
    }
    last = m.index + whole.length;
    if (name !== undefined) {
      nodes.push(whole);
      const tag = name.toLowerCase();
      if (VOID.has(tag) || selfClose) {
        continue;
      }
      if (!close) {
        stack.push({ name: tag, open: whole });
        continue;
      }
      const top = stack.pop();
      const frame = frames.at(-1);
      if (!top || top.name !== tag || (frame && stack.length < frame.depth)) {
        throw new CompileRefusal('a section does not enclose whole elements');
      }
    } else if (value !== undefined) {
      const wrappers: { name: string; open: string }[] = [];
      for (let i = stack.length - 1; i >= 0; i--) {
        const el = stack[i];
        if (!el || !INLINE.has(el.name)) {
          break;
        }
        wrappers.unshift(el);
      }
      nodes.push({
        t: 'v',
        expr: Number(value),
        reopen: wrappers.map((w) => w.open).join(''),
        close: wrappers
          .map((w) => `</${w.name}>`)
          .reverse()
          .join(''),
      });
    } else if (open !== undefined) {
      const section: Section = { t: 's', id: Number(open), body: [] };
      nodes.push(section);
      frames.push({ id: section.id, nodes: section.body, depth: stack.length });
      nodes = section.body;
    } else if (end !== undefined) {
      const frame = frames.pop();
      if (!frame || frame.id !== Number(end) || stack.length !== frame.depth) {
        throw new CompileRefusal('a section does not enclose whole elements');
      }
      nodes = frames.at(-1)?.nodes ?? root;
    }
  }
  if (last < html.length) {
    nodes.push(html.slice(last));
  }
  if (frames.length > 0) {
    throw new CompileRefusal('a section is not closed in the converted HTML');
  }
  return mergeStrings(root);
}

function mergeStrings(nodes: Node[]): Node[] {
  const out: Node[] = [];
  for (const n of nodes) {
    if (typeof n === 'string' && typeof out.at(-1) === 'string') {
      out[out.length - 1] = `${out.at(-1) as string}${n}`;
    } else if (typeof n === 'object' && n.t === 's') {
      out.push({ ...n, body: mergeStrings(n.body) });
    } else {
      out.push(n);
    }
  }
  return out;
}

/** Text escaping as mammoth → sanitize-html → juice leave it (checked by the differential test). */
function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** What a fill needs from the compiled layout. */
export interface FillTables {
  expressions: Expression[];
  rawTags: string[];
  sections: { expr: Expression; inverted: boolean }[];
}

interface Output {
  parts: string[];
  size: number;
  max: number;
}

function push(out: Output, text: string): void {
  out.size += text.length;
  if (out.size > out.max) {
    throw new RenderFailedError(
      `The email body would be larger than ${out.max} characters (MAX_HTML_BYTES); shorten the data or send the document as an attachment.`,
      [{ path: 'data', message: 'the body is too large', code: 'body_too_large' }],
    );
  }
  out.parts.push(text);
}

/**
 * Fills a program with data, following docxtemplater's scope rules.
 * @throws {RenderFailedError} when the body would exceed `maxChars`.
 */
export function fillProgram(
  program: Program,
  tables: FillTables,
  data: unknown,
  ctx: EvalContext,
  maxChars = Number.POSITIVE_INFINITY,
): string {
  const out: Output = { parts: [], size: 0, max: maxChars };
  run(program, [data], tables, ctx, out);
  return out.parts.join('');
}

function run(
  nodes: Node[],
  scopes: unknown[],
  tables: FillTables,
  ctx: EvalContext,
  out: Output,
): void {
  for (const n of nodes) {
    if (typeof n === 'string') {
      push(out, n);
    } else if (n.t === 'v') {
      const expr = tables.expressions[n.expr] as Expression;
      let text: string | undefined;
      for (let i = scopes.length - 1; i >= 0 && text === undefined; i--) {
        text = evaluateText(expr, scopes[i], ctx, expr.ast ? { list: scopes, num: i } : undefined);
      }
      if (text === undefined) {
        const tag = tables.rawTags[n.expr] ?? expr.source;
        ctx.warn({
          code: 'MISSING_VALUE',
          message: `{${tag}} has no value in the report data; it was left empty.`,
          tag,
        });
        continue;
      }
      if (!text.includes('\n')) {
        push(out, escapeText(text));
        continue;
      }
      const lines = text.split('\n');
      push(out, escapeText(lines[0] ?? ''));
      for (let i = 1; i < lines.length; i++) {
        push(out, `${n.close}<br>${n.reopen}${escapeText(lines[i] ?? '')}`);
      }
    } else {
      const section = tables.sections[n.id] as FillTables['sections'][number];
      let value: unknown;
      for (let i = scopes.length - 1; i >= 0 && value === undefined; i--) {
        value = evaluateSection(
          section.expr,
          scopes[i],
          section.expr.ast ? { list: scopes, num: i } : undefined,
        );
      }
      const current = scopes.at(-1);
      const falsy = !value || (Array.isArray(value) && value.length === 0);
      if (falsy) {
        if (section.inverted) {
          run(n.body, [...scopes, current], tables, ctx, out);
        }
      } else if (section.inverted) {
        // A truthy value hides an inverted section.
      } else if (Array.isArray(value)) {
        for (const item of value) {
          run(n.body, [...scopes, item], tables, ctx, out);
        }
      } else if (Object.prototype.toString.call(value) === '[object Object]') {
        run(n.body, [...scopes, value], tables, ctx, out);
      } else {
        run(n.body, [...scopes, current], tables, ctx, out);
      }
    }
  }
}
