/**
 * The HTML side of the formatting pass (ADR-0006): after mammoth, markers the
 * pass wrote into the text become classes on the elements they stand for,
 * image sizes become `width`/`height` attributes, and page-break paragraphs
 * become separators. A marker that did not land where expected is removed,
 * never shown.
 * @module
 */
import { F } from './markers';

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
// The size marker sits just before the image, perhaps with a link or format span opened between.
const IMAGE = new RegExp(
  `${F.imageOpen}(\\d{1,5})x(\\d{1,5})${F.imageSep}((?:<(?:a|span|strong|em|u|s)\\b[^>]*>)*)<img\\b`,
  'g',
);
const PAGE_BREAK = new RegExp(`<p\\b[^>]*>${F.pageBreak}</p>`, 'g');
const STRAY = new RegExp(
  `[${F.paraOpen}${F.cellOpen}${F.tableOpen}][0-9a-z]*[${F.paraSep}${F.cellSep}${F.tableSep}]|${F.imageOpen}[0-9x]*${F.imageSep}|[${F.runOpen}${F.runSep}${F.runClose}${F.pageBreak}]`,
  'g',
);

/** Turns formatting markers in mammoth's HTML into classes (markers that landed elsewhere are dropped). */
export function applyFormatMarkers(html: string): string {
  if (!/[\uE010-\uE01A\uE01D]/.test(html)) {
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
    .replace(
      IMAGE,
      (_m, w: string, h: string, between: string) =>
        `${between}<img width="${w}" height="${h}" class="vzimg"`,
    )
    .replace(PAGE_BREAK, '<hr class="vzpagebreak">')
    .replace(STRAY, '');
}
