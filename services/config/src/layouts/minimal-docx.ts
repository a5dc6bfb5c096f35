/**
 * Builds small, valid Word documents from paragraphs of text (with
 * docxtemplater `{tags}`): how the built-in layouts are made, so they live in
 * source as text instead of binary files. Entries carry a fixed date, so the
 * same paragraphs always give the same bytes (and the same blob hash).
 * @module
 */
import PizZip from 'pizzip';

const FIXED_DATE = new Date('2026-01-01T00:00:00Z');

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;

const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;

const DOC_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>`;

const escapeXml = (s: string) =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** The `word/document.xml` of a document with one paragraph per string. */
export function documentXml(paragraphs: readonly string[]): string {
  const body = paragraphs
    .map((p) => `<w:p><w:r><w:t xml:space="preserve">${escapeXml(p)}</w:t></w:r></w:p>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}<w:sectPr/></w:body></w:document>`;
}

/** A .docx with the given paragraphs (or raw parts, for tests of broken documents). */
export function minimalDocx(
  paragraphs: readonly string[],
  parts: Record<string, string | Uint8Array> = {},
): Buffer {
  const zip = new PizZip();
  const all: Record<string, string | Uint8Array> = {
    '[Content_Types].xml': CONTENT_TYPES,
    '_rels/.rels': ROOT_RELS,
    'word/_rels/document.xml.rels': DOC_RELS,
    'word/document.xml': documentXml(paragraphs),
    ...parts,
  };
  for (const [name, content] of Object.entries(all)) {
    zip.file(name, content, { date: FIXED_DATE, binary: typeof content !== 'string' });
  }
  return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' });
}
