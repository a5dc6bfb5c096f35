/**
 * The last step of both render paths: what mammoth's own simplification does
 * (drop empty inline and block elements, merge adjacent identical inline
 * elements), applied once more after values are in. On the naive path it only
 * removes paragraphs the formatting markers left empty; on the fast path it
 * also covers empty values and sections spliced out, so both paths agree
 * (ADR-0005).
 * @module
 */

const EMPTY = /<(strong|em|u|s|sub|sup|span|p|h[1-6]|li|ul|ol|blockquote)\b[^>]*><\/\1>/g;
const MERGE = /<\/(strong|em|u|s|sub|sup)><\1>/g;

/** Removes empty elements and merges adjacent identical mammoth inline elements, until stable. */
export function cleanupHtml(html: string): string {
  let out = html;
  for (let i = 0; i < 20; i++) {
    const next = out.replace(EMPTY, '').replace(MERGE, '');
    if (next === out) {
      return out;
    }
    out = next;
  }
  return out;
}
