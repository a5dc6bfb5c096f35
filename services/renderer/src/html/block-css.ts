/**
 * The CSS of one paragraph, run, table cell or table, from its properties
 * and the layout's styles (ADR-0006), and the stylesheet rules for the body
 * as a whole. Only what differs from what an element inherits is written, so
 * the email stays small.
 * @module
 */
import { type Borders, type Css, readBorders, readParaCss, readRunCss } from './ooxml-props';
import { differing, paragraphStyle, type Styles } from './styles';

/** What the CSS of a table needs: its properties and grid. */
export interface TableProps {
  tblPr: string;
  grid: number[];
}

/** What the CSS of a cell needs: its properties, grid column and whether it is in the first row. */
export interface CellProps {
  tcPr: string;
  column: number;
  firstRow: boolean;
}

const px = (twips: number) => `${Math.round(twips / 15)}px`;

/** Whether a table's style formats its first row and the table's look turns that on. */
export function styledFirstRow(table: TableProps, styles: Styles): boolean {
  return tableStyle(table, styles)?.firstRow !== undefined && firstRowLook(table);
}

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

/** What a paragraph's text gets from its style (and the defaults), for runs to compare with. */
function paragraphRun(paraPPr: string | undefined, styles: Styles): Css {
  const style = paragraphStyle(styles, paraPPr ? readParaCss(paraPPr).style : undefined);
  return style?.run ?? styles.base.run;
}

/** A run's CSS where it differs from what its paragraph gives it (direct bold/italic/underline are mammoth's). */
export function runCss(rPr: string, paraPPr: string | undefined, styles: Styles): string[] {
  const direct = readRunCss(rPr, styles.theme);
  const charStyle = direct.style ? styles.character.get(direct.style) : undefined;
  if (!charStyle && direct.css.size === 0) {
    return [];
  }
  const inherited = paragraphRun(paraPPr, styles);
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

/** A paragraph's CSS where it differs from the Normal style (headings: all of it). */
export function paraCss(pPr: string, styles: Styles): string[] {
  const direct = readParaCss(pPr);
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

function tableStyle(table: TableProps, styles: Styles) {
  return styles.table.get(/<w:tblStyle w:val="([^"]*)"/.exec(table.tblPr)?.[1] ?? '');
}

/** Whether the table's look turns the style's first-row formatting on (Word's default does). */
function firstRowLook(table: TableProps): boolean {
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

function tableBorders(table: TableProps, styles: Styles): Borders {
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

/** A cell's CSS: borders, margins, width, the table style's first row, shading, alignment. */
export function cellCss(cell: CellProps, table: TableProps | undefined, styles: Styles): string[] {
  const out: string[] = [];
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

/** A table's CSS: collapsed borders, width, alignment or indent, outer borders. */
export function tableCss(table: TableProps, styles: Styles): string[] {
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
