/**
 * Makes converted HTML mail-client safe: the shared mail-safe allowlist
 * (`@verzend/shared/mail-html`: no script, event handlers, `javascript:` URLs,
 * external CSS), one document wrapper, and CSS inlined by juice with table
 * attributes for Outlook.
 *
 * The stylesheet uses element, class and descendant selectors only — never
 * position-dependent ones (`:first-child`, `+`, `nth-child`). That keeps inlining
 * independent of how often a row repeats, which the compiled fast path relies on
 * (ADR-0005).
 * @module
 */
import juice from 'juice';
import type { FormatClasses } from './format-pass';

export { sanitize } from '@verzend/shared/mail-html';

/** Placeholder for the document language in the wrapper (filled per render). */
export const LANG_MARK = '\uE01C';

const BASE_CSS = `
body{margin:0;padding:0;font-family:'Segoe UI',Arial,Helvetica,sans-serif;font-size:11pt;line-height:1.4;color:#1f1f1f;background-color:#ffffff}
p{margin:0 0 8px 0}
h1{font-size:20pt;font-weight:600;margin:0 0 12px 0}
h2{font-size:16pt;font-weight:600;margin:0 0 10px 0}
h3{font-size:13pt;font-weight:600;margin:0 0 8px 0}
h4,h5,h6{font-size:11pt;font-weight:600;margin:0 0 8px 0}
table{border-collapse:collapse;mso-table-lspace:0pt;mso-table-rspace:0pt}
td,th{padding:4px 6px;vertical-align:top;text-align:left}
th{font-weight:600}
img{border:0;outline:none;text-decoration:none}
.vzimg{max-width:100%;height:auto}
.vzpagebreak{border:0;border-top:1px dashed #b4b4b4;height:0;margin:18px 0}
a{color:#0563c1}
blockquote{margin:0 0 8px 16px;padding-left:8px;border-left:3px solid #c8c8c8}
`;

/**
 * The stylesheet for a body: base rules, the layout's own defaults (font,
 * size, paragraph spacing — `layoutCss`, later rules win), then the
 * formatting pass's classes.
 */
export function stylesheet(classes: FormatClasses, layoutCss = ''): string {
  const rules = [...classes.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, css]) => `.${name}{${css}}`);
  return `${BASE_CSS}${layoutCss}\n${rules.join('\n')}`;
}

/** Wraps sanitised body HTML into the email document and inlines the CSS. */
export function finishDocument(
  body: string,
  classes: FormatClasses,
  lang: string,
  layoutCss = '',
): string {
  const doc =
    `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<style>${stylesheet(classes, layoutCss)}</style></head><body><div class="vzbody">${body}</div></body></html>`;
  return juice(doc, {
    removeStyleTags: true,
    preserveImportant: true,
    applyAttributesTableElements: true,
    applyWidthAttributes: true,
    applyHeightAttributes: false,
    insertPreservedExtraCss: false,
    preserveMediaQueries: false,
    preserveFontFaces: false,
    preserveKeyFrames: false,
    preservePseudos: false,
  });
}

/** Escapes text for an attribute or element content. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
