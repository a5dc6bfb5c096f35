/**
 * The formatting pass: what mammoth drops by design but a layout designer
 * expects to see in the email (ADR-0006). It reads the document XML after the
 * fill and, for every run, paragraph, table cell and table with such
 * formatting, writes a private-use marker with a class key into the text; after
 * mammoth, {@link applyFormatMarkers} turns the markers into classes whose CSS
 * juice inlines.
 *
 * Carried: font colour, size, family, highlight and run shading; paragraph
 * alignment (direct or from the paragraph style); table width, alignment and
 * borders (direct or from the table style); cell borders, shading and vertical
 * alignment. Bold, italic, underline, strike, headings, lists, links and images
 * are mammoth's (with our style map).
 *
 * Class names are hashes of their CSS, so the same formatting gets the same
 * class on both render paths whatever order it appears in.
 * @module
 */
import { createHash } from 'node:crypto';
import { F } from './markers';

/** CSS per class name, collected by the pass. */
export type FormatClasses = Map<string, string>;

interface Styles {
  paragraphAlign: Map<string, string>;
  tableBorders: Map<string, Borders>;
}

type Side = 'top' | 'left' | 'bottom' | 'right' | 'insideH' | 'insideV';
type Borders = Partial<Record<Side, string>>;

const TAG = /<(\/?)([A-Za-z][\w.-]*(?::[\w.-]+)?)((?:\s[^>]*?)?)(\/?)>/g;

function attr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(attrs);
  return m?.[1];
}

function classKey(kind: string, css: string): string {
  return `${kind}${createHash('sha1').update(css).digest('hex').slice(0, 8)}`;
}

function colour(value: string | undefined): string | undefined {
  return value && /^[0-9A-Fa-f]{6}$/.test(value) ? `#${value.toLowerCase()}` : undefined;
}

const HIGHLIGHT: Record<string, string> = {
  yellow: '#ffff00',
  green: '#00ff00',
  cyan: '#00ffff',
  magenta: '#ff00ff',
  blue: '#0000ff',
  red: '#ff0000',
  darkBlue: '#000080',
  darkCyan: '#008080',
  darkGreen: '#008000',
  darkMagenta: '#800080',
  darkRed: '#800000',
  darkYellow: '#808000',
  darkGray: '#808080',
  lightGray: '#c0c0c0',
  black: '#000000',
  white: '#ffffff',
};

function borderCss(attrs: string): string {
  const val = attr(attrs, 'w:val');
  if (!val || val === 'nil' || val === 'none') {
    return 'none';
  }
  const eighths = Number(attr(attrs, 'w:sz') ?? '4');
  const px = Math.max(1, Math.round((eighths / 8) * (96 / 72)));
  const style =
    val === 'dotted'
      ? 'dotted'
      : val === 'dashed'
        ? 'dashed'
        : val === 'double'
          ? 'double'
          : 'solid';
  return `${px}px ${style} ${colour(attr(attrs, 'w:color')) ?? '#000000'}`;
}

function readBorders(xml: string): Borders {
  const out: Borders = {};
  for (const m of xml.matchAll(
    /<w:(top|left|start|bottom|right|end|insideH|insideV)\b([^>]*)\/?>/g,
  )) {
    const raw = m[1] ?? '';
    const side = (raw === 'start' ? 'left' : raw === 'end' ? 'right' : raw) as Side;
    out[side] = borderCss(m[2] ?? '');
  }
  return out;
}

function alignCss(jc: string | undefined): string | undefined {
  switch (jc) {
    case 'center':
      return 'center';
    case 'right':
    case 'end':
      return 'right';
    case 'both':
    case 'distribute':
      return 'justify';
    default:
      return undefined;
  }
}

/** Reads paragraph-style alignment and table-style borders from styles.xml (following basedOn). */
export function readStyles(stylesXml: string | undefined): Styles {
  const paragraphAlign = new Map<string, string>();
  const tableBorders = new Map<string, Borders>();
  if (!stylesXml) {
    return { paragraphAlign, tableBorders };
  }
  const raw = new Map<string, { type: string; basedOn?: string; jc?: string; borders?: Borders }>();
  for (const m of stylesXml.matchAll(/<w:style\b([^>]*)>([\s\S]*?)<\/w:style>/g)) {
    const attrs = m[1] ?? '';
    const body = m[2] ?? '';
    const id = attr(attrs, 'w:styleId');
    const type = attr(attrs, 'w:type') ?? '';
    if (!id) {
      continue;
    }
    const entry: { type: string; basedOn?: string; jc?: string; borders?: Borders } = { type };
    const based = /<w:basedOn w:val="([^"]*)"/.exec(body)?.[1];
    if (based) {
      entry.basedOn = based;
    }
    const pPr = /<w:pPr>([\s\S]*?)<\/w:pPr>/.exec(body)?.[1];
    const jc = pPr ? /<w:jc w:val="([^"]*)"/.exec(pPr)?.[1] : undefined;
    if (jc) {
      entry.jc = jc;
    }
    const tblBorders = /<w:tblBorders>([\s\S]*?)<\/w:tblBorders>/.exec(body)?.[1];
    if (tblBorders) {
      entry.borders = readBorders(tblBorders);
    }
    raw.set(id, entry);
  }
  const resolve = <K extends 'jc' | 'borders'>(id: string, key: K, depth = 0): unknown => {
    const e = raw.get(id);
    if (!e || depth > 10) {
      return undefined;
    }
    return e[key] ?? (e.basedOn ? resolve(e.basedOn, key, depth + 1) : undefined);
  };
  for (const [id, e] of raw) {
    if (e.type === 'paragraph') {
      const a = alignCss(resolve(id, 'jc') as string | undefined);
      if (a) {
        paragraphAlign.set(id, a);
      }
    } else if (e.type === 'table') {
      const b = resolve(id, 'borders') as Borders | undefined;
      if (b) {
        tableBorders.set(id, b);
      }
    }
  }
  return { paragraphAlign, tableBorders };
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
  align: string | undefined;
  styleAlign: string | undefined;
}
interface RunFrame extends Frame {
  css: string[];
  firstText: number;
  lastTextEnd: number;
  para: ParaFrame | undefined;
}
interface CellFrame extends Frame {
  css: string[];
  firstPara: ParaFrame | undefined;
  table: TableFrame | undefined;
}
interface TableFrame extends Frame {
  borders: Borders;
  css: string[];
  firstPara: ParaFrame | undefined;
}

function markerRun(text: string): string {
  return `<w:r><w:t xml:space="preserve">${text}</w:t></w:r>`;
}

/**
 * Runs the formatting pass over one part's XML (the main document).
 * @returns the XML with markers, and the CSS of every class it refers to.
 */
export function markFormatting(xml: string, styles: Styles, classes: FormatClasses): string {
  const inserts: Insert[] = [];
  let top: Frame | undefined;
  let para: ParaFrame | undefined;
  let run: RunFrame | undefined;
  let cell: CellFrame | undefined;
  let table: TableFrame | undefined;
  let inText = false;
  let textStart = 0;
  let section: 'rPr' | 'pPr' | 'tcPr' | 'tblPr' | undefined;
  let sectionOwner: Frame | undefined;
  let bordersStart = -1;

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
      // Opening (or empty) element.
      if (section && sectionOwner) {
        readProperty(name, attrs, section, sectionOwner, styles);
        if ((name === 'w:tcBorders' || name === 'w:tblBorders') && !selfClose) {
          bordersStart = end;
        }
      }
      if (name === 'w:t' && !selfClose && run && top === run) {
        inText = true;
        textStart = end;
      }
      if (
        run &&
        (name === 'w:drawing' ||
          name === 'w:pict' ||
          name === 'w:br' ||
          name === 'w:tab' ||
          name === 'w:sym' ||
          name === 'w:object') &&
        para
      ) {
        para.hasContent = true;
      }
      if (selfClose) {
        continue;
      }
      if (name === 'w:p') {
        const f: ParaFrame = {
          name,
          parent: top,
          insertPos: end,
          hasContent: false,
          align: undefined,
          styleAlign: undefined,
        };
        if (top === cell && cell && !cell.firstPara) {
          cell.firstPara = f;
          if (cell.table && !cell.table.firstPara) {
            cell.table.firstPara = f;
          }
        }
        para = f;
        top = f;
      } else if (name === 'w:r') {
        const f: RunFrame = { name, parent: top, css: [], firstText: -1, lastTextEnd: -1, para };
        run = f;
        top = f;
      } else if (name === 'w:tc') {
        const f: CellFrame = { name, parent: top, css: [], firstPara: undefined, table };
        cell = f;
        top = f;
      } else if (name === 'w:tbl') {
        const f: TableFrame = { name, parent: top, borders: {}, css: [], firstPara: undefined };
        table = f;
        top = f;
      } else if (
        (name === 'w:rPr' && top === run) ||
        (name === 'w:pPr' && top === para) ||
        (name === 'w:tcPr' && top === cell) ||
        (name === 'w:tblPr' && top === table)
      ) {
        section = name.slice(2) as typeof section;
        sectionOwner = top;
      }
      continue;
    }
    // Closing element.
    if (name === 'w:t' && inText) {
      inText = false;
      if (end > textStart && run && at > textStart) {
        if (run.firstText < 0) {
          run.firstText = textStart;
        }
        run.lastTextEnd = at;
        if (run.para) {
          run.para.hasContent = true;
        }
      }
    } else if (
      (name === 'w:tcBorders' || name === 'w:tblBorders') &&
      bordersStart >= 0 &&
      sectionOwner
    ) {
      const borders = readBorders(xml.slice(bordersStart, at));
      if (name === 'w:tblBorders') {
        (sectionOwner as TableFrame).borders = {
          ...(sectionOwner as TableFrame).borders,
          ...borders,
        };
      } else {
        (sectionOwner as CellFrame).css.push(...cellBorderCss(borders));
      }
      bordersStart = -1;
    } else if (section && name === `w:${section}`) {
      if (section === 'pPr' && para && top === para) {
        para.insertPos = end;
      }
      section = undefined;
      sectionOwner = undefined;
    } else if (name === 'w:r' && run) {
      if (run.css.length > 0 && run.firstText >= 0) {
        const key = register('r', run.css);
        inserts.push({ pos: run.firstText, order: 3, text: `${F.runOpen}${key}${F.runSep}` });
        inserts.push({ pos: run.lastTextEnd, order: 3, text: F.runClose });
      }
      top = run.parent;
      run = undefined;
    } else if (name === 'w:p' && para) {
      const align = para.align ?? para.styleAlign;
      if (align && para.hasContent) {
        const key = register('p', [`text-align:${align}`]);
        inserts.push({
          pos: para.insertPos,
          order: 2,
          text: markerRun(`${F.paraOpen}${key}${F.paraSep}`),
        });
      }
      top = para.parent;
      para = nearest<ParaFrame>(top, 'w:p');
    } else if (name === 'w:tc' && cell) {
      const tableCss = cell.table ? uniformCellBorders(cell.table.borders) : [];
      const hasOwnBorders = cell.css.some((c) => c.startsWith('border'));
      const css = [...(hasOwnBorders ? [] : tableCss), ...cell.css];
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
      const css = ['border-collapse:collapse', ...table.css, ...outerBorders(table.borders)];
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

function cellBorderCss(b: Borders): string[] {
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

function outerBorders(b: Borders): string[] {
  return cellBorderCss({
    ...(b.top ? { top: b.top } : {}),
    ...(b.right ? { right: b.right } : {}),
    ...(b.bottom ? { bottom: b.bottom } : {}),
    ...(b.left ? { left: b.left } : {}),
  }).filter((c) => !c.endsWith(':none'));
}

function readProperty(
  name: string,
  attrs: string,
  section: string,
  owner: Frame,
  styles: Styles,
): void {
  if (section === 'rPr') {
    const r = owner as RunFrame;
    switch (name) {
      case 'w:color': {
        const c = colour(attr(attrs, 'w:val'));
        if (c) {
          r.css.push(`color:${c}`);
        }
        break;
      }
      case 'w:sz': {
        const half = Number(attr(attrs, 'w:val'));
        if (Number.isFinite(half) && half > 0) {
          r.css.push(`font-size:${half / 2}pt`);
        }
        break;
      }
      case 'w:rFonts': {
        const font = attr(attrs, 'w:ascii');
        if (font && /^[\w .-]{1,64}$/.test(font)) {
          r.css.push(`font-family:'${font}',Arial,sans-serif`);
        }
        break;
      }
      case 'w:highlight': {
        const c = HIGHLIGHT[attr(attrs, 'w:val') ?? ''];
        if (c) {
          r.css.push(`background-color:${c}`);
        }
        break;
      }
      case 'w:shd': {
        const c = colour(attr(attrs, 'w:fill'));
        if (c) {
          r.css.push(`background-color:${c}`);
        }
        break;
      }
      default:
        break;
    }
  } else if (section === 'pPr') {
    const p = owner as ParaFrame;
    if (name === 'w:jc') {
      p.align = alignCss(attr(attrs, 'w:val'));
    } else if (name === 'w:pStyle') {
      p.styleAlign = styles.paragraphAlign.get(attr(attrs, 'w:val') ?? '');
    }
  } else if (section === 'tcPr') {
    const c = owner as CellFrame;
    if (name === 'w:shd') {
      const fill = colour(attr(attrs, 'w:fill'));
      if (fill) {
        c.css.push(`background-color:${fill}`);
      }
    } else if (name === 'w:vAlign') {
      const v = attr(attrs, 'w:val');
      if (v === 'center' || v === 'bottom' || v === 'top') {
        c.css.push(`vertical-align:${v === 'center' ? 'middle' : v}`);
      }
    }
  } else if (section === 'tblPr') {
    const t = owner as TableFrame;
    if (name === 'w:tblStyle') {
      t.borders = { ...styles.tableBorders.get(attr(attrs, 'w:val') ?? ''), ...t.borders };
    } else if (name === 'w:tblW' && attr(attrs, 'w:type') === 'pct') {
      const raw = attr(attrs, 'w:w') ?? '';
      const pct = raw.endsWith('%') ? Number(raw.slice(0, -1)) : Number(raw) / 50;
      if (Number.isFinite(pct) && pct > 0) {
        t.css.push(`width:${Math.min(100, Math.round(pct))}%`);
      }
    }
  }
}

function addClass(openTag: string, cls: string): string {
  const m = /\sclass="([^"]*)"/.exec(openTag);
  if (m) {
    return openTag.replace(m[0], ` class="${m[1]} ${cls}"`);
  }
  return openTag.replace(/(\/?)>$/, ` class="${cls}"$1>`);
}

const TABLE_MARK = new RegExp(
  `(<table\\b[^>]*>)((?:<(?:thead|tbody|tr|td|th|p|h[1-6])\\b[^>]*>)*)${F.tableOpen}([0-9a-z]+)${F.tableSep}`,
  'g',
);
const CELL_MARK = new RegExp(
  `(<(?:td|th)\\b[^>]*>)((?:<(?:p|h[1-6])\\b[^>]*>)*)${F.cellOpen}([0-9a-z]+)${F.cellSep}`,
  'g',
);
const PARA_MARK = new RegExp(
  `(<(?:p|h[1-6]|li)\\b[^>]*>)${F.paraOpen}([0-9a-z]+)${F.paraSep}`,
  'g',
);
const RUN_OPEN = new RegExp(`${F.runOpen}([0-9a-z]+)${F.runSep}`, 'g');
const STRAY = new RegExp(
  `[${F.paraOpen}${F.cellOpen}${F.tableOpen}][0-9a-z]*[${F.paraSep}${F.cellSep}${F.tableSep}]|[${F.runOpen}${F.runSep}${F.runClose}]`,
  'g',
);

/** Turns formatting markers in mammoth's HTML into classes (markers that landed elsewhere are dropped). */
export function applyFormatMarkers(html: string): string {
  if (!/[\uE010-\uE018]/.test(html)) {
    return html;
  }
  return html
    .replace(
      TABLE_MARK,
      (_m, open: string, between: string, key: string) => `${addClass(open, `vz${key}`)}${between}`,
    )
    .replace(
      CELL_MARK,
      (_m, open: string, between: string, key: string) => `${addClass(open, `vz${key}`)}${between}`,
    )
    .replace(PARA_MARK, (_m, open: string, key: string) => addClass(open, `vz${key}`))
    .replace(RUN_OPEN, (_m, key: string) => `<span class="vz${key}">`)
    .replaceAll(F.runClose, '</span>')
    .replace(STRAY, '');
}
