import { describe, expect, it } from 'vitest';
import { DeliveryError } from './errors';
import { OutboundGuard } from './outbound';

const strict = new OutboundGuard({ allow: [], denyPrivate: false });

describe('outbound target guard', () => {
  it('refuses loopback, link-local, cloud metadata and other special addresses', () => {
    for (const address of [
      '127.0.0.1',
      '127.8.9.10',
      '::1',
      '[::1]',
      '::ffff:127.0.0.1',
      '169.254.169.254',
      'fd00:ec2::254',
      '100.100.100.200',
      'fe80::1',
      '0.0.0.0',
      '224.0.0.1',
    ]) {
      expect(strict.refusal(address), address).not.toBeNull();
    }
    expect(strict.refusal('169.254.169.254')).toMatch(/metadata/);
    expect(strict.refusal('93.184.216.34')).toBeNull();
    expect(strict.refusal('2606:4700::1111')).toBeNull();
  });

  it('allows private ranges by default and refuses them when told', () => {
    expect(strict.refusal('10.1.2.3')).toBeNull();
    expect(strict.refusal('192.168.1.10')).toBeNull();
    const denyPrivate = new OutboundGuard({ allow: [], denyPrivate: true });
    expect(denyPrivate.refusal('10.1.2.3')).toBe('private');
    expect(denyPrivate.refusal('172.20.0.5')).toBe('private');
    expect(denyPrivate.refusal('fd12::1')).toBe('unique local');
  });

  it('opens exactly what the allowlist names', () => {
    const dev = new OutboundGuard({ allow: ['127.0.0.0/8', '::1/128'], denyPrivate: false });
    expect(dev.refusal('127.0.0.1')).toBeNull();
    expect(dev.refusal('::1')).toBeNull();
    expect(dev.refusal('169.254.169.254')).not.toBeNull();
    expect(() => new OutboundGuard({ allow: ['not-an-ip'], denyPrivate: false })).toThrow();
  });

  it('refuses literal targets before connecting and named ones after DNS, with a clear error', async () => {
    await expect(strict.connect('169.254.169.254', 25, 1_000)).rejects.toMatchObject({
      code: 'CONNECTION_FAILED',
      retry: false,
      extra: { reason: 'target_not_allowed' },
    });
    // "localhost" resolves to loopback: refused at connect time, after the lookup.
    const err = await strict.connect('localhost', 25, 1_000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).message).toMatch(/localhost .*resolves to .*loopback/);
  });

  it('takes webhook URLs over https only, and plain http only to an address opened explicitly', () => {
    const loopback = new OutboundGuard({ allow: ['127.0.0.0/8'], denyPrivate: false });
    expect(strict.webhookUrlRefusal('https://erp.example/hook')).toBeNull();
    expect(strict.webhookUrlRefusal('http://erp.example/hook')).toMatch(/https/);
    expect(strict.webhookUrlRefusal('https://127.0.0.1:8443/hook')).toMatch(/loopback/);
    expect(strict.webhookUrlRefusal('https://localhost/hook')).toMatch(/loopback/);
    expect(strict.webhookUrlRefusal('https://169.254.169.254/latest')).toMatch(/metadata/);
    expect(strict.webhookUrlRefusal('https://[::1]/hook')).toMatch(/loopback/);
    expect(loopback.webhookUrlRefusal('http://127.0.0.1:9999/hook')).toBeNull();
    expect(loopback.webhookUrlRefusal('http://93.184.216.34/hook')).toMatch(/https/);
  });
});
