/**
 * The compiled fast path, step one (ADR-0005): a layout is turned once, per
 * content hash, into an HTML template that keeps the tags' loop structure.
 *
 * docxtemplater renders the layout with a marker module: every value tag
 * becomes a value marker, every section is rendered exactly once between a
 * start and an end marker — marker rows for table-row loops, marker paragraphs
 * for paragraph loops, inline markers otherwise. That document then goes
 * through the very same conversion as the naive path (formatting pass, mammoth,
 * sanitize, juice). The markers are located in the result, section boundaries
 * are moved to the row or paragraph edges they stand for, and the HTML is cut
 * into a {@link Program}. Anything the compiler cannot prove exact (unbalanced
 * sections, lists split by a section, a marker that did not survive
 * conversion) makes it refuse, and the layout is rendered on the naive path.
 * @module
 */
import type { RenderedImage } from '../html/convert';
import type { FormatNotes } from '../html/format-pass';
import { T } from '../html/markers';
import {
  docxParser,
  ExpressionCache,
  loadZip,
  openTemplate,
  type TemplateModule,
  type TemplatePart,
} from '../template/docx-template';
import type { Expression } from '../template/expressions';
import { CompileRefusal } from './compile-refusal';
import type { DocxFiller } from './docx-fill';
import { type BodyOptions, zipToHtml } from './naive';
import { type Program, parseProgram, type SectionKind } from './program';
import { Warnings } from './warnings';

/** A layout compiled into a fillable HTML template. */
export interface CompiledLayout {
  program: Program;
  expressions: Expression[];
  /** Tag texts as written (for warnings worded as on the naive path). */
  rawTags: string[];
  sections: { expr: Expression; inverted: boolean; kind: SectionKind }[];
  images: RenderedImage[];
  /** Conversion warnings (the same for every render of this layout). */
  conversionWarnings: Warnings['list'];
  /**
   * Value tags of a header or footer the body leaves out: docxtemplater still fills them
   * (first), so their warnings are raised before the fill, as on the naive path.
   */
  hiddenTags: string[];
  cache: ExpressionCache;
  /** The parsed template for the filled .docx, made on the first attachment render. */
  docx?: DocxFiller;
}

/** Why a layout stays on the naive path. */
export interface NotCompiled {
  refused: string;
  cache: ExpressionCache;
}

const markerText = (text: string) => `<w:r><w:t xml:space="preserve">${text}</w:t></w:r>`;
const markerRow = (text: string) => `<w:tr><w:tc><w:p>${markerText(text)}</w:p></w:tc></w:tr>`;
const markerParagraph = (text: string, pPr = '') => `<w:p>${pPr}${markerText(text)}</w:p>`;

const PPR = /^<w:p(?:\s[^>]*)?>\s*(<w:pPr>[\s\S]*?<\/w:pPr>)/;

/**
 * The list properties of a paragraph loop's first or last paragraph: a marker
 * paragraph with the same numbering lands in the same HTML list as the items
 * it brackets (mammoth groups consecutive list paragraphs), so a loop over list
 * items stays on the fast path.
 */
function listPPr(body: string, which: 'first' | 'last'): string {
  const trimmed = body.trim();
  if (which === 'first' ? !trimmed.startsWith('<w:p') : !trimmed.endsWith('</w:p>')) {
    return '';
  }
  const at =
    which === 'first' ? 0 : Math.max(trimmed.lastIndexOf('<w:p>'), trimmed.lastIndexOf('<w:p '));
  const pPr = PPR.exec(trimmed.slice(at))?.[1] ?? '';
  return pPr.includes('<w:numPr>') ? pPr : '';
}

/** The part of docxtemplater's render options the marker module uses. */
interface DocxRenderOptions {
  render(o: unknown): { parts: string[]; errors: unknown[] };
  joinUncorrupt(parts: string[], o: unknown): string | string[];
  scopeManager: {
    createSubScopeManager(
      scope: unknown,
      tag: string,
      i: number,
      part: unknown,
      length: number,
    ): unknown;
  };
}

function firstTag(parts: TemplatePart[] | undefined): string | undefined {
  const p = parts?.find((x) => x.type === 'tag') as (TemplatePart & { tag?: string }) | undefined;
  return p?.tag;
}

/**
 * Compiles a layout (already checked by `inspectDocx`).
 * @throws {LayoutInvalidError} when the layout has template errors (same as the naive path).
 */
export async function compileLayout(
  layout: Uint8Array,
  body: BodyOptions = { headerFooter: true },
): Promise<CompiledLayout | NotCompiled> {
  const cache = new ExpressionCache();
  const expressions: Expression[] = [];
  const exprIds = new Map<string, number>();
  const rawTags: string[] = [];
  const sections: CompiledLayout['sections'] = [];
  const warnings = new Warnings();
  const ctx = { locale: 'en-US', currency: undefined, warn: () => undefined };
  const exprId = (tag: string) => {
    let id = exprIds.get(tag);
    if (id === undefined) {
      id = expressions.length;
      expressions.push(cache.get(tag));
      rawTags.push(tag.trim());
      exprIds.set(tag, id);
    }
    return id;
  };
  let refused: string | undefined;
  const validate = docxParser(cache, ctx);

  const markerModule: TemplateModule = {
    name: 'VerzendCompileMarkers',
    priority: 1000,
    render(part, options) {
      if (part.module !== 'loop') {
        return null;
      }
      const o = options as DocxRenderOptions;
      const id = sections.length;
      const kind: SectionKind = part.paragraphLoop
        ? 'paragraph'
        : firstTag(part.subparsed) === 'w:tr'
          ? 'row'
          : 'inline';
      if (part.expandTo && part.expandTo !== 'auto' && kind === 'inline') {
        refused ??= `section {${part.value}} expands to ${part.expandTo}`;
      }
      sections.push({ expr: cache.get(part.value), inverted: part.inverted === true, kind });
      const sub = o.render({
        ...(options as object),
        compiled: part.subparsed,
        tags: {},
        scopeManager: o.scopeManager.createSubScopeManager({}, part.value, 0, part, 1),
      });
      const joined = o.joinUncorrupt(sub.parts, { ...(options as object), basePart: part });
      const body = Array.isArray(joined) ? joined.join('') : joined;
      const start = `${T.sectionOpen}${id}${T.close}`;
      const end = `${T.sectionEnd}${id}${T.close}`;
      const value =
        kind === 'row'
          ? `${markerRow(start)}${body}${markerRow(end)}`
          : kind === 'paragraph'
            ? `${markerParagraph(start, listPPr(body, 'first'))}${body}${markerParagraph(end, listPPr(body, 'last'))}`
            : `${start}${body}${end}`;
      return { value, errors: sub.errors };
    },
  };

  const zip = loadZip(layout);
  const doc = openTemplate(zip, {
    cache,
    ctx,
    modules: [markerModule],
    parser: (tag, meta) => {
      // Validate exactly as the naive path does, so both report the same layout errors.
      validate(tag, meta);
      const marker =
        meta?.tag?.module === 'loop' ? undefined : `${T.valueOpen}${exprId(tag)}${T.valueClose}`;
      return { get: () => marker };
    },
    nullGetter: () => '',
  });
  doc.render({});
  if (refused) {
    return { refused, cache };
  }
  const hidden = body.headerFooter ? { tags: [] } : hiddenValueTags(doc);
  if ('refused' in hidden) {
    return { refused: hidden.refused, cache };
  }
  const images = new Map<string, RenderedImage>();
  const notes: FormatNotes = {};
  const html = await zipToHtml(doc.getZip() as never, images, warnings, body, notes);
  if (notes.refusal) {
    return { refused: notes.refusal, cache };
  }
  try {
    const program = parseProgram(
      html,
      sections.map((s) => s.kind),
    );
    return {
      program,
      expressions,
      rawTags,
      sections,
      images: [...images.values()],
      conversionWarnings: warnings.list,
      hiddenTags: hidden.tags,
      cache,
    };
  } catch (err) {
    if (err instanceof CompileRefusal) {
      return { refused: err.message, cache };
    }
    throw err;
  }
}

interface ParsedPart {
  type: string;
  value: string;
  module?: string;
}

/**
 * The value tags of the header and footer parts, in docxtemplater's render
 * order; a section there (rare) is refused, since its scopes would have to be
 * replayed without output.
 */
function hiddenValueTags(doc: unknown): { tags: string[] } | { refused: string } {
  const compiled = (doc as { compiled?: Record<string, { postparsed: ParsedPart[] }> }).compiled;
  const tags: string[] = [];
  for (const [file, part] of Object.entries(compiled ?? {})) {
    if (!/(^|\/)(header|footer)\d*\.xml$/.test(file)) {
      continue;
    }
    for (const p of part.postparsed) {
      if (p.type !== 'placeholder') {
        continue;
      }
      if (p.module) {
        return { refused: 'a header or footer left out of the body has a section' };
      }
      tags.push(p.value);
    }
  }
  return { tags };
}
