/**
 * Rules of Microsoft Graph's mail API that the double enforces, kept apart
 * from its endpoints: which permission each operation needs (delegated scope
 * or application role), Send As / Send on Behalf rights for `from`, and the
 * limits on custom internet message headers.
 * @module
 */
import type { AccessTokenInfo, DoubleApp } from './identity';

/** A refusal: HTTP status, Graph error code and message. */
export interface GraphRefusal {
  status: number;
  code: string;
  message: string;
}

/** Graph's limit on `internetMessageHeaders` per message. */
export const MAX_INTERNET_MESSAGE_HEADERS = 5;

/** Application permissions an app has unless registered with others. */
const DEFAULT_APP_ROLES = ['Mail.Send', 'Mail.ReadWrite'];

/** The permission a mail operation needs: sending, or writing drafts and attachments. */
export function requiredPermission(method: string, rest: string): string | undefined {
  if (method === 'POST' && (rest === '/sendMail' || /^\/messages\/[^/]+\/send$/.test(rest))) {
    return 'Mail.Send';
  }
  if (rest === '/messages' || rest.startsWith('/messages/')) {
    return 'Mail.ReadWrite';
  }
  return undefined;
}

/** 403 ErrorAccessDenied unless the token carries `permission` (scope for users, role for apps). */
export function checkPermission(
  token: AccessTokenInfo,
  app: DoubleApp | undefined,
  permission: string,
): GraphRefusal | undefined {
  const granted =
    token.kind === 'user'
      ? token.scope.split(/\s+/).some((s) => (s.split('/').pop() ?? s) === permission)
      : (app?.appRoles ?? DEFAULT_APP_ROLES).includes(permission);
  return granted
    ? undefined
    : {
        status: 403,
        code: 'ErrorAccessDenied',
        message: 'Access is denied. Check credentials and try again.',
      };
}

/**
 * A message whose `from` is another mailbox than the one sending needs Send As
 * or Send on Behalf on it (Exchange's ErrorSendAsDenied otherwise).
 * @param rights mailbox → the mailboxes it may send as or on behalf of.
 */
export function checkFrom(
  sendingMailbox: string,
  message: Record<string, unknown>,
  rights: ReadonlyMap<string, ReadonlySet<string>>,
): GraphRefusal | undefined {
  const from = (message.from as { emailAddress?: { address?: string } } | undefined)?.emailAddress
    ?.address;
  if (!from || from.toLowerCase() === sendingMailbox) {
    return undefined;
  }
  return rights.get(sendingMailbox)?.has(from.toLowerCase())
    ? undefined
    : {
        status: 403,
        code: 'ErrorSendAsDenied',
        message:
          'The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account., Cannot submit message.',
      };
}

/** At most 5 custom headers, each named `X-…`. */
export function checkHeaders(message: Record<string, unknown>): GraphRefusal | undefined {
  const headers = (message.internetMessageHeaders ?? []) as { name?: string }[];
  if (headers.length > MAX_INTERNET_MESSAGE_HEADERS) {
    return {
      status: 400,
      code: 'InvalidInternetMessageHeaderCollection',
      message: `Maximum number of headers in one message should be less than or equal to ${MAX_INTERNET_MESSAGE_HEADERS}.`,
    };
  }
  const bad = headers.find((h) => !/^x-/i.test(h.name ?? ''));
  return bad
    ? {
        status: 400,
        code: 'InvalidInternetMessageHeader',
        message: `The internet message header name '${bad.name}' should start with 'x-' or 'X-'.`,
      }
    : undefined;
}
