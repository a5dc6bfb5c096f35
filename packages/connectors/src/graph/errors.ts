/**
 * Microsoft Graph failures mapped once to stable codes with readable reasons.
 * Handles Graph's JSON error bodies and the non-JSON ones proxies and outages
 * send (Business Central shows "Data does not represent a valid JSON token"
 * for those; we show the status and what it means).
 * @module
 */
import { DeliveryError, type ErrorCode } from '@verzend/shared';

/** A failed Graph (or upload URL) response, normalised. */
export interface GraphFailure {
  /** HTTP status; 0 when no response arrived (network error, timeout). */
  status: number;
  /** Graph's `error.code`, when the body was Graph JSON. */
  code: string | undefined;
  /** Graph's `error.message`, or a text snippet of a non-JSON body. */
  message: string | undefined;
  /** Seconds from Retry-After, when present. */
  retryAfterSeconds: number | undefined;
  cause?: unknown;
}

/** Parses Retry-After (delta seconds or an HTTP date). */
export function parseRetryAfter(value: string | null | undefined): number | undefined {
  if (!value) {
    return undefined;
  }
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) {
    return Math.ceil(seconds);
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** Reads a Graph error body: `{ error: { code, message } }`, or any text. */
export function parseGraphErrorBody(text: string): { code?: string; message?: string } {
  try {
    const json = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    const e = json?.error;
    if (e && typeof e === 'object') {
      return {
        ...(typeof e.code === 'string' ? { code: e.code } : {}),
        ...(typeof e.message === 'string' ? { message: e.message } : {}),
      };
    }
  } catch {
    // Not JSON: fall through to a text snippet.
  }
  const snippet = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
  return snippet ? { message: snippet } : {};
}

/** Context for the reason text. */
export interface GraphErrorContext {
  /** The mailbox the request addressed (shared mailbox or the user's). */
  mailbox: string;
  /** What was being done, e.g. `sendMail`, `upload chunk`. */
  operation: string;
  /** How the user reconnects, for delegated tokens. */
  connectHint?: string | undefined;
  /** App-only or delegated token: which kind of permission a 403 names. */
  permissionKind?: 'app' | 'delegated' | undefined;
  /** The mailbox sent from when it is not the one addressed (a shared mailbox in delegated mode). */
  sendingAs?: string | undefined;
}

/** The Graph permission an operation needs: sending, or writing drafts and attachments (over 4 MB). */
export function permissionFor(operation: string): 'Mail.Send' | 'Mail.ReadWrite' {
  return operation === 'sendMail' || operation === 'send draft' ? 'Mail.Send' : 'Mail.ReadWrite';
}

const TOKEN_EXPIRED_TEXT = /expired|lifetime validation/i;

/** True when a 401 says the access token expired (worth one refresh and retry). */
export function isExpiredToken(f: GraphFailure): boolean {
  return (
    f.status === 401 &&
    (f.code === 'InvalidAuthenticationToken' || f.code === undefined) &&
    TOKEN_EXPIRED_TEXT.test(f.message ?? '')
  );
}

/** Maps a failure to a {@link DeliveryError} with a stable code and `retry` set. */
export function graphError(f: GraphFailure, ctx: GraphErrorContext): DeliveryError {
  const said = f.message ? `: ${f.message}` : '';
  const make = (code: ErrorCode, message: string, retry: boolean) =>
    new DeliveryError(code, message, {
      cause: f.cause,
      retry,
      ...(f.status > 0 ? { providerStatus: f.status } : {}),
      ...(retry && f.retryAfterSeconds !== undefined
        ? { retryAfterSeconds: f.retryAfterSeconds }
        : {}),
      extra: { ...(f.code ? { graphCode: f.code } : {}), operation: ctx.operation },
    });
  const aad = /AADSTS(\d+)/.exec(f.message ?? '')?.[1];
  const reconnect = ctx.connectHint ? ` Connect the mailbox again (${ctx.connectHint}).` : '';

  if (f.status === 0) {
    return make(
      'CONNECTION_FAILED',
      `Microsoft Graph could not be reached during ${ctx.operation}${said}.`,
      true,
    );
  }
  if (f.status === 429) {
    return make(
      'PROVIDER_THROTTLED',
      `Microsoft Graph is throttling mailbox ${ctx.mailbox} (429)${f.retryAfterSeconds !== undefined ? `; retry after ${f.retryAfterSeconds} s` : ''}.`,
      true,
    );
  }
  if (f.status === 503 || f.status === 504) {
    const code: ErrorCode =
      f.retryAfterSeconds !== undefined
        ? 'PROVIDER_THROTTLED'
        : f.status === 504
          ? 'TIMEOUT'
          : 'UNAVAILABLE';
    return make(
      code,
      `Microsoft Graph is unavailable (${f.status}) during ${ctx.operation}${f.retryAfterSeconds !== undefined ? `; retry after ${f.retryAfterSeconds} s` : ''}.`,
      true,
    );
  }
  if (aad === '50076' || aad === '50079' || aad === '50158') {
    return make(
      'MFA_REQUIRED',
      `The user must complete multi-factor authentication (AADSTS${aad}).${reconnect}`,
      false,
    );
  }
  if (aad === '65001' || f.code === 'ErrorConsentRequired') {
    return make(
      'CONSENT_MISSING',
      `Consent for the app is missing${aad ? ` (AADSTS${aad})` : ''}. An administrator must grant it.${reconnect}`,
      false,
    );
  }
  if (
    f.code === 'ErrorInvalidRecipients' ||
    f.code === 'ErrorInvalidRecipientsFormat' ||
    /recipient/i.test(f.code ?? '')
  ) {
    return make('RECIPIENT_REJECTED', `Microsoft Graph rejected a recipient${said}`, false);
  }
  if (
    f.status === 413 ||
    f.code === 'ErrorMessageSizeExceeded' ||
    f.code === 'RequestEntityTooLarge' ||
    f.code === 'ErrorAttachmentSizeExceeded'
  ) {
    return make(
      'MESSAGE_TOO_LARGE',
      `The message is too large for mailbox ${ctx.mailbox}${said}. Make the attachments smaller or ask the administrator to raise the mailbox's maximum send size.`,
      false,
    );
  }
  if (
    f.code === 'MailboxNotEnabledForRESTAPI' ||
    f.code === 'MailboxNotSupportedForRESTAPI' ||
    f.code === 'ErrorInvalidUser' ||
    (f.status === 404 && f.code === 'ResourceNotFound' && ctx.operation !== 'upload chunk')
  ) {
    return make(
      'MAILBOX_NOT_ENABLED',
      `The mailbox ${ctx.mailbox} cannot be used through Microsoft Graph: it is inactive, soft-deleted, hosted on-premises or has no Exchange Online licence${said ? ` (${f.message})` : ''}.`,
      false,
    );
  }
  if (f.status === 401) {
    if (TOKEN_EXPIRED_TEXT.test(f.message ?? '')) {
      return make(
        'TOKEN_EXPIRED',
        `The access token for ${ctx.mailbox} has expired and could not be renewed.${reconnect}`,
        true,
      );
    }
    return make(
      'AUTH_FAILED',
      `Microsoft Graph refused the credentials for ${ctx.mailbox}${said}.${reconnect}`,
      false,
    );
  }
  const target = ctx.sendingAs ?? ctx.mailbox;
  if (f.code === 'ErrorSendAsDenied') {
    return make(
      'AUTH_FAILED',
      `The signed-in user ${ctx.mailbox} may not send as ${target}: grant them Send As or Send on Behalf on ${target} in Exchange Online.`,
      false,
    );
  }
  if (f.status === 403) {
    const permission = permissionFor(ctx.operation);
    const how =
      ctx.permissionKind === 'delegated'
        ? `the delegated permission ${permission}, consented for the app (the user connects again after it is granted)`
        : `the application permission ${permission} with admin consent, and an application access policy must not exclude ${target}`;
    const why =
      permission === 'Mail.ReadWrite' ? ' (drafts and attachments of messages over 4 MB)' : '';
    return make(
      'CONSENT_MISSING',
      `Microsoft Graph denied ${ctx.operation} for mailbox ${target}${said}. It needs ${how}${why}.`,
      false,
    );
  }
  if (f.status === 400 && /only valid with delegated authentication/i.test(f.message ?? '')) {
    return make('AUTH_FAILED', `An app-only token cannot use /me${said}`, false);
  }
  if (f.status >= 500) {
    return make(
      'UPSTREAM_FAILED',
      `Microsoft Graph failed with ${f.status} during ${ctx.operation}${said}.`,
      true,
    );
  }
  return make(
    'MESSAGE_REJECTED',
    `Microsoft Graph rejected ${ctx.operation} with ${f.status}${f.code ? ` ${f.code}` : ''}${said}`,
    false,
  );
}
