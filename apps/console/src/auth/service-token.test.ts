import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { closeServer, createVerifier, listen } from '@verzend/shared';
import { Hono } from 'hono';
import { decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { readEnv } from '../env';
import { createServiceTokenSigner } from './service-token';

const claims = {
  sub: 'user-1',
  company: 'cronus',
  perms: ['email-read' as const],
  licence: 'full' as const,
  records: ['*'],
};

/** Serves a JWKS as the console does, for the services' verifier. */
async function jwksServer(jwks: unknown) {
  const app = new Hono().get('/.well-known/jwks.json', (c) => c.json(jwks));
  const { server, port } = await listen(app.fetch, { host: '127.0.0.1', port: 0 });
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    [Symbol.asyncDispose]: () => closeServer(server),
  };
}

describe('service tokens', () => {
  it('signs ES256 with a P-256 key that the services verify through the served JWKS', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const signer = await createServiceTokenSigner({
      privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      issuer: 'verzend-console',
      audience: 'verzend',
    });
    expect(signer.alg).toBe('ES256');
    expect(JSON.stringify(signer.jwks)).not.toContain('"d"');
    await using jwks = await jwksServer(signer.jwks);
    const verify = createVerifier({
      jwksUrl: jwks.url,
      issuer: 'verzend-console',
      audience: 'verzend',
    });
    const token = await signer.sign(claims);
    expect(decodeProtectedHeader(token)).toMatchObject({
      alg: 'ES256',
      kid: signer.jwks?.keys[0]?.kid,
    });
    expect((await verify(token)).company).toBe('cronus');
    // A token signed with the shared secret is not accepted by services that verify keys.
    const hs = await createServiceTokenSigner({ secret: 's'.repeat(40) });
    await expect(verify(await hs.sign(claims))).rejects.toThrow(/invalid/);
  });

  it('signs RS256 with an RSA key (PEM with escaped newlines, as env files hold it)', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey
      .export({ format: 'pem', type: 'pkcs1' })
      .toString()
      .replaceAll('\n', '\\n');
    const signer = await createServiceTokenSigner({ privateKeyPem: pem, keyId: 'console-1' });
    await using jwks = await jwksServer(signer.jwks);
    const token = await signer.sign(claims);
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'RS256', kid: 'console-1' });
    expect((await createVerifier({ jwksUrl: jwks.url })(token)).userId).toBe('user-1');
  });

  it('refuses weak or unsupported keys, and an environment with neither key nor secret', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    await expect(
      createServiceTokenSigner({
        privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      }),
    ).rejects.toThrow(/P-256/);
    expect(() => readEnv({ CONSOLE_SESSION_KEY: randomBytes(32).toString('base64') })).toThrow(
      /CONSOLE_SIGNING_KEY/,
    );
  });
});
