/**
 * What runs before LibreOffice sees a document: the same size and zip-bomb
 * checks as for layouts (every part really inflated under a budget), and
 * removal of everything that could make LibreOffice reach outside — external
 * relationships other than hyperlinks (linked images, attached templates,
 * frames, sub-documents) and the field codes that include or link other files.
 * Hyperlinks stay: they are printed as links, never fetched.
 * @module
 */
import PizZip from 'pizzip';
import { type DocxLimits, inspectDocx } from '../docx/open';

const HYPERLINK_TYPE =
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink';
const RELATIONSHIP = /<Relationship\b[^>]*\/>|<Relationship\b[^>]*>[\s\S]*?<\/Relationship>/g;
/** Field codes that pull in other files or programs; replaced by a field that only shows text. */
const FETCHING_FIELDS = /\b(INCLUDEPICTURE|INCLUDETEXT|INCLUDE|LINK|DDEAUTO|DDE|IMPORT)\b/g;
const FIELD_INSTRUCTION = /(<w:instrText\b[^>]*>)([^<]*)(<\/w:instrText>)|(\bw:instr=")([^"]*)(")/g;

/** What {@link prepareForPrinting} changed (for logs and tests). */
export interface PrintGuardReport {
  removedRelationships: number;
  neutralisedFields: number;
}

function stripExternal(rels: string): { xml: string; removed: number } {
  let removed = 0;
  const xml = rels.replace(RELATIONSHIP, (rel) => {
    if (!/TargetMode\s*=\s*"External"/.test(rel)) {
      return rel;
    }
    const type = /\bType\s*=\s*"([^"]*)"/.exec(rel)?.[1] ?? '';
    if (type === HYPERLINK_TYPE) {
      return rel;
    }
    removed++;
    return '';
  });
  return { xml, removed };
}

function neutraliseFields(xml: string): { xml: string; count: number } {
  let count = 0;
  const out = xml.replace(
    FIELD_INSTRUCTION,
    (match, open, text, close, attrOpen, attrText, attrClose) => {
      const instruction: string = text ?? attrText ?? '';
      if (!FETCHING_FIELDS.test(instruction)) {
        FETCHING_FIELDS.lastIndex = 0;
        return match;
      }
      FETCHING_FIELDS.lastIndex = 0;
      count++;
      const safe = instruction.replace(FETCHING_FIELDS, 'QUOTE');
      return open !== undefined ? `${open}${safe}${close}` : `${attrOpen}${safe}${attrClose}`;
    },
  );
  return { xml: out, count };
}

/**
 * Checks a filled .docx and returns the bytes LibreOffice may open.
 * @throws {LayoutInvalidError} (422) when the document is too large, a zip bomb, or not a .docx.
 */
export function prepareForPrinting(
  docx: Uint8Array,
  limits: DocxLimits,
): { docx: Uint8Array; report: PrintGuardReport } {
  const names = inspectDocx(docx, limits);
  const report: PrintGuardReport = { removedRelationships: 0, neutralisedFields: 0 };
  const zip = new PizZip(docx);
  let changed = false;
  for (const name of names) {
    if (name.endsWith('.rels')) {
      const { xml, removed } = stripExternal(zip.file(name)?.asText() ?? '');
      if (removed > 0) {
        zip.file(name, xml);
        report.removedRelationships += removed;
        changed = true;
      }
    } else if (/^word\/[^/]+\.xml$/.test(name)) {
      const text = zip.file(name)?.asText() ?? '';
      if (text.includes('instr')) {
        const { xml, count } = neutraliseFields(text);
        if (count > 0) {
          zip.file(name, xml);
          report.neutralisedFields += count;
          changed = true;
        }
      }
    }
  }
  if (!changed) {
    return { docx, report };
  }
  return { docx: zip.generate({ type: 'uint8array', compression: 'DEFLATE' }), report };
}
