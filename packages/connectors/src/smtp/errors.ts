/**
 * Classifies SMTP failures once, into {@link DeliveryError}s with a stable code
 * and `retry`: 4xx replies (421/450/451/452…), dropped connections and timeouts
 * are transient; 5xx replies, refused credentials and rejected recipients are
 * permanent. The sender decides retry or fail from `retry` alone.
 * @module
 */
import { DeliveryError, type ErrorCode } from '@verzend/shared';
import type { XOAuth2Token } from '../contract';

/** The fields nodemailer puts on its errors. */
interface NodemailerError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
}

const connectionCodes = new Set([
  'ECONNECTION',
  'ESOCKET',
  'ETIMEDOUT',
  'EDNS',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ESTREAM',
]);

/** Replies that say the server is limiting the sender (Exchange: 4.3.2 thread limit, 4.7.x rate/quota). */
const THROTTLING =
  /throttl|rate.?limit|too many (messages|connections|recipients|concurrent)|quota|thread limit|concurren|server busy/i;

/**
 * An XOAUTH2 refusal that says which login was refused — the user, the scope
 * (resource), the app, and whether the token was new, refreshed, stored or
 * cached — so an administrator can tell a wrong user from a wrong resource
 * from a revoked consent.
 * @param earlier the refusal of a cached token before a new one was fetched.
 */
export function explainXoauth2Refusal(
  error: DeliveryError,
  token: XOAuth2Token,
  earlier: { token: XOAuth2Token; error: DeliveryError } | undefined,
): DeliveryError {
  const reply = error.message.replace(/^The SMTP server refused the credentials: /, '');
  const first = earlier
    ? ` It had first refused a ${earlier.token.origin} token, so a new one was fetched and refused too: a wrong user or resource, or a missing permission or consent, rather than a revoked token. Check that the user is the mailbox the token belongs to (or one the app may send as), and that the scope names the Exchange Online resource.`
    : '';
  const hint =
    token.origin === 'static'
      ? ' Enter a valid access token on the account, or add OAuth settings to get tokens from a token endpoint.'
      : '';
  return new DeliveryError(
    'AUTH_FAILED',
    `The SMTP server refused the XOAUTH2 sign-in of ${token.user} with a ${token.origin} token for scope "${token.scope ?? 'none (static token)'}" from ${token.source}: ${reply}.${first}${hint}`,
    {
      cause: error,
      retry: false,
      ...(error.providerStatus !== undefined ? { providerStatus: error.providerStatus } : {}),
      extra: { xoauth2User: token.user, tokenOrigin: token.origin, scope: token.scope ?? null },
    },
  );
}

/** Why a delivery failed, in terms the telemetry distinguishes. */
export type SmtpFailureStage = 'connect' | 'auth' | 'message';

/** Maps a nodemailer error to a DeliveryError, and the stage it failed at. */
export function classifySmtpError(err: unknown): { error: DeliveryError; stage: SmtpFailureStage } {
  if (err instanceof DeliveryError) {
    // The outbound guard refuses before anything is sent: a connect failure.
    return { error: err, stage: err.code === 'CONNECTION_FAILED' ? 'connect' : 'message' };
  }
  const e = (err instanceof Error ? err : new Error(String(err))) as NodemailerError;
  const status = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const detail = (e.response ?? e.message).slice(0, 1500);
  const make = (code: ErrorCode, retry: boolean, text: string) =>
    new DeliveryError(code, text, {
      cause: err,
      retry,
      ...(status !== undefined ? { providerStatus: status } : {}),
    });

  if (e.code === 'EAUTH' || status === 535 || status === 534 || status === 530) {
    // 454 = temporary authentication failure: worth another try.
    const transient = status === 454;
    return {
      error: make(
        transient ? 'UNAVAILABLE' : 'AUTH_FAILED',
        transient,
        `The SMTP server refused the credentials: ${detail}`,
      ),
      stage: 'auth',
    };
  }
  if (e.code === 'ETLS' || /certificate|self[- ]signed/i.test(e.message)) {
    return {
      error: make(
        'CONNECTION_FAILED',
        false,
        `TLS with the SMTP server failed (${e.message}). Check the TLS mode and the server certificate.`,
      ),
      stage: 'connect',
    };
  }
  if (status === undefined && e.code !== undefined && connectionCodes.has(e.code)) {
    return {
      error: make(
        e.code === 'ETIMEDOUT' ? 'TIMEOUT' : 'CONNECTION_FAILED',
        true,
        `Could not talk to the SMTP server: ${e.message}`,
      ),
      stage: 'connect',
    };
  }
  if (status !== undefined && status >= 400 && status < 500) {
    // Throttling is named as such only when the server says so; other 4xx are temporary failures.
    const throttled = status === 452 || THROTTLING.test(detail);
    const code: ErrorCode = throttled
      ? 'PROVIDER_THROTTLED'
      : status === 421
        ? 'UNAVAILABLE'
        : 'PROVIDER_TEMPORARY_FAILURE';
    const atRecipient = e.command === 'RCPT TO' || e.code === 'EENVELOPE';
    const what = throttled
      ? 'is throttling'
      : status === 421
        ? 'closed the connection'
        : atRecipient
          ? 'deferred a recipient temporarily'
          : 'failed temporarily';
    return {
      error: make(code, true, `The SMTP server ${what} (${status}): ${detail}`),
      stage: 'message',
    };
  }
  if (status !== undefined && status >= 500) {
    const atRecipient = e.command === 'RCPT TO' || (e.code === 'EENVELOPE' && status !== 552);
    const code: ErrorCode =
      status === 552 || /5\.3\.4/.test(detail)
        ? 'MESSAGE_TOO_LARGE'
        : atRecipient
          ? 'RECIPIENT_REJECTED'
          : 'MESSAGE_REJECTED';
    return {
      error: make(code, false, `The SMTP server rejected the message (${status}): ${detail}`),
      stage: 'message',
    };
  }
  if (e.code === 'EENVELOPE') {
    return {
      error: make('RECIPIENT_REJECTED', false, `The SMTP server refused the envelope: ${detail}`),
      stage: 'message',
    };
  }
  // Unknown failures (a stream error, a bug in a hook) are retried: they may be transient.
  return {
    error: make('UNAVAILABLE', true, `Sending failed: ${e.message}`),
    stage: 'message',
  };
}
