import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createVerifier, requirePermission, signToken } from './auth';
import { ForbiddenError, UnauthorizedError } from './errors';

const secret = 'a'.repeat(40);

describe('auth', () => {
  it('verifies an HS256 token into a principal; admin implies edit and read', async () => {
    const verify = createVerifier({ secret });
    const token = await signToken(secret, {
      sub: 'u1',
      company: 'cronus',
      perms: ['email-admin'],
      records: ['customer'],
    });
    const p = await verify(token);
    expect(p.userId).toBe('u1');
    expect(p.company).toBe('cronus');
    expect([...p.permissions].sort()).toEqual(['email-admin', 'email-edit', 'email-read']);
    expect(p.readableRecordTypes.has('customer')).toBe(true);
    expect(p.licence).toBe('full');
  });

  it('refuses a token signed with another secret, an expired one, and one without a company', async () => {
    const verify = createVerifier({ secret });
    await expect(
      verify(await signToken('b'.repeat(40), { sub: 'u1', company: 'c' })),
    ).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(
      verify(await signToken(secret, { sub: 'u1', company: 'c' }, '-1s')),
    ).rejects.toBeInstanceOf(UnauthorizedError);
    const noCompany = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u1')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(secret));
    await expect(verify(noCompany)).rejects.toThrow(/company/);
  });

  it('refuses alg=none and a company id that could widen a NATS subject', async () => {
    const verify = createVerifier({ secret });
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ sub: 'u', company: 'c' })).toString('base64url');
    await expect(verify(`${header}.${body}.`)).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(
      verify(await signToken(secret, { sub: 'u', company: 'a.>' })),
    ).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('requirePermission names what is missing', async () => {
    const verify = createVerifier({ secret });
    const reader = await verify(
      await signToken(secret, { sub: 'u', company: 'c', perms: ['email-read'] }),
    );
    expect(() => requirePermission(reader, 'email-read')).not.toThrow();
    expect(() => requirePermission(reader, 'email-admin')).toThrow(ForbiddenError);
    expect(() => requirePermission(reader, 'email-admin')).toThrow(/email-admin/);
  });

  it('requires exp and caps the lifetime', async () => {
    const verify = createVerifier({ secret, maxLifetimeS: 3_600 });
    const key = new TextEncoder().encode(secret);
    const noExp = await new SignJWT({ company: 'c' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u')
      .setIssuedAt()
      .sign(key);
    await expect(verify(noExp)).rejects.toBeInstanceOf(UnauthorizedError);
    const tenYears = await signToken(secret, { sub: 'u', company: 'c' }, '3650d');
    await expect(verify(tenYears)).rejects.toThrow(/longer than the 3600 s/);
    const noIatLong = await new SignJWT({ company: 'c' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u')
      .setExpirationTime('2h')
      .sign(key);
    await expect(verify(noIatLong)).rejects.toBeInstanceOf(UnauthorizedError);
    expect((await verify(await signToken(secret, { sub: 'u', company: 'c' }, '1h'))).userId).toBe(
      'u',
    );
    // The default cap is a day.
    await expect(
      createVerifier({ secret })(await signToken(secret, { sub: 'u', company: 'c' }, '25h')),
    ).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('requires iss and aud in production, and checks them when set', async () => {
    expect(() => createVerifier({ secret, requireIssuerAndAudience: true })).toThrow(
      /AUTH_ISSUER and AUTH_AUDIENCE/,
    );
    const verify = createVerifier({
      secret,
      issuer: 'https://erp.example',
      audience: 'verzend',
      requireIssuerAndAudience: true,
    });
    await expect(
      verify(await signToken(secret, { sub: 'u', company: 'c' })),
    ).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(
      verify(
        await signToken(secret, { sub: 'u', company: 'c' }, '1h', {
          issuer: 'https://erp.example',
          audience: 'elsewhere',
        }),
      ),
    ).rejects.toBeInstanceOf(UnauthorizedError);
    const ok = await signToken(secret, { sub: 'u', company: 'c' }, '1h', {
      issuer: 'https://erp.example',
      audience: 'verzend',
    });
    expect((await verify(ok)).company).toBe('c');
  });
});
