/**
 * HTML composed by a person (the console's editor, an integrator's call) is
 * cleaned before it is stored: an allowlist of mail-safe tags, inline styles
 * limited to text formatting, and only http(s)/mailto/tel links and
 * http(s)/cid/data images — no script, event handlers, frames, forms or
 * `javascript:` URLs. Rendered layouts are cleaned by the renderer instead.
 * @module
 */
import { MAIL_SAFE_TAGS } from '@verzend/shared/mail-html';
import sanitizeHtml from 'sanitize-html';

const COLOUR = [/^#[0-9a-f]{3,8}$/i, /^rgba?\(\s*[\d.\s,%]+\)$/i, /^[a-z]{3,20}$/i];
const SIZE = [/^\d{1,3}(\.\d+)?(px|pt|em|rem|%)$/];

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [...MAIL_SAFE_TAGS, 'code', 'pre', 'mark', 'font'],
  allowedAttributes: {
    a: ['href', 'title', 'target', 'rel'],
    img: ['src', 'alt', 'width', 'height'],
    td: ['colspan', 'rowspan', 'align', 'valign'],
    th: ['colspan', 'rowspan', 'align', 'valign'],
    table: ['border', 'cellpadding', 'cellspacing', 'width'],
    font: ['color', 'face', 'size'],
    '*': ['style'],
  },
  allowedStyles: {
    '*': {
      color: COLOUR,
      'background-color': COLOUR,
      'font-family': [/^[\w\s,'"-]{1,200}$/],
      'font-size': SIZE,
      'font-weight': [/^(bold|normal|\d{3})$/],
      'font-style': [/^(italic|normal)$/],
      'text-decoration': [/^(underline|line-through|none)$/],
      'text-align': [/^(left|right|center|justify)$/],
      'line-height': [/^\d{1,2}(\.\d+)?(px|em|%)?$/],
    },
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['http', 'https', 'cid', 'data'] },
  allowProtocolRelative: false,
};

/** The composed HTML with everything outside the allowlist removed. */
export function cleanComposedHtml(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}
