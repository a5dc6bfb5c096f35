import { DeliveryError } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import {
  type GraphFailure,
  graphError,
  isExpiredToken,
  parseGraphErrorBody,
  parseRetryAfter,
  permissionFor,
} from './errors';

const ctx = { mailbox: 'sales@contoso.example', operation: 'sendMail' };
const f = (over: Partial<GraphFailure>): GraphFailure => ({
  status: 400,
  code: undefined,
  message: undefined,
  retryAfterSeconds: undefined,
  ...over,
});

describe('graphError', () => {
  it.each([
    [f({ status: 429, retryAfterSeconds: 7 }), 'PROVIDER_THROTTLED', true],
    [f({ status: 503, retryAfterSeconds: 3 }), 'PROVIDER_THROTTLED', true],
    [f({ status: 503 }), 'UNAVAILABLE', true],
    [f({ status: 504 }), 'TIMEOUT', true],
    [f({ status: 500 }), 'UPSTREAM_FAILED', true],
    [f({ status: 0, message: 'fetch failed' }), 'CONNECTION_FAILED', true],
    [
      f({ code: 'ErrorInvalidRecipients', message: "Recipient 'x' is not resolved." }),
      'RECIPIENT_REJECTED',
      false,
    ],
    [f({ status: 404, code: 'MailboxNotEnabledForRESTAPI' }), 'MAILBOX_NOT_ENABLED', false],
    [f({ status: 413, code: 'ErrorMessageSizeExceeded' }), 'MESSAGE_TOO_LARGE', false],
    [
      f({
        status: 401,
        code: 'InvalidAuthenticationToken',
        message: 'Lifetime validation failed, the token is expired.',
      }),
      'TOKEN_EXPIRED',
      true,
    ],
    [
      f({
        status: 401,
        code: 'InvalidAuthenticationToken',
        message: 'IDX14100: JWT is not well formed',
      }),
      'AUTH_FAILED',
      false,
    ],
    [
      f({ status: 401, message: 'AADSTS50076: multi-factor authentication required' }),
      'MFA_REQUIRED',
      false,
    ],
    [
      f({ status: 403, code: 'ErrorAccessDenied', message: 'Access is denied.' }),
      'CONSENT_MISSING',
      false,
    ],
    [f({ status: 403, code: 'ErrorSendAsDenied' }), 'AUTH_FAILED', false],
    [f({ status: 400, code: 'ErrorInvalidRequest', message: 'nope' }), 'MESSAGE_REJECTED', false],
  ])('maps %o to %s (retry %s)', (failure, code, retry) => {
    const err = graphError(failure, ctx);
    expect(err).toBeInstanceOf(DeliveryError);
    expect(err).toMatchObject({ code, retry });
  });

  it('carries Retry-After only on retryable errors', () => {
    expect(graphError(f({ status: 429, retryAfterSeconds: 9 }), ctx).retryAfterSeconds).toBe(9);
    expect(
      graphError(f({ status: 400, retryAfterSeconds: 9 }), ctx).retryAfterSeconds,
    ).toBeUndefined();
  });

  it('names the Graph code and the operation in the problem body', () => {
    const problem = graphError(
      f({ status: 404, code: 'MailboxNotEnabledForRESTAPI' }),
      ctx,
    ).toProblem();
    expect(problem).toMatchObject({
      graphCode: 'MailboxNotEnabledForRESTAPI',
      operation: 'sendMail',
      providerStatus: 404,
    });
  });
});

describe('parsing', () => {
  it('reads Graph JSON errors and falls back to a text snippet', () => {
    expect(parseGraphErrorBody('{"error":{"code":"X","message":"Y"}}')).toEqual({
      code: 'X',
      message: 'Y',
    });
    expect(parseGraphErrorBody('<html><h1>502 Bad Gateway</h1></html>')).toEqual({
      message: '502 Bad Gateway',
    });
    expect(parseGraphErrorBody('')).toEqual({});
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('12')).toBe(12);
    expect(parseRetryAfter(null)).toBeUndefined();
    const inTen = new Date(Date.now() + 10_000).toUTCString();
    expect(parseRetryAfter(inTen)).toBeGreaterThanOrEqual(9);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('recognises an expired token', () => {
    expect(
      isExpiredToken(
        f({
          status: 401,
          code: 'InvalidAuthenticationToken',
          message: 'Lifetime validation failed, the token is expired.',
        }),
      ),
    ).toBe(true);
    expect(
      isExpiredToken(
        f({ status: 401, code: 'InvalidAuthenticationToken', message: 'bad signature' }),
      ),
    ).toBe(false);
  });

  it('names the permission the operation needs and the mailbox sent from', () => {
    expect(permissionFor('sendMail')).toBe('Mail.Send');
    expect(permissionFor('send draft')).toBe('Mail.Send');
    expect(permissionFor('create upload session')).toBe('Mail.ReadWrite');
    const denied = f({ status: 403, code: 'ErrorAccessDenied', message: 'Access is denied.' });
    const delegated = {
      mailbox: 'anna@contoso.example',
      operation: 'create draft',
      permissionKind: 'delegated' as const,
      sendingAs: 'sales@contoso.example',
    };
    expect(graphError(denied, delegated).message).toMatch(
      /create draft for mailbox sales@contoso.example.*delegated permission Mail.ReadWrite/,
    );
    expect(graphError(denied, { ...ctx, permissionKind: 'app' }).message).toMatch(
      /application permission Mail.Send with admin consent/,
    );
    expect(graphError(f({ status: 403, code: 'ErrorSendAsDenied' }), delegated).message).toBe(
      'The signed-in user anna@contoso.example may not send as sales@contoso.example: grant them Send As or Send on Behalf on sales@contoso.example in Exchange Online.',
    );
  });
});
