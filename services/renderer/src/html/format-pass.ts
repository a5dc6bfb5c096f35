/**
 * The formatting pass: what mammoth drops by design but a layout designer
 * expects to see in the email (ADR-0006). It reads the document XML after the
 * fill and, for every run, paragraph, table cell, table and image with such
 * formatting, writes a private-use marker with a class key into the text;
 * after mammoth, `applyFormatMarkers` (format-apply.ts) turns the markers into
 * classes whose CSS juice inlines, and image sizes into attributes.
 *
 * Carried, from direct formatting and from styles (styles.ts): font colour,
 * size, family, bold/italic from styles, small caps, caps, character spacing,
 * highlight and shading of runs; alignment, spacing before/after, line
 * spacing, indents, borders and shading of paragraphs; table width (fixed or
 * percent), alignment, indent, borders, cell margins, the table style's first
 * row; cell widths (own or from the grid), borders, shading, vertical
 * alignment; the size an image has in the layout. Bold, italic, underline,
 * strike set directly, headings, lists, links and images are mammoth's.
 *
 * Class names are hashes of their CSS, so the same formatting gets the same
 * class on both render paths whatever order it appears in.
 * @module
 */
import { createHash } from 'node:crypto';
import { cellCss, paraCss, runCss, styledFirstRow, tableCss } from './block-css';
import { F, T } from './markers';
import type { Styles } from './styles';

export { baseCss, textWidth } from './block-css';
export { applyFormatMarkers } from './format-apply';
export { readStyles } from './styles';

/** CSS per class name, collected by the pass. */
export type FormatClasses = Map<string, string>;

/** What the pass found that the compiler must know (ADR-0005). */
export interface FormatNotes {
  /** Set when formatting depends on a position a loop changes (the fast path then refuses). */
  refusal?: string;
}

const TAG = /<(\/?)([A-Za-z][\w.-]*(?::[\w.-]+)?)((?:\s[^>]*?)?)(\/?)>/g;

function classKey(kind: string, css: string): string {
  return `${kind}${createHash('sha1').update(css).digest('hex').slice(0, 8)}`;
}

interface Insert {
  pos: number;
  order: number;
  text: string;
}

interface Frame {
  name: string;
  parent: Frame | undefined;
}
interface ParaFrame extends Frame {
  insertPos: number;
  hasContent: boolean;
  pPr: string;
}
interface RunFrame extends Frame {
  start: number;
  rPr: string;
  firstText: number;
  lastTextEnd: number;
  para: ParaFrame | undefined;
  image: string | undefined;
}
interface CellFrame extends Frame {
  tcPr: string;
  firstPara: ParaFrame | undefined;
  table: TableFrame | undefined;
  column: number;
  firstRow: boolean;
}
interface TableFrame extends Frame {
  tblPr: string;
  grid: number[];
  firstPara: ParaFrame | undefined;
  rows: number;
  column: number;
  firstRowIsLoop: boolean;
}

function markerRun(text: string): string {
  return `<w:r><w:t xml:space="preserve">${text}</w:t></w:r>`;
}

/** How the compiler's marker row for a row loop starts (render/compile.ts). */
const ROW_LOOP_MARKER = `<w:tr><w:tc><w:p><w:r><w:t xml:space="preserve">${T.sectionOpen}`;

/**
 * Runs the formatting pass over one part's XML (the main document).
 * @returns the XML with markers; `classes` receives the CSS of every class it refers to.
 */
export function markFormatting(
  xml: string,
  styles: Styles,
  classes: FormatClasses,
  notes: FormatNotes = {},
): string {
  const inserts: Insert[] = [];
  let top: Frame | undefined;
  let para: ParaFrame | undefined;
  let run: RunFrame | undefined;
  let cell: CellFrame | undefined;
  let table: TableFrame | undefined;
  let inText = false;
  let textStart = 0;
  let section: { name: string; owner: Frame; start: number } | undefined;

  const register = (kind: string, css: string[]): string => {
    const text = css.join(';');
    const key = classKey(kind, text);
    classes.set(`vz${key}`, text);
    return key;
  };

  for (const m of xml.matchAll(TAG)) {
    const [whole, close, name = '', attrs = '', selfClose] = m;
    const at = m.index;
    const end = at + whole.length;
    if (name.startsWith('?')) {
      continue;
    }
    if (!close) {
      if (name === 'w:t' && !selfClose && run && top === run) {
        inText = true;
        textStart = end;
      }
      if (run && para && /^w:(drawing|pict|br|tab|sym|object)$/.test(name)) {
        para.hasContent = true;
      }
      if (run && name === 'wp:extent' && run.image === undefined) {
        const cx = Number(/\scx="(\d+)"/.exec(attrs)?.[1]);
        const cy = Number(/\scy="(\d+)"/.exec(attrs)?.[1]);
        if (cx > 0 && cy > 0) {
          run.image = `${Math.round(cx / 9525)}x${Math.round(cy / 9525)}`;
        }
      }
      if (name === 'w:gridCol' && table && top === table) {
        table.grid.push(Number(/\sw:w="(\d+)"/.exec(attrs)?.[1] ?? '0'));
      }
      if (selfClose) {
        continue;
      }
      if (name === 'w:p') {
        const f: ParaFrame = { name, parent: top, insertPos: end, hasContent: false, pPr: '' };
        if (top === cell && cell && !cell.firstPara) {
          cell.firstPara = f;
          if (cell.table && !cell.table.firstPara) {
            cell.table.firstPara = f;
          }
        }
        para = f;
        top = f;
      } else if (name === 'w:r') {
        const f: RunFrame = {
          name,
          parent: top,
          start: at,
          rPr: '',
          firstText: -1,
          lastTextEnd: -1,
          para,
          image: undefined,
        };
        run = f;
        top = f;
      } else if (name === 'w:tr' && table && top === table) {
        if (table.rows === 0 && xml.startsWith(ROW_LOOP_MARKER, at)) {
          table.firstRowIsLoop = true;
        }
        table.rows++;
        table.column = 0;
      } else if (name === 'w:tc') {
        const f: CellFrame = {
          name,
          parent: top,
          tcPr: '',
          firstPara: undefined,
          table,
          column: table?.column ?? 0,
          firstRow: table?.rows === 1,
        };
        cell = f;
        top = f;
      } else if (name === 'w:tbl') {
        const f: TableFrame = {
          name,
          parent: top,
          tblPr: '',
          grid: [],
          firstPara: undefined,
          rows: 0,
          column: 0,
          firstRowIsLoop: false,
        };
        table = f;
        top = f;
      } else if (
        !section &&
        ((name === 'w:rPr' && top === run) ||
          (name === 'w:pPr' && top === para) ||
          (name === 'w:tcPr' && top === cell) ||
          (name === 'w:tblPr' && top === table)) &&
        top
      ) {
        section = { name, owner: top, start: end };
      }
      continue;
    }
    // Closing element.
    if (name === 'w:t' && inText) {
      inText = false;
      if (run && at > textStart) {
        if (run.firstText < 0) {
          run.firstText = textStart;
        }
        run.lastTextEnd = at;
        if (run.para) {
          run.para.hasContent = true;
        }
      }
    } else if (section && name === section.name) {
      const body = xml.slice(section.start, at);
      const owner = section.owner;
      if (name === 'w:rPr') {
        (owner as RunFrame).rPr = body;
      } else if (name === 'w:pPr') {
        (owner as ParaFrame).pPr = body;
        (owner as ParaFrame).insertPos = end;
      } else if (name === 'w:tcPr') {
        (owner as CellFrame).tcPr = body;
      } else {
        (owner as TableFrame).tblPr = body;
      }
      section = undefined;
    } else if (name === 'w:r' && run) {
      const css = runCss(run.rPr, run.para?.pPr, styles);
      if (css.length > 0 && run.firstText >= 0) {
        const key = register('r', css);
        inserts.push({ pos: run.firstText, order: 3, text: `${F.runOpen}${key}${F.runSep}` });
        inserts.push({ pos: run.lastTextEnd, order: 3, text: F.runClose });
      }
      if (run.image) {
        inserts.push({
          pos: run.start,
          order: 4,
          text: markerRun(`${F.imageOpen}${run.image}${F.imageSep}`),
        });
      }
      top = run.parent;
      run = undefined;
    } else if (name === 'w:p' && para) {
      const css = paraCss(para.pPr, styles);
      if (css.length > 0 && para.hasContent) {
        const key = register('p', css);
        inserts.push({
          pos: para.insertPos,
          order: 2,
          text: markerRun(`${F.paraOpen}${key}${F.paraSep}`),
        });
      }
      top = para.parent;
      para = nearest<ParaFrame>(top, 'w:p');
    } else if (name === 'w:tc' && cell) {
      const css = cellCss(cell, cell.table, styles);
      if (cell.table) {
        cell.table.column += Number(/<w:gridSpan w:val="(\d+)"/.exec(cell.tcPr)?.[1] ?? '1');
      }
      if (css.length > 0 && cell.firstPara) {
        const key = register('c', css);
        inserts.push({
          pos: cell.firstPara.insertPos,
          order: 1,
          text: markerRun(`${F.cellOpen}${key}${F.cellSep}`),
        });
      }
      top = cell.parent;
      cell = nearest<CellFrame>(top, 'w:tc');
    } else if (name === 'w:tbl' && table) {
      if (table.firstRowIsLoop && styledFirstRow(table, styles)) {
        notes.refusal ??= 'a row loop starts a table whose style formats its first row';
      }
      const css = tableCss(table, styles);
      if (table.firstPara) {
        const key = register('t', css);
        inserts.push({
          pos: table.firstPara.insertPos,
          order: 0,
          text: markerRun(`${F.tableOpen}${key}${F.tableSep}`),
        });
      }
      top = table.parent;
      table = nearest<TableFrame>(top, 'w:tbl');
      cell = nearest<CellFrame>(top, 'w:tc');
    }
  }
  if (inserts.length === 0) {
    return xml;
  }
  inserts.sort((a, b) => a.pos - b.pos || a.order - b.order);
  const out: string[] = [];
  let last = 0;
  for (const ins of inserts) {
    out.push(xml.slice(last, ins.pos), ins.text);
    last = ins.pos;
  }
  out.push(xml.slice(last));
  return out.join('');
}

function nearest<T extends Frame>(from: Frame | undefined, name: string): T | undefined {
  let f = from;
  while (f && f.name !== name) {
    f = f.parent;
  }
  return f as T | undefined;
}
