import { createPublicKey, verify, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { clientAssertion, readCertificateCredential } from './client-assertion';

const tls = join(import.meta.dirname, '..', '..', '..', '..', 'test', 'fixtures', 'tls');
const key = readFileSync(join(tls, 'key.pem'), 'utf8');
const cert = readFileSync(join(tls, 'cert.pem'), 'utf8');
const part = (s: string | undefined) =>
  JSON.parse(Buffer.from(s ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;

describe('client assertions', () => {
  it('signs a PS256 JWT naming the certificate by its SHA-256 thumbprint', () => {
    const jwt = clientAssertion(
      readCertificateCredential(`${key}${cert}`),
      'app-1',
      'https://login.example/t/oauth2/v2.0/token',
      1_700_000_000_000,
    );
    const [h, p, sig] = jwt.split('.');
    const x509 = new X509Certificate(cert);
    expect(part(h)).toEqual({
      alg: 'PS256',
      typ: 'JWT',
      'x5t#S256': Buffer.from(x509.fingerprint256.replaceAll(':', ''), 'hex').toString('base64url'),
    });
    expect(part(p)).toMatchObject({
      aud: 'https://login.example/t/oauth2/v2.0/token',
      iss: 'app-1',
      sub: 'app-1',
      nbf: 1_700_000_000,
      exp: 1_700_000_600,
    });
    const ok = verify(
      'sha256',
      Buffer.from(`${h}.${p}`),
      {
        key: createPublicKey(x509.publicKey.export({ type: 'spki', format: 'pem' })),
        padding: 6,
        saltLength: 32,
      },
      Buffer.from(sig ?? '', 'base64url'),
    );
    expect(ok).toBe(true);
  });

  it('refuses a PEM without key or certificate, or with a key of another certificate', () => {
    expect(() => readCertificateCredential(cert)).toThrow(ValidationError);
    expect(() => readCertificateCredential(key)).toThrow(/certificate and its private key/);
    const other = `-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n${cert}`;
    expect(() => readCertificateCredential(other)).toThrow(/cannot be read/);
  });
});
