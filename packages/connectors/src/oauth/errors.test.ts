import { describe, expect, it } from 'vitest';
import { OAuthError, tokenError } from './errors';

const ctx = {
  kind: 'app' as const,
  clientId: 'app1',
  tenantId: 't1',
  connectHint: 'POST /v1/accounts/a1/connect',
};
const aad = (error: string, code: number) => ({
  error,
  error_description: `AADSTS${code}: something. Trace ID: x`,
  error_codes: [code],
});

describe('tokenError', () => {
  it.each([
    [401, aad('invalid_client', 7000215), ctx, 'AUTH_FAILED', /secret's value \(not its id\)/],
    [401, aad('invalid_client', 7000222), ctx, 'AUTH_FAILED', /expired/],
    [400, aad('unauthorized_client', 700016), ctx, 'AUTH_FAILED', /not found/],
    [
      400,
      aad('invalid_grant', 65001),
      { ...ctx, kind: 'user' as const },
      'CONSENT_MISSING',
      /connect/,
    ],
    [
      400,
      aad('invalid_grant', 50076),
      { ...ctx, kind: 'user' as const },
      'MFA_REQUIRED',
      /multi-factor/,
    ],
    [
      400,
      aad('invalid_grant', 50158),
      { ...ctx, kind: 'user' as const },
      'MFA_REQUIRED',
      /AADSTS50158/,
    ],
    [
      400,
      aad('invalid_grant', 700082),
      { ...ctx, kind: 'user' as const },
      'TOKEN_EXPIRED',
      /Connect the mailbox again/,
    ],
    [
      400,
      aad('invalid_grant', 54005),
      { ...ctx, kind: 'code' as const },
      'BAD_REQUEST',
      /Start connecting again/,
    ],
  ])('maps %s %o', (status, body, context, code, text) => {
    const err = tokenError(status, body, context);
    expect(err).toBeInstanceOf(OAuthError);
    expect(err).toMatchObject({ code, retry: false });
    expect(err.message).toMatch(text);
    expect(err.aadCodes).toEqual(body.error_codes);
  });

  it('treats 429 and 5xx as retryable, with Retry-After', () => {
    expect(tokenError(429, {}, ctx, 5)).toMatchObject({
      code: 'PROVIDER_THROTTLED',
      retry: true,
      retryAfterSeconds: 5,
    });
    expect(tokenError(503, '<html>down</html>', ctx)).toMatchObject({
      code: 'UNAVAILABLE',
      retry: true,
    });
  });

  it('explains unknown non-JSON refusals by status', () => {
    const err = tokenError(400, '<html>Bad Request</html>', ctx);
    expect(err).toMatchObject({ code: 'AUTH_FAILED', retry: false });
    expect(err.message).toContain('HTTP 400');
  });
});
