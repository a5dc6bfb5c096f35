/**
 * Helpers for the dispatcher's integration tests: accounts created through the
 * config API, compose calls, and waiting for an email to reach a status.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Account } from '@verzend/connectors';
import type { EmailRecord, EmailStatus } from '@verzend/shared';
import type { Stack } from '../harness';

type Claims = Parameters<Stack['fetch']>[2] extends infer I
  ? I extends { claims?: infer C }
    ? C
    : never
  : never;

/** Creates an SMTP account pointing at a sink (plain, anonymous unless told). */
export async function createSmtpAccount(
  stack: Pick<Stack, 'fetch'>,
  port: number,
  overrides: Record<string, unknown> & { settings?: Record<string, unknown> } = {},
): Promise<Account> {
  const { settings, ...rest } = overrides;
  const body = {
    name: 'Sales',
    emailAddress: 'sales@cronus.example',
    rateLimitPerMinute: 0,
    concurrencyLimit: 5,
    maxAttempts: 5,
    ...rest,
    settings: {
      connector: 'smtp',
      host: '127.0.0.1',
      port,
      tls: 'none',
      auth: 'anonymous',
      ...settings,
    },
  };
  const res = await stack.fetch('config', '/v1/accounts', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) {
    throw new Error(`account create failed: ${res.status} ${await res.text()}`);
  }
  return (await res.json()) as Account;
}

/** Creates a capture account. */
export async function createCaptureAccount(
  stack: Stack,
  allowlist: string[] = [],
  overrides: Record<string, unknown> = {},
): Promise<Account> {
  const res = await stack.fetch('config', '/v1/accounts', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'Capture',
      emailAddress: 'capture@cronus.example',
      settings: { connector: 'capture', allowlist },
      ...overrides,
    }),
  });
  if (res.status !== 201) {
    throw new Error(`account create failed: ${res.status} ${await res.text()}`);
  }
  return (await res.json()) as Account;
}

/** POSTs a compose request. */
export async function compose(
  stack: Stack,
  body: unknown,
  init: { claims?: Claims; headers?: Record<string, string> } = {},
): Promise<Response> {
  return stack.fetch('dispatcher', '/v1/emails', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...init.headers },
    body: JSON.stringify(body),
    ...(init.claims ? { claims: init.claims } : {}),
  });
}

/** Reads an email as the default admin. */
export async function getEmail(stack: Stack, id: string, claims?: Claims): Promise<Response> {
  return stack.fetch('dispatcher', `/v1/emails/${id}`, claims ? { claims } : {});
}

/** Polls an email until it reaches one of `statuses` (throws after `timeoutMs`). */
export async function waitForStatus(
  stack: Stack,
  id: string,
  statuses: EmailStatus[],
  timeoutMs = 20_000,
  claims?: Claims,
): Promise<EmailRecord> {
  const deadline = Date.now() + timeoutMs;
  let last: EmailRecord | undefined;
  while (Date.now() < deadline) {
    const res = await getEmail(stack, id, claims);
    if (res.status === 200) {
      last = (await res.json()) as EmailRecord;
      if (statuses.includes(last.status)) {
        return last;
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`email ${id} is ${last?.status ?? 'missing'}, not ${statuses.join('/')}`);
}

/** The MIME the capture connector kept for a sent email (its provider id names the file). */
export function readCaptured(stack: Stack, sent: EmailRecord): Promise<string> {
  return readFile(join(stack.captureDir, sent.company, sent.providerMessageId ?? ''), 'utf8');
}
