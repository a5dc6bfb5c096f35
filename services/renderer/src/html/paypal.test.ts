import type { PaymentLinkInput } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { PAYMENT_LINK_MARK } from './markers';
import { paymentUrl, placePaymentLink } from './paypal';

const input: PaymentLinkInput = {
  merchantEmail: 'pay+nl@cronus.example',
  environment: 'live',
  linkText: 'Betaal met PayPal',
  amount: 1210.5,
  currency: 'EUR',
  documentNo: 'F-103045',
  itemName: 'Factuur F-103045 & co',
  documentType: 'sales-invoice',
};

describe('PayPal link', () => {
  it('Should build the _xclick URL with encoded parameters and a two-decimal amount', () => {
    expect(paymentUrl(input)).toBe(
      'https://www.paypal.com/cgi-bin/webscr?cmd=_xclick&charset=UTF-8&business=pay%2Bnl%40cronus.example&amount=1210.50&currency_code=EUR&item_name=Factuur%20F-103045%20%26%20co&invoice=F-103045',
    );
  });

  it('Should use the sandbox host in the sandbox', () => {
    expect(paymentUrl({ ...input, environment: 'sandbox' })).toMatch(
      /^https:\/\/www\.sandbox\.paypal\.com\/cgi-bin\/webscr\?/,
    );
  });

  it('Should never link credit memos or amounts ≤ 0', () => {
    expect(paymentUrl({ ...input, documentType: 'sales-credit-memo' })).toBeNull();
    expect(paymentUrl({ ...input, amount: 0 })).toBeNull();
    expect(paymentUrl({ ...input, amount: -5 })).toBeNull();
    expect(paymentUrl({ ...input, amount: 0.004 })).toBeNull();
    expect(paymentUrl({ ...input, amount: Number.NaN })).toBeNull();
  });

  it('Should put the link at the tag, or append an Outlook-safe button', () => {
    const url = paymentUrl(input) as string;
    const atTag = placePaymentLink(
      `<div><p>Pay: ${PAYMENT_LINK_MARK}</p></div></body>`,
      url,
      'Pay now',
    );
    expect(atTag).toContain(
      '<p>Pay: <a href="https://www.paypal.com/cgi-bin/webscr?cmd=_xclick&amp;charset=UTF-8',
    );
    expect(atTag).toContain('>Pay now</a></p>');
    const appended = placePaymentLink('<div><p>Hi</p></div></body>', url, 'Pay <now>');
    expect(appended).toMatch(
      /<p>Hi<\/p><table role="presentation"[^>]*><tr><td bgcolor="#ffc439"[^>]*><a href="https:\/\/www\.paypal\.com/,
    );
    expect(appended).toContain('>Pay &lt;now&gt;</a></td></tr></table></div></body>');
    expect(placePaymentLink(`<p>${PAYMENT_LINK_MARK}</p>`, null, 'x')).toBe('<p></p>');
  });
});
