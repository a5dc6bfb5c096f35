/**
 * An SMTP XOAUTH2 account created through the config API, pointing at a sink.
 * @module
 */
import type { Account } from '@verzend/shared';
import type { Stack } from '../harness';

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
