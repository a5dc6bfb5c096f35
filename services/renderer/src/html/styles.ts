/**
 * What a layout's styles say, as CSS: the document defaults and the Normal
 * style (the body's font, size, paragraph spacing and line height), every
 * paragraph and character style resolved through its `basedOn` chain, table
 * styles (borders, first-row formatting) and the theme's fonts. Read once per
 * document by the formatting pass (ADR-0006); the same code reads direct
 * formatting, so a property means the same whether a style or the run sets it.
 * @module
 */

/** CSS declarations by property name, in insertion order. */
export type Css = Map<string, string>;

/** A tab stop in twips from the paragraph's start; `clear` removes an inherited one. */
export interface TabStop {
  pos: number;
  align: 'left' | 'right' | 'center' | 'decimal' | 'clear' | 'bar';
}

/** A paragraph style (or direct paragraph formatting) as CSS. */
export interface ParaFormat {
  /** Paragraph-level CSS (alignment, spacing, indents, borders, shading). */
  para: Css;
  /** Text formatting the style gives every run (colour, size, font, bold…). */
  run: Css;
  tabs: TabStop[];
  numbered: boolean;
}

/** Table-style formatting. */
export interface TableStyle {
  borders: Borders;
  /** Cell CSS of the first row when the table's look asks for it. */
  firstRow: Css | undefined;
}

export type Side = 'top' | 'left' | 'bottom' | 'right' | 'insideH' | 'insideV';
export type Borders = Partial<Record<Side, string>>;

/** Everything the formatting pass needs from styles.xml, theme and settings. */
export interface Styles {
  paragraph: Map<string, ParaFormat>;
  character: Map<string, Css>;
  table: Map<string, TableStyle>;
  /** Style ids that mammoth turns into headings (their CSS is always written out). */
  headings: Set<string>;
  defaultParagraphStyle: string | undefined;
  /** The body's own formatting: document defaults + Normal. */
  base: { para: Css; run: Css };
  defaultTabStop: number;
  theme: ThemeFonts;
}

/** The theme's Latin fonts (`+mj-lt` / `+mn-lt`). */
export interface ThemeFonts {
  major: string | undefined;
  minor: string | undefined;
}

export function attr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(attrs);
  return m?.[1];
}

export function colour(value: string | undefined): string | undefined {
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

/** Metric-compatible fonts: the email names the one mail clients have first. */
const METRIC_TWINS: Record<string, string> = {
  carlito: 'Calibri',
  caladea: 'Cambria',
  'liberation sans': 'Arial',
  'liberation serif': 'Times New Roman',
  'liberation mono': 'Courier New',
  'liberation sans narrow': 'Arial Narrow',
};

/** The layout's font first, its metric twin, then web-safe fallbacks of the same kind. */
export function fontStack(font: string): string | undefined {
  if (!/^[\w .-]{1,64}$/.test(font)) {
    return undefined;
  }
  const twin = METRIC_TWINS[font.toLowerCase()];
  const lower = font.toLowerCase();
  const fallback = /mono|courier|consolas|code/.test(lower)
    ? "'Courier New',monospace"
    : /serif|times|georgia|cambria|caladea|garamond|book|roman|palatino/.test(lower) &&
        !/sans/.test(lower)
      ? "Georgia,'Times New Roman',serif"
      : 'Arial,Helvetica,sans-serif';
  const names = [`'${font}'`, ...(twin ? [`'${twin}'`] : []), ...fallback.split(',')];
  return [...new Set(names)].join(',');
}

function pt(twips: number): string {
  return `${Math.round((twips / 20) * 100) / 100}pt`;
}

function toggle(attrs: string): boolean {
  const v = attr(attrs, 'w:val');
  return v === undefined || !/^(0|false|off|none)$/i.test(v);
}

/** Reads one `w:rPr` body into CSS (including what mammoth would render itself). */
export function readRunCss(
  rPr: string,
  theme: ThemeFonts,
): { css: Css; bold?: boolean; italic?: boolean; style?: string } {
  const css: Css = new Map();
  const out: { css: Css; bold?: boolean; italic?: boolean; style?: string } = { css };
  for (const m of rPr.matchAll(/<w:(\w+)\b([^>]*?)\/?>/g)) {
    const [, name, attrs = ''] = m;
    switch (name) {
      case 'rStyle':
        out.style = attr(attrs, 'w:val');
        break;
      case 'b':
        out.bold = toggle(attrs);
        css.set('font-weight', out.bold ? 'bold' : 'normal');
        break;
      case 'i':
        out.italic = toggle(attrs);
        css.set('font-style', out.italic ? 'italic' : 'normal');
        break;
      case 'caps':
        css.set('text-transform', toggle(attrs) ? 'uppercase' : 'none');
        break;
      case 'smallCaps':
        css.set('font-variant', toggle(attrs) ? 'small-caps' : 'normal');
        break;
      case 'color': {
        const c = colour(attr(attrs, 'w:val'));
        if (c) {
          css.set('color', c);
        }
        break;
      }
      case 'sz': {
        const half = Number(attr(attrs, 'w:val'));
        if (Number.isFinite(half) && half > 0) {
          css.set('font-size', `${half / 2}pt`);
        }
        break;
      }
      case 'rFonts': {
        const themed = attr(attrs, 'w:asciiTheme');
        const font =
          attr(attrs, 'w:ascii') ??
          (themed ? (themed.startsWith('major') ? theme.major : theme.minor) : undefined);
        const stack = font ? fontStack(font) : undefined;
        if (stack) {
          css.set('font-family', stack);
        }
        break;
      }
      case 'highlight': {
        const c = HIGHLIGHT[attr(attrs, 'w:val') ?? ''];
        if (c) {
          css.set('background-color', c);
        }
        break;
      }
      case 'shd': {
        const c = colour(attr(attrs, 'w:fill'));
        if (c) {
          css.set('background-color', c);
        }
        break;
      }
      case 'spacing': {
        const tw = Number(attr(attrs, 'w:val'));
        if (Number.isFinite(tw) && tw !== 0) {
          css.set('letter-spacing', pt(tw));
        }
        break;
      }
      case 'u': {
        const v = attr(attrs, 'w:val');
        css.set('text-decoration', v === 'none' ? 'none' : 'underline');
        break;
      }
      default:
        break;
    }
  }
  return out;
}

/** A border as CSS from a `w:top`/`w:bottom`… element's attributes. */
export function borderCss(attrs: string): string {
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
  return `${val === 'double' ? Math.max(3, px) : px}px ${style} ${colour(attr(attrs, 'w:color')) ?? '#000000'}`;
}

export function readBorders(xml: string): Borders {
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

export function alignCss(jc: string | undefined): string | undefined {
  switch (jc) {
    case 'center':
      return 'center';
    case 'right':
    case 'end':
      return 'right';
    case 'both':
    case 'distribute':
      return 'justify';
    case 'left':
    case 'start':
      return 'left';
    default:
      return undefined;
  }
}

/** Word's "single" line is about 1.15 em in a browser's terms. */
const SINGLE_LINE = 1.15;

/** Reads one `w:pPr` body into paragraph CSS (its own `w:rPr`, the paragraph mark, is not text formatting). */
export function readParaCss(pPrWithMark: string): {
  css: Css;
  tabs: TabStop[];
  numbered: boolean;
  style?: string;
} {
  const pPr = pPrWithMark
    .replace(/<w:rPr>[\s\S]*?<\/w:rPr>/g, '')
    .replace(/<w:sectPr\b[\s\S]*?<\/w:sectPr>/g, '');
  const css: Css = new Map();
  const tabs: TabStop[] = [];
  const out: { css: Css; tabs: TabStop[]; numbered: boolean; style?: string } = {
    css,
    tabs,
    numbered: /<w:numPr>/.test(pPr) && !/<w:numId w:val="0"\/>/.test(pPr),
  };
  const style = /<w:pStyle w:val="([^"]*)"/.exec(pPr)?.[1];
  if (style) {
    out.style = style;
  }
  const jc = alignCss(/<w:jc w:val="([^"]*)"/.exec(pPr)?.[1]);
  if (jc) {
    css.set('text-align', jc);
  }
  const spacing = /<w:spacing\b([^>]*)\/?>/.exec(pPr)?.[1];
  if (spacing) {
    const before = Number(attr(spacing, 'w:before'));
    const after = Number(attr(spacing, 'w:after'));
    if (attr(spacing, 'w:before') !== undefined && Number.isFinite(before)) {
      css.set('margin-top', pt(before));
    }
    if (attr(spacing, 'w:after') !== undefined && Number.isFinite(after)) {
      css.set('margin-bottom', pt(after));
    }
    const line = Number(attr(spacing, 'w:line'));
    if (Number.isFinite(line) && line > 0) {
      const rule = attr(spacing, 'w:lineRule') ?? 'auto';
      css.set(
        'line-height',
        rule === 'auto' ? String(Math.round((line / 240) * SINGLE_LINE * 100) / 100) : pt(line),
      );
    }
  }
  const ind = /<w:ind\b([^>]*)\/?>/.exec(pPr)?.[1];
  if (ind && !out.numbered) {
    const left = Number(attr(ind, 'w:left') ?? attr(ind, 'w:start'));
    const right = Number(attr(ind, 'w:right') ?? attr(ind, 'w:end'));
    const first = Number(attr(ind, 'w:firstLine'));
    const hanging = Number(attr(ind, 'w:hanging'));
    if (Number.isFinite(left)) {
      css.set('margin-left', pt(left));
    }
    if (Number.isFinite(right)) {
      css.set('margin-right', pt(right));
    }
    if (Number.isFinite(hanging) && hanging > 0) {
      css.set('text-indent', pt(-hanging));
    } else if (Number.isFinite(first)) {
      css.set('text-indent', pt(first));
    }
  }
  const pBdr = /<w:pBdr>([\s\S]*?)<\/w:pBdr>/.exec(pPr)?.[1];
  if (pBdr) {
    for (const m of pBdr.matchAll(/<w:(top|left|bottom|right)\b([^>]*)\/?>/g)) {
      const side = m[1] as string;
      const attrs = m[2] ?? '';
      const border = borderCss(attrs);
      css.set(`border-${side}`, border);
      const space = Number(attr(attrs, 'w:space'));
      if (border !== 'none' && Number.isFinite(space) && space > 0) {
        css.set(`padding-${side}`, `${space}pt`);
      }
    }
  }
  const shd = /<w:shd\b([^>]*)\/?>/.exec(pPr)?.[1];
  const fill = shd ? colour(attr(shd, 'w:fill')) : undefined;
  if (fill) {
    css.set('background-color', fill);
  }
  const tabsXml = /<w:tabs>([\s\S]*?)<\/w:tabs>/.exec(pPr)?.[1];
  if (tabsXml) {
    for (const m of tabsXml.matchAll(/<w:tab\b([^>]*)\/?>/g)) {
      const pos = Number(attr(m[1] ?? '', 'w:pos'));
      const val = attr(m[1] ?? '', 'w:val') ?? 'left';
      const align = (val === 'start' ? 'left' : val === 'end' ? 'right' : val) as TabStop['align'];
      if (Number.isFinite(pos)) {
        tabs.push({ pos, align });
      }
    }
  }
  return out;
}

/** Applies a paragraph's tab stops over the inherited ones (`clear` removes one). */
export function mergeTabs(inherited: TabStop[], own: TabStop[]): TabStop[] {
  const out = new Map(inherited.map((t) => [t.pos, t]));
  for (const t of own) {
    if (t.align === 'clear') {
      out.delete(t.pos);
    } else {
      out.set(t.pos, t);
    }
  }
  return [...out.values()].sort((a, b) => a.pos - b.pos);
}

function merge(...maps: (Css | undefined)[]): Css {
  const out: Css = new Map();
  for (const m of maps) {
    for (const [k, v] of m ?? []) {
      out.set(k, v);
    }
  }
  return out;
}

interface RawStyle {
  type: string;
  name: string;
  basedOn?: string;
  pPr: string;
  rPr: string;
  tblBorders?: Borders;
  firstRow?: Css;
}

/** Reads the theme's major and minor Latin fonts. */
export function readTheme(themeXml: string | undefined): ThemeFonts {
  const font = (kind: string) =>
    themeXml
      ? new RegExp(`<a:${kind}Font>\\s*<a:latin typeface="([^"]*)"`).exec(themeXml)?.[1]
      : undefined;
  return { major: font('major') || undefined, minor: font('minor') || undefined };
}

/** Reads styles.xml (and the theme, settings) into CSS per style. */
export function readStyles(
  stylesXml: string | undefined,
  themeXml?: string,
  settingsXml?: string,
): Styles {
  const theme = readTheme(themeXml);
  const raw = new Map<string, RawStyle>();
  let defaultParagraphStyle: string | undefined;
  const xml = stylesXml ?? '';
  for (const m of xml.matchAll(/<w:style\b([^>]*)>([\s\S]*?)<\/w:style>/g)) {
    const attrs = m[1] ?? '';
    const body = m[2] ?? '';
    const id = attr(attrs, 'w:styleId');
    if (!id) {
      continue;
    }
    const type = attr(attrs, 'w:type') ?? '';
    if (type === 'paragraph' && /w:default="(1|true)"/.test(attrs)) {
      defaultParagraphStyle = id;
    }
    const own = body.replace(/<w:tblStylePr\b[\s\S]*?<\/w:tblStylePr>/g, '');
    const entry: RawStyle = {
      type,
      name: /<w:name w:val="([^"]*)"/.exec(body)?.[1] ?? id,
      pPr: /<w:pPr>([\s\S]*?)<\/w:pPr>/.exec(own)?.[1] ?? '',
      rPr: /<w:rPr>([\s\S]*?)<\/w:rPr>/.exec(own)?.[1] ?? '',
    };
    const basedOn = /<w:basedOn w:val="([^"]*)"/.exec(body)?.[1];
    if (basedOn) {
      entry.basedOn = basedOn;
    }
    const tblBorders = /<w:tblBorders>([\s\S]*?)<\/w:tblBorders>/.exec(own)?.[1];
    if (tblBorders) {
      entry.tblBorders = readBorders(tblBorders);
    }
    const first = /<w:tblStylePr w:type="firstRow">([\s\S]*?)<\/w:tblStylePr>/.exec(body)?.[1];
    if (first) {
      const rPr = /<w:rPr>([\s\S]*?)<\/w:rPr>/.exec(first)?.[1] ?? '';
      const fill = colour(
        /<w:tcPr>[\s\S]*?<w:shd\b([^>]*)/.exec(first)?.[1]?.match(/w:fill="([^"]*)"/)?.[1],
      );
      const css = readRunCss(rPr, theme).css;
      if (fill) {
        css.set('background-color', fill);
      }
      entry.firstRow = css;
    }
    raw.set(id, entry);
  }
  defaultParagraphStyle ??= raw.has('Normal') ? 'Normal' : undefined;

  const chain = (id: string): RawStyle[] => {
    const out: RawStyle[] = [];
    let cur: string | undefined = id;
    while (cur && out.length < 12) {
      const s = raw.get(cur);
      if (!s) {
        break;
      }
      out.unshift(s);
      cur = s.basedOn;
    }
    return out;
  };

  const defaults = /<w:docDefaults>([\s\S]*?)<\/w:docDefaults>/.exec(xml)?.[1] ?? '';
  const defaultRun = readRunCss(
    /<w:rPrDefault>[\s\S]*?<w:rPr>([\s\S]*?)<\/w:rPr>/.exec(defaults)?.[1] ?? '',
    theme,
  ).css;
  const defaultPara = readParaCss(
    /<w:pPrDefault>[\s\S]*?<w:pPr>([\s\S]*?)<\/w:pPr>/.exec(defaults)?.[1] ?? '',
  ).css;

  const paragraph = new Map<string, ParaFormat>();
  const character = new Map<string, Css>();
  const table = new Map<string, TableStyle>();
  const headings = new Set<string>();
  for (const [id, s] of raw) {
    const links = chain(id);
    if (s.type === 'paragraph') {
      const parsed = links.map((l) => readParaCss(l.pPr));
      paragraph.set(id, {
        para: merge(defaultPara, ...parsed.map((p) => p.css)),
        run: merge(defaultRun, ...links.map((l) => readRunCss(l.rPr, theme).css)),
        tabs: parsed.reduce<TabStop[]>((acc, p) => mergeTabs(acc, p.tabs), []),
        numbered: parsed.some((p) => p.numbered),
      });
      if (/^(heading [1-6]|title|subtitle)$/i.test(s.name)) {
        headings.add(id);
      }
    } else if (s.type === 'character') {
      character.set(id, merge(...links.map((l) => readRunCss(l.rPr, theme).css)));
    } else if (s.type === 'table') {
      const borders: Borders = Object.assign({}, ...links.map((l) => l.tblBorders ?? {}));
      const firstRow = links.reduce<Css | undefined>(
        (acc, l) => (l.firstRow ? merge(acc, l.firstRow) : acc),
        undefined,
      );
      table.set(id, { borders, firstRow });
    }
  }
  const normal = defaultParagraphStyle ? paragraph.get(defaultParagraphStyle) : undefined;
  const tabStop = Number(/<w:defaultTabStop w:val="(\d+)"/.exec(settingsXml ?? '')?.[1] ?? '720');
  return {
    paragraph,
    character,
    table,
    headings,
    defaultParagraphStyle,
    base: { para: normal?.para ?? defaultPara, run: normal?.run ?? defaultRun },
    defaultTabStop: tabStop > 0 ? tabStop : 720,
    theme,
  };
}

/** The formatting of a paragraph's style (or the default paragraph style). */
export function paragraphStyle(styles: Styles, id: string | undefined): ParaFormat | undefined {
  return (
    styles.paragraph.get(id ?? styles.defaultParagraphStyle ?? '') ??
    (styles.defaultParagraphStyle ? styles.paragraph.get(styles.defaultParagraphStyle) : undefined)
  );
}

/** Declarations of `css` that differ from `base`. */
export function differing(css: Css, base: Css): string[] {
  const out: string[] = [];
  for (const [k, v] of css) {
    if (base.get(k) !== v && !(base.get(k) === undefined && isInitial(k, v))) {
      out.push(`${k}:${v}`);
    }
  }
  return out;
}

const INITIAL: Record<string, string> = {
  'text-align': 'left',
  'margin-left': '0pt',
  'margin-right': '0pt',
  'text-indent': '0pt',
  'font-weight': 'normal',
  'font-style': 'normal',
  'font-variant': 'normal',
  'text-transform': 'none',
  'text-decoration': 'none',
};

function isInitial(prop: string, value: string): boolean {
  return INITIAL[prop] === value || (prop.startsWith('border-') && value === 'none');
}
