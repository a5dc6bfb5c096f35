/**
 * Page layout made email layout, on the (filled) document XML before the
 * formatting pass and mammoth see it:
 * - the first-page (or default) **header** goes above the body and the
 *   **footer** below it, with their images; page-number fields and their
 *   labels ("Page 1 of 2") are removed — an email has no pages;
 * - a **page break** becomes a separator paragraph (an `<hr>` in the email);
 * - a paragraph whose text is laid out with **tab stops** ("Subtotal⇥€ 5.896,70"
 *   with a right tab) becomes a one-row table whose cells sit where the stops
 *   are — the one alignment every mail client honours.
 *
 * All of it is structural and comes from the layout, never from report data,
 * so both render paths produce the same HTML (ADR-0005).
 * @module
 */
import type PizZip from 'pizzip';
import { F } from './markers';
import { attr, readParaCss, type TabStop } from './ooxml-props';
import { mergeTabs, paragraphStyle, type Styles } from './styles';

/** Options of {@link prepareLayout}. */
export interface PrepOptions {
  /** Put the layout's header above and footer below the body (default true). */
  headerFooter: boolean;
}

const PAGE_FIELD = /^\s*(PAGE|NUMPAGES|SECTIONPAGES|PAGEREF)\b/i;
const PAGE_LABEL =
  /^[\s\-–—/|:.,·]*(page|pagina|seite|side|sida|strona|página|pag\.?|p\.|of|van|von|de|sur|af|av|z|\/)?[\s\-–—/|:.,·]*$/i;

/** Paragraphs of a part, with the position of each (top level and inside tables alike). */
const PARAGRAPH = /<w:p(?:\s[^>]*)?>[\s\S]*?<\/w:p>/g;

const NESTED = /<w:p[\s>]|<w:txbxContent/;

/**
 * Rewrites the paragraphs `change` returns a different text for. The document
 * is only copied when one changes: a filled document can be tens of megabytes,
 * and a render must stay within its worker's memory (ADR-0006).
 */
function replaceParagraphs(xml: string, change: (p: string) => string): string {
  const parts: string[] = [];
  let last = 0;
  for (const m of xml.matchAll(PARAGRAPH)) {
    // A paragraph holding a text box holds paragraphs itself; the match ends inside it: leave it.
    if (NESTED.test(m[0].slice(4))) {
      continue;
    }
    const next = change(m[0]);
    if (next !== m[0]) {
      parts.push(xml.slice(last, m.index), next);
      last = m.index + m[0].length;
    }
  }
  if (parts.length === 0) {
    return xml;
  }
  parts.push(xml.slice(last));
  return parts.join('');
}

/** Removes page-number fields (complex and simple) and the labels around them. */
export function removePageFields(xml: string): string {
  if (
    !/instrText\b[^>]*>\s*(PAGE|NUMPAGES|SECTIONPAGES)|w:instr="\s*(PAGE|NUMPAGES|SECTIONPAGES)/i.test(
      xml,
    )
  ) {
    return xml;
  }
  return replaceParagraphs(xml, (p) => {
    if (!/PAGE|NUMPAGES/i.test(p)) {
      return p;
    }
    let removed = false;
    let out = p.replace(
      /<w:fldSimple\b([^>]*)>[\s\S]*?<\/w:fldSimple>|<w:fldSimple\b([^>]*)\/>/g,
      (m, a1, a2) => {
        if (PAGE_FIELD.test(attr(a1 ?? a2 ?? '', 'w:instr') ?? '')) {
          removed = true;
          return '';
        }
        return m;
      },
    );
    // Complex fields: begin … instrText … separate … result … end, one run each.
    const runs = [...out.matchAll(/<w:r(?:\s[^>]*)?>[\s\S]*?<\/w:r>|<w:r\/>/g)];
    const drop: [number, number][] = [];
    let begin = -1;
    let depth = 0;
    let instr = '';
    for (const r of runs) {
      const text = r[0];
      if (/<w:fldChar\b[^>]*w:fldCharType="begin"/.test(text)) {
        if (depth === 0) {
          begin = r.index;
          instr = '';
        }
        depth++;
      }
      if (depth > 0) {
        instr += /<w:instrText\b[^>]*>([\s\S]*?)<\/w:instrText>/.exec(text)?.[1] ?? '';
      }
      if (/<w:fldChar\b[^>]*w:fldCharType="end"/.test(text) && depth > 0) {
        depth--;
        if (depth === 0 && PAGE_FIELD.test(instr)) {
          drop.push([begin, r.index + text.length]);
        }
      }
    }
    for (const [s, e] of drop.reverse()) {
      out = `${out.slice(0, s)}${out.slice(e)}`;
      removed = true;
    }
    if (!removed) {
      return p;
    }
    const rest = [...out.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    if (PAGE_LABEL.test(rest) || /^\s*(page|pagina|seite)\s+(of|van|von)\s*$/i.test(rest)) {
      return ''; // Only the labels are left ("Page  of ").
    }
    return out.replace(
      /(<w:t(?:\s[^>]*)?>)([^<]*?)\s*\b(Page|Pagina|Seite)\s*(<\/w:t>)/gi,
      '$1$2$4',
    );
  });
}

const SEPARATOR = `<w:p><w:r><w:t>${F.pageBreak}</w:t></w:r></w:p>`;

/** A page break (`w:br w:type="page"`, "page break before", a section break) becomes a separator paragraph. */
export function markPageBreaks(xml: string): string {
  if (!/w:type="page"|<w:pageBreakBefore|<\/w:sectPr>\s*<\/w:pPr>/.test(xml)) {
    return xml;
  }
  return replaceParagraphs(xml, (p) => {
    const pPr = /^<w:p(?:\s[^>]*)?>\s*<w:pPr>([\s\S]*?)<\/w:pPr>/.exec(p)?.[1] ?? '';
    const before =
      /<w:pageBreakBefore(?:\s+w:val="(?:1|true|on)")?\s*\/>/.test(pPr) ||
      /^[\s\S]*?<w:br\b[^>]*w:type="page"[^>]*\/>/.exec(p)?.[0].search(/<w:t[\s>]/) === -1;
    const brAfter = !before && /<w:br\b[^>]*w:type="page"[^>]*\/>/.test(p);
    const sectionEnd = /<w:sectPr\b/.test(pPr);
    if (!before && !brAfter && !sectionEnd) {
      return p;
    }
    const body = p.replace(/<w:br\b[^>]*w:type="page"[^>]*\/>/g, '');
    return `${before ? SEPARATOR : ''}${body}${brAfter || sectionEnd ? SEPARATOR : ''}`;
  });
}

function relsPath(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

/** Reads the header or footer part a section shows on its first page. */
function partFor(
  sectPr: string,
  kind: 'header' | 'footer',
  rels: Map<string, { target: string; type: string }>,
): string | undefined {
  const refs = new Map<string, string>();
  for (const m of sectPr.matchAll(new RegExp(`<w:${kind}Reference\\b([^>]*)/?>`, 'g'))) {
    const type = attr(m[1] ?? '', 'w:type') ?? 'default';
    const id = attr(m[1] ?? '', 'r:id');
    if (id) {
      refs.set(type, id);
    }
  }
  const titlePage = /<w:titlePg(?:\s+w:val="(?:1|true|on)")?\s*\/>/.test(sectPr);
  const id = (titlePage ? refs.get('first') : undefined) ?? refs.get('default');
  return id ? rels.get(id)?.target : undefined;
}

function readRels(
  xml: string | undefined,
): Map<string, { target: string; type: string; mode?: string }> {
  const out = new Map<string, { target: string; type: string; mode?: string }>();
  for (const m of (xml ?? '').matchAll(/<Relationship\b([^>]*)\/?>/g)) {
    const id = attr(m[1] ?? '', 'Id');
    const target = attr(m[1] ?? '', 'Target');
    if (id && target) {
      const mode = attr(m[1] ?? '', 'TargetMode');
      out.set(id, { target, type: attr(m[1] ?? '', 'Type') ?? '', ...(mode ? { mode } : {}) });
    }
  }
  return out;
}

function inner(partXml: string, root: 'hdr' | 'ftr'): string {
  const open = new RegExp(`<w:${root}\\b[^>]*>`).exec(partXml);
  const close = partXml.lastIndexOf(`</w:${root}>`);
  return open && close > open.index ? partXml.slice(open.index + open[0].length, close) : '';
}

/**
 * Copies a header or footer's content into the main document: its relationships
 * (images, links) are added to the document's under new ids.
 */
function headerFooterContent(
  zip: PizZip,
  main: string,
  target: string,
  root: 'hdr' | 'ftr',
  prefix: string,
  docRels: { xml: string },
): string {
  const dir = main.slice(0, main.lastIndexOf('/') + 1);
  const path = target.startsWith('/') ? target.slice(1) : `${dir}${target}`;
  const xml = zip.file(path)?.asText();
  if (!xml) {
    return '';
  }
  let content = inner(xml, root);
  const rels = readRels(zip.file(relsPath(path))?.asText());
  const added: string[] = [];
  for (const [id, rel] of rels) {
    const newId = `${prefix}${id}`;
    if (!new RegExp(`"${id}"`).test(content)) {
      continue;
    }
    content = content.replace(new RegExp(`(r:(?:id|embed|link|pict)=")${id}"`, 'g'), `$1${newId}"`);
    const mode = rel.mode ? ` TargetMode="${rel.mode}"` : '';
    added.push(`<Relationship Id="${newId}" Type="${rel.type}" Target="${rel.target}"${mode}/>`);
  }
  if (added.length > 0) {
    docRels.xml = docRels.xml.replace('</Relationships>', `${added.join('')}</Relationships>`);
  }
  return content;
}

/**
 * Puts the header above and the footer below the body (in the main document
 * part of `zip`, which is changed), and applies the page-to-email rules.
 */
export function prepareLayout(
  zip: PizZip,
  main: string,
  xml: string,
  styles: Styles,
  opts: PrepOptions,
): string {
  let out = xml;
  if (opts.headerFooter) {
    const relsFile = relsPath(main);
    const docRels = { xml: zip.file(relsFile)?.asText() ?? '' };
    const rels = readRels(docRels.xml);
    const sectPr = /<w:sectPr\b[\s\S]*?<\/w:sectPr>/.exec(out)?.[0] ?? '';
    const header = partFor(sectPr, 'header', rels);
    const footer = partFor(sectPr, 'footer', rels);
    const top = header ? headerFooterContent(zip, main, header, 'hdr', 'vzH', docRels) : '';
    const bottom = footer ? headerFooterContent(zip, main, footer, 'ftr', 'vzF', docRels) : '';
    if (top || bottom) {
      zip.file(relsFile, docRels.xml);
      const bodyOpen = /<w:body>/.exec(out);
      const lastSect = out.lastIndexOf('<w:sectPr');
      const bodyClose = out.lastIndexOf('</w:body>');
      const end = lastSect > (bodyOpen?.index ?? 0) && lastSect < bodyClose ? lastSect : bodyClose;
      if (bodyOpen && end > bodyOpen.index) {
        const at = bodyOpen.index + bodyOpen[0].length;
        out = `${out.slice(0, at)}${top}${out.slice(at, end)}${bottom}${out.slice(end)}`;
      }
    }
  }
  return tabParagraphsToTables(markPageBreaks(removePageFields(out)), styles);
}

/** Children of a paragraph after its properties: runs, hyperlinks, bookmarks… */
const CHILD =
  /<w:(r|hyperlink|fldSimple|ins|del|smartTag|sdt|customXml|moveTo|moveFrom)\b(?:\s[^>]*)?>[\s\S]*?<\/w:\1>|<w:[^>]*\/>/g;

interface Cell {
  runs: string;
  width: number | undefined;
  align: 'left' | 'right' | 'center';
}

/**
 * Splits a paragraph at its tab characters into cells laid out by its tab
 * stops; undefined when it has no explicit stops or a tab sits where it cannot
 * be split (inside a link or a tracked change).
 */
function splitAtTabs(content: string, stops: TabStop[], defaultStop: number): Cell[] | undefined {
  const segments: string[] = [''];
  for (const m of content.matchAll(CHILD)) {
    const child = m[0];
    if (!/<w:tab\s*\/>/.test(child)) {
      segments[segments.length - 1] += child;
      continue;
    }
    if (!child.startsWith('<w:r')) {
      return undefined;
    }
    const open = /^<w:r(?:\s[^>]*)?>/.exec(child)?.[0] ?? '<w:r>';
    const rPr = /^<w:r(?:\s[^>]*)?>\s*(<w:rPr>[\s\S]*?<\/w:rPr>)/.exec(child)?.[1] ?? '';
    const body = child
      .slice(open.length, -'</w:r>'.length)
      .replace(/^\s*<w:rPr>[\s\S]*?<\/w:rPr>/, '');
    const pieces = body.split(/<w:tab\s*\/>/);
    pieces.forEach((piece, i) => {
      if (i > 0) {
        segments.push('');
      }
      if (piece.trim() !== '') {
        segments[segments.length - 1] += `${open}${rPr}${piece}</w:r>`;
      }
    });
  }
  const cells: Cell[] = segments.map((runs) => ({ runs, width: undefined, align: 'left' }));
  // Cell i + 1 starts at (left stop) or ends at (right/decimal/center stop) the i-th tab's stop.
  let start = 0;
  let prev = 0;
  for (let i = 1; i < cells.length; i++) {
    const stop = stops.find((s) => s.pos > prev) ?? {
      pos: (Math.floor(prev / defaultStop) + 1) * defaultStop,
      align: 'left' as const,
    };
    prev = stop.pos;
    const cell = cells[i] as Cell;
    const before = cells[i - 1] as Cell;
    if (stop.align === 'left' || stop.align === 'bar') {
      before.width ??= Math.max(0, stop.pos - start);
      start = stop.pos;
    } else {
      cell.align = stop.align === 'center' ? 'center' : 'right';
      cell.width = undefined;
      start = stop.pos;
      (cell as Cell & { end?: number }).end = stop.pos;
    }
  }
  return cells;
}

function tabTable(pPr: string, cells: Cell[], ends: number): string {
  const keep = pPr
    .replace(/<w:tabs>[\s\S]*?<\/w:tabs>/, '')
    .replace(/<w:pBdr>[\s\S]*?<\/w:pBdr>/, '')
    .replace(/<w:shd\b[^>]*\/>/, '')
    .replace(/<w:jc\b[^>]*\/>/, '')
    .replace(/<w:ind\b[^>]*\/>/, '');
  const pBdr = /<w:pBdr>([\s\S]*?)<\/w:pBdr>/.exec(pPr)?.[1] ?? '';
  const shd = /<w:shd\b[^>]*\/>/.exec(pPr)?.[0] ?? '';
  const side = (name: string) => new RegExp(`<w:${name}\\b[^>]*/>`).exec(pBdr)?.[0] ?? '';
  const grid = cells.map((c) => `<w:gridCol w:w="${c.width ?? 0}"/>`).join('');
  const row = cells
    .map((c, i) => {
      const borders = `${side('top')}${i === 0 ? side('left') : ''}${side('bottom')}${i === cells.length - 1 ? side('right') : ''}`;
      const tcPr =
        (c.width !== undefined
          ? `<w:tcW w:w="${c.width}" w:type="dxa"/>`
          : '<w:tcW w:w="0" w:type="auto"/>') +
        (borders ? `<w:tcBorders>${borders}</w:tcBorders>` : '') +
        shd;
      const jc = c.align === 'left' ? '' : `<w:jc w:val="${c.align}"/>`;
      return `<w:tc><w:tcPr>${tcPr}</w:tcPr><w:p><w:pPr>${keep}${jc}</w:pPr>${c.runs}</w:p></w:tc>`;
    })
    .join('');
  const none =
    '<w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/>';
  const width =
    ends > 0 ? `<w:tblW w:w="${ends}" w:type="dxa"/>` : '<w:tblW w:w="0" w:type="auto"/>';
  return (
    `<w:tbl><w:tblPr>${width}<w:tblBorders>${none}</w:tblBorders>` +
    '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>' +
    `</w:tblPr><w:tblGrid>${grid}</w:tblGrid><w:tr>${row}</w:tr></w:tbl>`
  );
}

/** Paragraphs laid out with explicit tab stops become one-row tables (see the module comment). */
export function tabParagraphsToTables(xml: string, styles: Styles): string {
  if (!/<w:tab\s*\/>/.test(xml)) {
    return xml;
  }
  return replaceParagraphs(xml, (p) => {
    if (!/<w:r\b[^>]*>(?:(?!<\/w:r>)[\s\S])*<w:tab\s*\/>/.test(p)) {
      return p;
    }
    const head = /^<w:p(?:\s[^>]*)?>\s*(?:<w:pPr>([\s\S]*?)<\/w:pPr>)?/.exec(p);
    const pPr = head?.[1] ?? '';
    const direct = readParaCss(pPr);
    const style = paragraphStyle(styles, direct.style);
    if (direct.numbered || style?.numbered) {
      return p;
    }
    const stops = mergeTabs(style?.tabs ?? [], direct.tabs).filter((t) => t.align !== 'clear');
    if (stops.length === 0) {
      return p;
    }
    const content = p.slice(head?.[0].length ?? 0, -'</w:p>'.length);
    const cells = splitAtTabs(content, stops, styles.defaultTabStop);
    if (!cells) {
      return p;
    }
    const ends = Math.max(0, ...cells.map((c) => (c as Cell & { end?: number }).end ?? 0));
    return tabTable(pPr, cells, ends);
  });
}
