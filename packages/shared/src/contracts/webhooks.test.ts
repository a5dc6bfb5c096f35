import { describe, expect, it } from 'vitest';
import { WebhookEndpointCreate, WebhookSecret, webhookWants } from './webhooks';

describe('webhook contracts', () => {
  it('takes Standard Webhooks secrets of 24 to 64 bytes only', () => {
    const of = (n: number) => `whsec_${Buffer.alloc(n, 1).toString('base64')}`;
    expect(WebhookSecret.safeParse(of(32)).success).toBe(true);
    expect(WebhookSecret.safeParse(of(16)).success).toBe(false);
    expect(WebhookSecret.safeParse(of(65)).success).toBe(false);
    expect(WebhookSecret.safeParse(Buffer.alloc(32).toString('base64')).success).toBe(false);
  });

  it('defaults to every kind, and refuses URLs with credentials or other schemes', () => {
    const ok = WebhookEndpointCreate.parse({ url: 'https://erp.example/h' });
    expect(ok).toMatchObject({ kinds: ['*'], enabled: true, description: '' });
    for (const url of ['ftp://erp.example/h', 'https://user:pw@erp.example/h', 'erp.example']) {
      expect(WebhookEndpointCreate.safeParse({ url }).success, url).toBe(false);
    }
    expect(
      WebhookEndpointCreate.safeParse({ url: 'https://e.example', kinds: ['sent'] }).success,
    ).toBe(false);
  });

  it('matches kinds', () => {
    expect(webhookWants(['*'], 'email.sent')).toBe(true);
    expect(webhookWants(['email.sent'], 'email.sent')).toBe(true);
    expect(webhookWants(['email.sent'], 'email.failed')).toBe(false);
  });
});
