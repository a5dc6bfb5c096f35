/**
 * Conformance with docxtemplater's internals (ADR-0016). The renderer reads
 * docxtemplater's parse tree (`compiled[part].postparsed`, loops' `subparsed`),
 * drives nested renders from a module (`render`, `joinUncorrupt`,
 * `scopeManager.createSubScopeManager`), resets its per-render state to fill one
 * parsed template many times, and reads its error properties. None of that is
 * public API: these tests pin it across representative templates, so a
 * docxtemplater upgrade that changes it fails here rather than in production.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Docxtemplater from 'docxtemplater';
import PizZip from 'pizzip';
import { describe, expect, it } from 'vitest';
import { LayoutInvalidError } from '../docx/layout-error';
import { compileLayout } from '../render/compile';
import { DocxFiller } from '../render/docx-fill';
import {
  ExpressionCache,
  loadZip,
  openTemplate,
  renderTemplate,
  type TemplateModule,
  type TemplatePart,
} from './docx-template';

/** The docxtemplater version these tests were written against. */
const TESTED_DOCXTEMPLATER_VERSION = '3.71.0';

const serviceDir = join(import.meta.dirname, '..', '..');
const ctx = () => ({ locale: 'en-US', currency: undefined, warn: () => undefined });

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';

const p = (...runs: string[]) =>
  `<w:p>${runs.map((t) => `<w:r><w:t xml:space="preserve">${t}</w:t></w:r>`).join('')}</w:p>`;
const row = (text: string) => `<w:tr><w:tc>${p(text)}</w:tc></w:tr>`;

/** A minimal .docx whose body is `body` (WordprocessingML). */
function docx(body: string): Uint8Array {
  const z = new PizZip();
  z.file('[Content_Types].xml', CONTENT_TYPES);
  z.file('_rels/.rels', RELS);
  z.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
  );
  return z.generate({ type: 'uint8array', compression: 'DEFLATE' });
}

function open(layout: Uint8Array, modules?: TemplateModule[]): Docxtemplater {
  return openTemplate(loadZip(layout), {
    cache: new ExpressionCache(),
    ctx: ctx(),
    ...(modules ? { modules } : {}),
  });
}

/** The parse tree of the main document, reduced to what the renderer reads. */
interface Shape {
  value: string;
  module?: string;
  inverted?: boolean;
  paragraphLoop?: boolean;
  expandTo?: string;
  firstTag?: string;
  inner?: Shape[];
}
function shape(parts: TemplatePart[]): Shape[] {
  return parts
    .filter((x) => x.type === 'placeholder')
    .map((x) => {
      const s: Shape = { value: x.value };
      if (x.module !== undefined) {
        s.module = x.module;
      }
      if (x.module === 'loop') {
        s.inverted = x.inverted === true;
        s.paragraphLoop = x.paragraphLoop === true;
        const first = x.subparsed?.find((y) => y.type === 'tag') as { tag?: string } | undefined;
        if (first?.tag !== undefined) {
          s.firstTag = first.tag;
        }
        if (x.expandTo !== undefined) {
          s.expandTo = x.expandTo;
        }
        s.inner = shape(x.subparsed ?? []);
      }
      return s;
    });
}
function tree(doc: Docxtemplater): Shape[] {
  const compiled = (doc as unknown as { compiled: Record<string, { postparsed: TemplatePart[] }> })
    .compiled;
  const main = compiled['word/document.xml'];
  expect(main?.postparsed).toBeInstanceOf(Array);
  return shape(main?.postparsed ?? []);
}

/** The first issue of the LayoutInvalidError opening a layout with `body` throws. */
function layoutIssue(body: string) {
  try {
    open(docx(body));
  } catch (err) {
    expect(err).toBeInstanceOf(LayoutInvalidError);
    return (err as LayoutInvalidError).issues[0];
  }
  throw new Error('the layout opened without an error');
}

const text = (bytes: Uint8Array) =>
  new PizZip(bytes)
    .file('word/document.xml')
    ?.asText()
    .replaceAll(/<[^>]+>/g, '') ?? '';

describe('docxtemplater internals the renderer relies on', () => {
  it('runs against the pinned, tested docxtemplater version', () => {
    const read = (path: string) => JSON.parse(readFileSync(join(serviceDir, path), 'utf8'));
    expect(read('package.json').dependencies.docxtemplater).toBe(TESTED_DOCXTEMPLATER_VERSION);
    expect(read('node_modules/docxtemplater/package.json').version).toBe(
      TESTED_DOCXTEMPLATER_VERSION,
    );
  });

  it('keeps value tags, split across runs, as one placeholder', () => {
    const doc = open(docx(p('Invoice {doc', 'ument.no', '} for {customer.name | upper}')));
    expect(tree(doc)).toEqual([{ value: 'document.no' }, { value: 'customer.name | upper' }]);
  });

  it('keeps loops and conditions with their kind, polarity and inner tags', () => {
    const doc = open(
      docx(
        [
          p('{#lines}'),
          p('{description} {amount}'),
          p('{/lines}'),
          `<w:tbl>${row('{#lines}{description}')}${row('{/lines}')}</w:tbl>`,
          `<w:tbl>${row('{#vat}{rate}{/vat}')}</w:tbl>`,
          p('Due {#dueDate}on {dueDate}{/dueDate}{^dueDate}on receipt{/dueDate}'),
        ].join(''),
      ),
    );
    expect(tree(doc)).toEqual([
      {
        value: 'lines',
        module: 'loop',
        inverted: false,
        paragraphLoop: true,
        firstTag: 'w:p',
        inner: [{ value: 'description' }, { value: 'amount' }],
      },
      {
        value: 'lines',
        module: 'loop',
        inverted: false,
        paragraphLoop: false,
        firstTag: 'w:tr',
        inner: [{ value: 'description' }],
      },
      {
        value: 'vat',
        module: 'loop',
        inverted: false,
        paragraphLoop: false,
        inner: [{ value: 'rate' }],
      },
      {
        value: 'dueDate',
        module: 'loop',
        inverted: false,
        paragraphLoop: false,
        inner: [{ value: 'dueDate' }],
      },
      {
        value: 'dueDate',
        module: 'loop',
        inverted: true,
        paragraphLoop: false,
        inner: [],
      },
    ]);
  });

  it("tells the parser a raw XML tag is one (module 'rawxml'), which the renderer refuses", () => {
    expect(layoutIssue(p('{@signature}'))?.message).toContain('raw XML tag');
  });

  it('reports template errors with the properties the renderer reads', () => {
    const issue = layoutIssue(p('Hello {customer.name and {total}'));
    expect(issue).toMatchObject({ code: 'unclosed_tag', file: 'word/document.xml' });
    expect(issue?.tag).toBeDefined();
    expect(issue?.context).toContain('Hello');
  });

  it('gives a module the nested-render options the compiler drives', () => {
    const seen: Record<string, string> = {};
    const probe: TemplateModule = {
      name: 'Probe',
      // Ahead of docxtemplater's own loop module, as the compiler's marker module.
      priority: 1000,
      render(part, options) {
        if (part.module === 'loop') {
          const o = options as Record<string, unknown> & { scopeManager?: object };
          seen.render = typeof o.render;
          seen.joinUncorrupt = typeof o.joinUncorrupt;
          seen.createSubScopeManager = typeof (
            o.scopeManager as { createSubScopeManager?: unknown }
          )?.createSubScopeManager;
        }
        return null;
      },
    };
    renderTemplate(open(docx(p('{#lines}{description}{/lines}')), [probe]), { lines: [] });
    expect(seen).toEqual({
      render: 'function',
      joinUncorrupt: 'function',
      createSubScopeManager: 'function',
    });
  });

  it('compiles a layout with loops through the marker module', async () => {
    const compiled = await compileLayout(
      docx([p('{#lines}'), p('{description}'), p('{/lines}'), p('Total {total}')].join('')),
    );
    expect('refused' in compiled).toBe(false);
    expect('program' in compiled && compiled.sections.map((s) => s.kind)).toEqual(['paragraph']);
  });

  it('keeps the per-render state the filler resets, and renders again after the reset', () => {
    const doc = open(docx(p('{name}')));
    renderTemplate(doc, { name: 'x' });
    const state = doc as unknown as Record<string, unknown>;
    for (const key of ['rendered', 'mapper', 'scopeManagers', 'data']) {
      expect(Object.hasOwn(state, key), key).toBe(true);
    }
    expect(state.rendered).toBe(true);
    expect(Object.keys(state.compiled as object)).toContain('word/document.xml');
    expect(state.xmlDocuments).toBeTypeOf('object');

    const filler = new DocxFiller(docx(p('{#lines}{description};{/lines}')), new ExpressionCache());
    const first = filler.fill({ lines: [{ description: 'Bicycle' }] }, ctx(), null);
    const second = filler.fill(
      { lines: [{ description: 'Chair' }, { description: 'Desk' }] },
      ctx(),
      null,
    );
    expect(text(first)).toBe('Bicycle;');
    expect(text(second)).toBe('Chair;Desk;');
  });
});
