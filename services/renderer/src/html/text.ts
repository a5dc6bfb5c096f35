/**
 * The plain-text alternative of an email body (html-to-text): tables as
 * aligned text, links with their address, images left out.
 * @module
 */
import { compile } from 'html-to-text';

const toText = compile({
  wordwrap: 100,
  selectors: [
    { selector: 'img', format: 'skip' },
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true, ignoreHref: false } },
    {
      selector: 'table',
      format: 'dataTable',
      options: { uppercaseHeaderCells: false, colSpacing: 3 },
    },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
  ],
});

/** Plain text of an email HTML body. */
export function htmlToText(html: string): string {
  return toText(html).trim();
}
