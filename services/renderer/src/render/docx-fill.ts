/**
 * The filled Word document on the fast path: the layout is read and parsed by
 * docxtemplater once per content hash, and each email only renders the parsed
 * template with its data and writes the zip. Parsing the XML parts is most of
 * a docxtemplater render, so this keeps the attachment exactly as docxtemplater
 * makes it (same engine, same options, same output) for a fraction of the cost.
 *
 * docxtemplater refuses to render one instance twice and keeps per-render state
 * (the data, the scope managers built from it, the rendered flag); that state
 * is reset before each render. The parser and the null-getter read the
 * per-render evaluation context through one mutable holder. A render that fails
 * leaves the instance in an unknown state, so it is thrown away and rebuilt.
 * The differential test (`test/renderer/docx-fast.test.ts`) holds this equal to
 * a fresh docxtemplater render for every fixture.
 * @module
 */
import type Docxtemplater from 'docxtemplater';
import type PizZip from 'pizzip';
import { escapeHtml } from '../html/finish';
import { PAYMENT_LINK_MARK } from '../html/markers';
import {
  type ExpressionCache,
  loadZip,
  openTemplate,
  renderTemplate,
} from '../template/docx-template';
import type { EvalContext } from '../template/expressions';
import { dirEntry, writeZip, type ZipEntry, zipEntry } from './docx-write';
import { mainDocumentPath } from './naive';

/** The state docxtemplater keeps between construction and render (3.x internals). */
interface RenderState {
  rendered: boolean;
  mapper: unknown;
  scopeManagers: Record<string, unknown>;
  data: unknown;
  compiled: Record<string, unknown>;
  xmlDocuments: Record<string, unknown>;
}

/** A layout's parsed docxtemplater template, filled once per email. */
export class DocxFiller {
  readonly #layout: Uint8Array;
  readonly #cache: ExpressionCache;
  /** What the parser and null-getter see; its fields are the current render's. */
  readonly #ctx: EvalContext = { locale: 'en-US', currency: undefined, warn: () => undefined };
  #doc: Docxtemplater | undefined;
  readonly #original: Map<string, ZipEntry>;

  /** @param layout a .docx that passed `inspectDocx` and compiled. */
  constructor(layout: Uint8Array, cache: ExpressionCache) {
    this.#layout = layout;
    this.#cache = cache;
    this.#original = originalEntries(layout);
  }

  #open(): Docxtemplater {
    if (!this.#doc) {
      this.#doc = openTemplate(loadZip(this.#layout), { cache: this.#cache, ctx: this.#ctx });
    }
    return this.#doc;
  }

  /**
   * Fills the layout with `data` and returns the .docx bytes; the payment link
   * marker in the main document becomes the URL text (as {@link attachmentDocx}).
   * @throws {LayoutInvalidError} for render-time template errors (as a fresh render would).
   */
  fill(data: Record<string, unknown>, ctx: EvalContext, link: string | null): Uint8Array {
    const doc = this.#open();
    const state = doc as unknown as RenderState;
    state.rendered = false;
    state.mapper = undefined;
    state.scopeManagers = {};
    state.data = undefined;
    this.#ctx.locale = ctx.locale;
    this.#ctx.currency = ctx.currency;
    this.#ctx.warn = ctx.warn;
    try {
      renderTemplate(doc, data);
    } catch (err) {
      this.#doc = undefined;
      throw err;
    } finally {
      this.#ctx.warn = () => undefined;
    }
    const zip = doc.getZip() as PizZip;
    // What a render writes: the templated parts and the XML documents docxtemplater keeps parsed.
    const written = new Set([...Object.keys(state.compiled), ...Object.keys(state.xmlDocuments)]);
    const main = mainDocumentPath(zip);
    const entries: ZipEntry[] = [];
    for (const f of Object.values(zip.files)) {
      if (f.dir) {
        entries.push(dirEntry(f.name, f.date));
        continue;
      }
      const unchanged = !written.has(f.name) && this.#original.get(f.name);
      if (unchanged) {
        entries.push(unchanged);
        continue;
      }
      let content = f.asText();
      if (f.name === main && content.includes(PAYMENT_LINK_MARK)) {
        content = content.replaceAll(PAYMENT_LINK_MARK, escapeHtml(link ?? ''));
      }
      entries.push(zipEntry(f.name, content, f.date));
    }
    return writeZip(entries);
  }
}

/** The layout's parts compressed once (reused for every part a render leaves alone). */
function originalEntries(layout: Uint8Array): Map<string, ZipEntry> {
  const out = new Map<string, ZipEntry>();
  for (const f of Object.values(loadZip(layout).files)) {
    if (!f.dir) {
      out.set(f.name, zipEntry(f.name, f.asUint8Array(), f.date));
    }
  }
  return out;
}
