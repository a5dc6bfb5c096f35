/**
 * SMTP XOAUTH2 accounts pointing at a sink: in memory, or created through the config API.
 * @module
 */
import type { Account } from '@verzend/connectors';
import type { Stack } from '../harness';
import { APP, account, TENANT } from './fixture';

/** The mailbox the XOAUTH2 tests sign in as. */
export const MAILBOX = 'sales@contoso.example';

/** An in-memory XOAUTH2 account of the fixture's app on a sink (for connector-level tests). */
export function smtpOauthAccount(port: number, over: Record<string, unknown> = {}): Account {
  return account(
    {
      connector: 'smtp',
      host: '127.0.0.1',
      port,
      tls: 'none',
      verifyCertificate: true,
      auth: 'oauth2',
      userName: MAILBOX,
      senderType: 'specific-user',
      senderSubstitution: 'none',
      oauth: {
        tenantId: TENANT,
        clientId: APP.clientId,
        mode: 'client-credentials',
        scope: 'https://outlook.office365.com/.default',
      },
      ...over,
    } as Account['settings'],
    { emailAddress: MAILBOX },
  );
}

/** Creates it; returns the raw response (tests check the status and the body). */
export function createXoauth2Account(
  stack: Stack,
  port: number,
  mailbox: string,
  over: { settings?: Record<string, unknown>; secrets?: Record<string, string> } & Partial<
    Pick<Account, 'name' | 'maxAttempts'>
  > = {},
): Promise<Response> {
  const { settings, secrets, ...rest } = over;
  return stack.fetch('config', '/v1/accounts', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: `SMTP ${JSON.stringify(settings ?? {}).length}`,
      emailAddress: mailbox,
      rateLimitPerMinute: 0,
      ...rest,
      settings: {
        connector: 'smtp',
        host: '127.0.0.1',
        port,
        tls: 'none',
        auth: 'oauth2',
        userName: mailbox,
        ...settings,
      },
      ...(secrets ? { secrets } : {}),
    }),
  });
}
