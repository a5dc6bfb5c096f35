/**
 * Where is offset N? docxtemplater reports a tag's position as an offset into
 * the text of a document part; this index maps it back to the paragraph (and
 * table row) a designer can find in Word.
 * @module
 */

interface Block {
  start: number;
  end: number;
  text: string;
  row: string | undefined;
}

const TOKEN = /<(\/?)(w:p|w:tr|w:tc|w:t)(?:\s[^>]*)?(\/?)>|([^<]+)/g;

function decodeXmlText(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Paragraph text ranges of one part's XML, for {@link contextAt}. */
export class TextIndex {
  readonly #blocks: Block[] = [];

  constructor(xml: string) {
    let offset = 0;
    let inText = false;
    let paragraph: { start: number; parts: string[] } | undefined;
    let row: { cells: string[][] } | undefined;
    const rowBlocks: Block[] = [];
    for (const m of xml.matchAll(TOKEN)) {
      const [, close, name, selfClose, text] = m;
      if (text !== undefined) {
        if (inText) {
          const t = decodeXmlText(text);
          paragraph?.parts.push(t);
          row?.cells.at(-1)?.push(t);
          offset += t.length;
        }
        continue;
      }
      if (name === 'w:t') {
        inText = !close && !selfClose;
      } else if (name === 'w:p' && !selfClose) {
        if (!close) {
          paragraph = { start: offset, parts: [] };
        } else if (paragraph) {
          const block: Block = {
            start: paragraph.start,
            end: offset,
            text: paragraph.parts.join(''),
            row: undefined,
          };
          this.#blocks.push(block);
          if (row) {
            rowBlocks.push(block);
          }
          paragraph = undefined;
        }
      } else if (name === 'w:tr') {
        if (!close) {
          row = { cells: [] };
          rowBlocks.length = 0;
        } else if (row) {
          const rowText = row.cells.map((c) => c.join('').trim()).join(' | ');
          for (const b of rowBlocks) {
            b.row = rowText;
          }
          row = undefined;
        }
      } else if (name === 'w:tc' && !close && row) {
        row.cells.push([]);
      }
    }
  }

  /** The paragraph (or table row) text around a text offset, shortened to ~200 characters. */
  contextAt(offset: number): string | undefined {
    const block =
      this.#blocks.find((b) => offset >= b.start && offset < b.end) ??
      this.#blocks.find((b) => offset >= b.start && offset <= b.end);
    if (!block) {
      return undefined;
    }
    const text = block.row === undefined ? block.text : `table row: ${block.row}`;
    const clean = text.replace(/\s+/g, ' ').trim();
    return clean.length > 200 ? `${clean.slice(0, 197)}…` : clean;
  }
}
