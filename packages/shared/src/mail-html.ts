/**
 * The one mail-safe HTML policy, for rendered bodies (renderer) and composed
 * bodies (dispatcher) alike: a sanitize-html allowlist (no script, event
 * handlers, `javascript:` URLs, external CSS, remote images; inline styles only
 * for text formatting) and the plain-text alternative derived from a body
 * (html-to-text).
 * @module
 */

import { compile } from 'html-to-text';
import sanitizeHtml from 'sanitize-html';

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

const COLOUR = [/^#[0-9a-f]{3,8}$/i, /^rgba?\(\s*[\d.\s,%]+\)$/i, /^[a-z]{3,20}$/i];

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'sub',
    'sup',
    'br',
    'a',
    'ul',
    'ol',
    'li',
    'table',
    'thead',
    'tbody',
    'tfoot',
    'tr',
    'td',
    'th',
    'img',
    'span',
    'div',
    'blockquote',
    'hr',
    'caption',
    'dl',
    'dt',
    'dd',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'id'],
    img: ['src', 'alt', 'width', 'height'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan'],
    li: ['id'],
    '*': ['class', 'style'],
  },
  // Inline styles only for text formatting (what a person composing an email sets: colour, font,
  // size, emphasis, alignment); positioning, backgrounds with URLs and everything else go.
  allowedStyles: {
    '*': {
      color: COLOUR,
      'background-color': COLOUR,
      'font-family': [/^[\w\s,'"-]{1,200}$/],
      'font-size': [/^\d{1,3}(\.\d+)?(px|pt|em|rem|%)$/],
      'font-weight': [/^(bold|normal|\d{3})$/],
      'font-style': [/^(italic|normal)$/],
      'text-decoration': [/^(underline|line-through|none)$/],
      'text-align': [/^(left|right|center|justify)$/],
    },
  },
  allowedClasses: { '*': ['vz*'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['cid'] },
  allowProtocolRelative: false,
  // Images must be our CID attachments; anything else (empty EMF placeholders, remote trackers) goes.
  exclusiveFilter: (frame) => frame.tag === 'img' && !(frame.attribs.src ?? '').startsWith('cid:'),
};

/** Drops everything outside the allowlist. */
export function sanitize(html: string): string {
  return sanitizeHtml(html, SANITIZE);
}
