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
import { F, T } from './markers';
import {
  type Borders,
  type Css,
  differing,
  paragraphStyle,
  readBorders,
  readParaCss,
  readRunCss,
  type Styles,
} from './styles';

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

const px = (twips: number) => `${Math.round(twips / 15)}px`;

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

/** The text width of the layout's page (page width less margins), in twips; undefined if not set. */
export function textWidth(documentXml: string): number | undefined {
  const sectPr = /<w:sectPr\b[\s\S]*?<\/w:sectPr>/.exec(documentXml)?.[0] ?? '';
  const page = Number(/<w:pgSz\b[^>]*\sw:w="(\d+)"/.exec(sectPr)?.[1]);
  const left = Number(/<w:pgMar\b[^>]*\sw:(?:left|start)="(\d+)"/.exec(sectPr)?.[1] ?? '0');
  const right = Number(/<w:pgMar\b[^>]*\sw:(?:right|end)="(\d+)"/.exec(sectPr)?.[1] ?? '0');
  const width = page - left - right;
  return Number.isFinite(width) && width > 1440 ? width : undefined;
}

/**
 * The CSS stylesheet rules for the body as a whole: the layout's font, size,
 * spacing, and a column as wide as the page's text (`max-width`, so a phone
 * still narrows it).
 */
export function baseCss(styles: Styles, widthTwips?: number): string {
  const run = styles.base.run;
  const para = styles.base.para;
  const text = ['font-family', 'font-size', 'color']
    .filter((k) => run.has(k))
    .map((k) => `${k}:${run.get(k)}`)
    .join(';');
  const body = [
    ...(widthTwips ? [`max-width:${px(widthTwips)}`] : []),
    `line-height:${para.get('line-height') ?? '1.15'}`,
  ].join(';');
  // Outlook's Word engine does not inherit fonts into tables: cells repeat them.
  return (
    `.vzbody{${body}}\n${text ? `.vzbody,.vzbody td,.vzbody th{${text}}\n` : ''}` +
    `p{margin:${marginShorthand(para, new Map())}}`
  );
}

/** `margin` as one shorthand: the paragraph's own sides, else `fallback`'s, else 0. */
function marginShorthand(css: Css, fallback: Css): string {
  const side = (s: string) => {
    const v = css.get(`margin-${s}`) ?? fallback.get(`margin-${s}`) ?? '0';
    return v === '0pt' ? '0' : v;
  };
  return shorthand(side('top'), side('right'), side('bottom'), side('left'));
}

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
      const css = runCss(run, styles);
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
      const css = paraCss(para, styles);
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
      const css = cellCss(cell, styles);
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
      if (table.firstRowIsLoop && tableStyle(table, styles)?.firstRow && firstRowLook(table)) {
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

/** What a paragraph's text gets from its style (and the defaults), for runs to compare with. */
function paragraphRun(para: ParaFrame | undefined, styles: Styles): Css {
  const style = paragraphStyle(styles, para ? readParaCss(para.pPr).style : undefined);
  return style?.run ?? styles.base.run;
}

function runCss(run: RunFrame, styles: Styles): string[] {
  const direct = readRunCss(run.rPr, styles.theme);
  const charStyle = direct.style ? styles.character.get(direct.style) : undefined;
  if (!charStyle && direct.css.size === 0) {
    return [];
  }
  const inherited = paragraphRun(run.para, styles);
  const out: string[] = [];
  const effective = new Map([...(charStyle ?? []), ...direct.css]);
  for (const [k, v] of effective) {
    // Direct bold, italic and underline are mammoth's <strong>, <em> and <u>.
    if (
      (k === 'font-weight' && direct.bold === true) ||
      (k === 'font-style' && direct.italic === true) ||
      (k === 'text-decoration' && direct.css.has(k))
    ) {
      continue;
    }
    const was = inherited.get(k);
    if (was === v || (was === undefined && /^(normal|none)$/.test(v))) {
      continue;
    }
    out.push(`${k}:${v}`);
  }
  return out;
}

function paraCss(para: ParaFrame, styles: Styles): string[] {
  const direct = readParaCss(para.pPr);
  const style = paragraphStyle(styles, direct.style);
  const id = direct.style ?? styles.defaultParagraphStyle ?? '';
  const full = new Map([...(style?.para ?? []), ...direct.css]);
  const runs = style?.run ?? styles.base.run;
  if (direct.numbered || style?.numbered) {
    // List items keep the list's own spacing and indentation.
    for (const k of ['margin-top', 'margin-bottom', 'margin-left', 'margin-right', 'text-indent']) {
      full.delete(k);
    }
  }
  const heading = styles.headings.has(id);
  const changed = MARGINS.some(
    (k) => full.has(k) && (heading || full.get(k) !== (styles.base.para.get(k) ?? '0pt')),
  );
  const rest = new Map([...full].filter(([k]) => !MARGINS.includes(k)));
  const out = heading
    ? // A heading's look comes from the stylesheet's h1–h6 unless its style says otherwise: write it all.
      [...rest, ...runs]
        .filter(([k, v]) => !(k === 'text-align' && v === 'left'))
        .map(([k, v]) => `${k}:${v}`)
    : [...differing(rest, styles.base.para), ...differing(runs, styles.base.run)];
  if (changed) {
    out.unshift(`margin:${marginShorthand(full, heading ? new Map() : styles.base.para)}`);
  }
  return out;
}

const MARGINS = ['margin-top', 'margin-right', 'margin-bottom', 'margin-left'];

/** Four sides as one CSS shorthand (`4px`, `4px 6px`, …). */
function shorthand(t: string, r: string, b: string, l: string): string {
  if (l !== r) {
    return `${t} ${r} ${b} ${l}`;
  }
  if (t !== b) {
    return `${t} ${r} ${b}`;
  }
  return t === r ? t : `${t} ${r}`;
}

function tableStyle(table: TableFrame, styles: Styles) {
  return styles.table.get(/<w:tblStyle w:val="([^"]*)"/.exec(table.tblPr)?.[1] ?? '');
}

/** Whether the table's look turns the style's first-row formatting on (Word's default does). */
function firstRowLook(table: TableFrame): boolean {
  const look = /<w:tblLook\b([^>]*)\/?>/.exec(table.tblPr)?.[1];
  if (!look) {
    return true;
  }
  const first = /w:firstRow="([^"]*)"/.exec(look)?.[1];
  if (first !== undefined) {
    return /^(1|true|on)$/.test(first);
  }
  const val = Number.parseInt(/w:val="([0-9A-Fa-f]+)"/.exec(look)?.[1] ?? '0', 16);
  return (val & 0x20) !== 0;
}

function tableBorders(table: TableFrame, styles: Styles): Borders {
  const own = /<w:tblBorders>([\s\S]*?)<\/w:tblBorders>/.exec(table.tblPr)?.[1];
  return { ...tableStyle(table, styles)?.borders, ...(own ? readBorders(own) : {}) };
}

/** Cell margins as `padding` (sides the layout leaves open keep the stylesheet's default). */
function margins(xml: string | undefined): string[] {
  if (!xml) {
    return [];
  }
  const sides = (['top', 'right', 'bottom', 'left'] as const).map((side) => {
    const alt = side === 'left' ? 'start' : side === 'right' ? 'end' : side;
    const m = new RegExp(`<w:(?:${side}|${alt})\\b[^>]*w:w="(\\d+)"`).exec(xml);
    return m ? px(Number(m[1])) : undefined;
  });
  if (sides.every((v) => v === undefined)) {
    return [];
  }
  const [t, r, b, l] = sides.map((v, i) => v ?? (i % 2 === 0 ? '4px' : '6px')) as [
    string,
    string,
    string,
    string,
  ];
  return [`padding:${shorthand(t, r, b, l)}`];
}

function cellCss(cell: CellFrame, styles: Styles): string[] {
  const out: string[] = [];
  const table = cell.table;
  const ownBorders = /<w:tcBorders>([\s\S]*?)<\/w:tcBorders>/.exec(cell.tcPr)?.[1];
  if (ownBorders) {
    out.push(...sideCss(readBorders(ownBorders)));
  } else if (table) {
    out.push(...uniformCellBorders(tableBorders(table, styles)));
  }
  const tcMar = /<w:tcMar>([\s\S]*?)<\/w:tcMar>/.exec(cell.tcPr)?.[1];
  const tblMar = table
    ? /<w:tblCellMar>([\s\S]*?)<\/w:tblCellMar>/.exec(table.tblPr)?.[1]
    : undefined;
  out.push(...margins(tcMar ?? tblMar));
  const tcW = /<w:tcW\b([^>]*)\/?>/.exec(cell.tcPr)?.[1];
  const span = Number(/<w:gridSpan w:val="(\d+)"/.exec(cell.tcPr)?.[1] ?? '1');
  const fromGrid = table?.grid.slice(cell.column, cell.column + span).reduce((a, b) => a + b, 0);
  if (tcW && /w:type="dxa"/.test(tcW) && Number(/w:w="(\d+)"/.exec(tcW)?.[1]) > 0) {
    out.push(`width:${px(Number(/w:w="(\d+)"/.exec(tcW)?.[1]))}`);
  } else if (tcW && /w:type="pct"/.test(tcW)) {
    const raw = /w:w="([^"]*)"/.exec(tcW)?.[1] ?? '';
    const pct = raw.endsWith('%') ? Number(raw.slice(0, -1)) : Number(raw) / 50;
    if (pct > 0) {
      out.push(`width:${Math.min(100, Math.round(pct))}%`);
    }
  } else if (fromGrid && fromGrid > 0 && !(tcW && /w:type="auto"/.test(tcW))) {
    out.push(`width:${px(fromGrid)}`);
  }
  const first =
    table && cell.firstRow && firstRowLook(table) ? tableStyle(table, styles)?.firstRow : undefined;
  for (const [k, v] of first ?? []) {
    out.push(`${k}:${v}`);
  }
  const fill = /<w:shd\b[^>]*w:fill="([0-9A-Fa-f]{6})"/.exec(cell.tcPr)?.[1];
  if (fill) {
    out.push(`background-color:#${fill.toLowerCase()}`);
  }
  const v = /<w:vAlign w:val="(\w+)"/.exec(cell.tcPr)?.[1];
  if (v === 'center' || v === 'bottom' || v === 'top') {
    out.push(`vertical-align:${v === 'center' ? 'middle' : v}`);
  }
  return out;
}

function tableCss(table: TableFrame, styles: Styles): string[] {
  const css = ['border-collapse:collapse'];
  const tblW = /<w:tblW\b([^>]*)\/?>/.exec(table.tblPr)?.[1] ?? '';
  const w = /w:w="([^"]*)"/.exec(tblW)?.[1] ?? '';
  if (/w:type="pct"/.test(tblW)) {
    const pct = w.endsWith('%') ? Number(w.slice(0, -1)) : Number(w) / 50;
    if (Number.isFinite(pct) && pct > 0) {
      css.push(`width:${Math.min(100, Math.round(pct))}%`);
    }
  } else if (/w:type="dxa"/.test(tblW) && Number(w) > 0) {
    css.push(`width:${px(Number(w))}`, 'max-width:100%');
  } else if (table.grid.length > 0 && /<w:tblLayout w:type="fixed"/.test(table.tblPr)) {
    css.push(`width:${px(table.grid.reduce((a, b) => a + b, 0))}`, 'max-width:100%');
  }
  const jc = /<w:jc w:val="(\w+)"/.exec(table.tblPr)?.[1];
  if (jc === 'center') {
    css.push('margin-left:auto', 'margin-right:auto');
  } else if (jc === 'right' || jc === 'end') {
    css.push('margin-left:auto', 'margin-right:0');
  } else {
    const ind = Number(/<w:tblInd w:w="(-?\d+)" w:type="dxa"/.exec(table.tblPr)?.[1] ?? '0');
    if (ind > 15) {
      css.push(`margin-left:${px(ind)}`);
    }
  }
  const b = tableBorders(table, styles);
  css.push(
    ...sideCss({
      ...(b.top ? { top: b.top } : {}),
      ...(b.right ? { right: b.right } : {}),
      ...(b.bottom ? { bottom: b.bottom } : {}),
      ...(b.left ? { left: b.left } : {}),
    }).filter((c) => !c.endsWith(':none')),
  );
  return css;
}

function sideCss(b: Borders): string[] {
  const out: string[] = [];
  for (const side of ['top', 'right', 'bottom', 'left'] as const) {
    if (b[side]) {
      out.push(`border-${side}:${b[side]}`);
    }
  }
  return out;
}

/**
 * Every cell gets the same borders (inside borders when the table has them,
 * else its outer ones), so a repeated row looks the same wherever it lands.
 */
function uniformCellBorders(b: Borders): string[] {
  const h = b.insideH ?? b.top ?? b.bottom;
  const v = b.insideV ?? b.left ?? b.right;
  const out: string[] = [];
  if (h && h !== 'none') {
    out.push(`border-top:${h}`, `border-bottom:${h}`);
  }
  if (v && v !== 'none') {
    out.push(`border-left:${v}`, `border-right:${v}`);
  }
  return out;
}
