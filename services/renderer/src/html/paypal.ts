/**
 * The PayPal payment link (Business Central's PayPal Payments Standard,
 * MSPayPalStandardMgt): an `_xclick` URL with the merchant, amount, currency,
 * item and invoice number, placed at the layout's `{PaymentServiceURL}` tag or
 * appended as an Outlook-safe button.
 * @module
 */
import type { PaymentLinkInput } from '@verzend/shared';
import { escapeHtml } from './finish';
import { PAYMENT_LINK_MARK } from './markers';

const CREDIT_DOCUMENTS = /credit[-_ ]?memo/i;

/**
 * The payment URL, or null when no link applies: never for credit memos, never
 * for an open amount ≤ 0 (or not a finite number).
 */
export function paymentUrl(input: PaymentLinkInput): string | null {
  if (CREDIT_DOCUMENTS.test(input.documentType)) {
    return null;
  }
  if (!Number.isFinite(input.amount) || input.amount <= 0) {
    return null;
  }
  const amount = input.amount.toFixed(2);
  if (Number(amount) <= 0) {
    return null;
  }
  const host =
    input.environment === 'sandbox' ? 'https://www.sandbox.paypal.com' : 'https://www.paypal.com';
  const params = [
    ['cmd', '_xclick'],
    ['charset', 'UTF-8'],
    ['business', input.merchantEmail],
    ['amount', amount],
    ['currency_code', input.currency],
    ['item_name', input.itemName],
    ['invoice', input.documentNo],
  ];
  return `${host}/cgi-bin/webscr?${params.map(([k, v]) => `${k}=${encodeURIComponent(v ?? '')}`).join('&')}`;
}

function linkHtml(url: string, text: string): string {
  return `<a href="${escapeHtml(url)}" style="color:#0563c1">${escapeHtml(text)}</a>`;
}

function buttonHtml(url: string, text: string): string {
  // A table cell with a background colour is the button shape Outlook's Word engine renders.
  return (
    '<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;margin:16px 0">' +
    '<tr><td bgcolor="#ffc439" style="background-color:#ffc439;border-radius:4px;padding:10px 20px">' +
    `<a href="${escapeHtml(url)}" style="color:#003087;font-family:Arial,Helvetica,sans-serif;font-size:14px;font-weight:bold;text-decoration:none">${escapeHtml(text)}</a>` +
    '</td></tr></table>'
  );
}

/**
 * Puts the link where the layout's `{PaymentServiceURL}` tag was, or appends the
 * button at the end of the body when the layout has no such tag.
 */
export function placePaymentLink(html: string, url: string | null, text: string): string {
  if (url === null) {
    return html.replaceAll(PAYMENT_LINK_MARK, '');
  }
  if (html.includes(PAYMENT_LINK_MARK)) {
    return html.replaceAll(PAYMENT_LINK_MARK, linkHtml(url, text));
  }
  const at = html.lastIndexOf('</div></body>');
  const button = buttonHtml(url, text);
  return at < 0 ? `${html}${button}` : `${html.slice(0, at)}${button}${html.slice(at)}`;
}
