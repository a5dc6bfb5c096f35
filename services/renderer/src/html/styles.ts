/**
 * What a layout's styles say, as CSS: the document defaults and the Normal
 * style (the body's font, size, paragraph spacing and line height), every
 * paragraph and character style resolved through its `basedOn` chain, table
 * styles (borders, first-row formatting) and the theme's fonts. Read once per
 * document by the formatting pass (ADR-0006); the same code reads direct
 * formatting, so a property means the same whether a style or the run sets it.
 * @module
 */

import {
  attr,
  type Borders,
  type Css,
  colour,
  readBorders,
  readParaCss,
  readRunCss,
  type TabStop,
  type ThemeFonts,
} from './ooxml-props';

export type { Borders, Css, TabStop, ThemeFonts };

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
