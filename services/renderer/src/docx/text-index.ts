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
  /** The text of the table cell the paragraph is in. */
  cell: string[] | undefined;
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
            cell: row?.cells.at(-1),
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

  #blockAt(offset: number): Block | undefined {
    return (
      this.#blocks.find((b) => offset >= b.start && offset < b.end) ??
      this.#blocks.find((b) => offset >= b.start && offset <= b.end)
    );
  }

  /**
   * Where a text offset is, as a designer finds it in Word: the paragraph's
   * text, or in a table `table cell: <cell text> — row: <a | b | c>`;
   * shortened to ~200 characters.
   */
  contextAt(offset: number): string | undefined {
    const block = this.#blockAt(offset);
    if (!block) {
      return undefined;
    }
    if (block.row === undefined) {
      return shorten(block.text, 200);
    }
    const cell = shorten((block.cell ?? [block.text]).join(''), 100);
    return `table cell: ${cell} — row: ${shorten(block.row, 200 - cell.length)}`;
  }

  /** The text from `offset` to the end of its paragraph (an unclosed tag as typed). */
  restOfParagraph(offset: number): string | undefined {
    const block = this.#blockAt(offset);
    return block ? block.text.slice(offset - block.start) : undefined;
  }
}

function shorten(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, Math.max(10, max - 3))}…` : clean;
}
