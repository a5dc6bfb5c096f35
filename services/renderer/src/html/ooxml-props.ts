/**
 * WordprocessingML properties as CSS: one `w:rPr` (run) or `w:pPr`
 * (paragraph) body read into CSS declarations, borders, alignment and the
 * font stack a mail client gets for a layout's font. The same readers serve
 * direct formatting and styles (styles.ts), so a property means the same
 * wherever it is set.
 * @module
 */

/** CSS declarations by property name, in insertion order. */
export type Css = Map<string, string>;

/** A tab stop in twips from the paragraph's start; `clear` removes an inherited one. */
export interface TabStop {
  pos: number;
  align: 'left' | 'right' | 'center' | 'decimal' | 'clear' | 'bar';
}

export type Side = 'top' | 'left' | 'bottom' | 'right' | 'insideH' | 'insideV';
export type Borders = Partial<Record<Side, string>>;

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
  const fallback = /\b(mono|monospace|courier|consolas|code)\b/.test(lower)
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
