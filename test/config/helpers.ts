/**
 * Helpers for the config service's integration tests: JSON calls, account
 * bodies, and stand-ins for the renderer and dispatcher NATS endpoints (real
 * NATS request/reply, scripted answers).
 * @module
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import { ResolveAccountResponse } from '@verzend/connectors';
import { NatsUserTokenStore, SecretOpener } from '@verzend/dispatcher';
import { KeyRing, Rpc, requestJson } from '@verzend/shared';
import { expect } from 'vitest';
import type { Stack } from '../harness';

/** Calls the config service and parses the JSON (or problem) body. */
export async function call(
  stack: Stack,
  method: string,
  path: string,
  body?: unknown,
  claims?: Parameters<Stack['token']>[0],
): Promise<{ status: number; body: Record<string, unknown>; text: string; headers: Headers }> {
  const res = await stack.fetch('config', path, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    ...(claims ? { claims } : {}),
  });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    parsed = {};
  }
  return { status: res.status, body: parsed, text, headers: res.headers };
}

/** Asserts a problem+json reply with `status` and `code`; returns its body. */
export function expectProblem(
  res: { status: number; body: Record<string, unknown>; headers: Headers },
  status: number,
  code: string,
): Record<string, unknown> {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body.code).toBe(code);
  return res.body;
}

/** Field paths named by a problem's `errors`. */
export function errorPaths(body: Record<string, unknown>): string[] {
  return ((body.errors as { path: string }[] | undefined) ?? []).map((e) => e.path);
}

/** A valid SMTP basic-auth account body. */
export function smtpAccount(
  overrides: Record<string, unknown> = {},
  settings: Record<string, unknown> = {},
) {
  return {
    name: 'Sales',
    emailAddress: 'sales@cronus.example',
    settings: {
      connector: 'smtp',
      host: 'smtp.cronus.example',
      port: 587,
      tls: 'starttls',
      auth: 'basic',
      userName: 'sales@cronus.example',
      ...settings,
    },
    secrets: { password: 'S3cret-Passw0rd!' },
    ...overrides,
  };
}

/** A capture account body. */
export function captureAccount(name = 'Capture') {
  return { name, emailAddress: 'capture@cronus.example', settings: { connector: 'capture' } };
}

/** Creates an account and returns its JSON. */
export async function createAccount(stack: Stack, body: unknown): Promise<Record<string, unknown>> {
  const res = await call(stack, 'POST', '/v1/accounts', body);
  expect(res.status, res.text).toBe(201);
  return res.body;
}

/** Answers a NATS subject with scripted JSON (a stand-in for another service). */
export function answer(
  nc: NatsConnection,
  subject: string,
  reply: (request: Record<string, unknown>) => unknown,
): Subscription & { requests: Record<string, unknown>[] } {
  const requests: Record<string, unknown>[] = [];
  const sub = nc.subscribe(subject, {
    callback: (_err, msg) => {
      const request = msg.json<Record<string, unknown>>();
      requests.push(request);
      msg.respond(JSON.stringify(reply(request)));
    },
  });
  return Object.assign(sub, { requests });
}

/** A renderer stand-in for layout validation. */
export function fakeRenderer(
  nc: NatsConnection,
  result: { valid: boolean; errors?: { code: string; message: string; tag?: string }[] } = {
    valid: true,
  },
) {
  return answer(nc, Rpc.renderValidate, () => ({ errors: [], tags: ['customerName'], ...result }));
}

/** Uploads a file as multipart/form-data. */
export async function upload(
  stack: Stack,
  path: string,
  file: { name: string; type: string; data: Uint8Array },
  fields: Record<string, string> = {},
  claims?: Parameters<Stack['token']>[0],
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    form.set(k, v);
  }
  form.set('file', new Blob([file.data], { type: file.type }), file.name);
  const res = await stack.fetch('config', path, {
    method: 'POST',
    body: form,
    ...(claims ? { claims } : {}),
  });
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = {};
  }
  return { status: res.status, body, text, headers: res.headers };
}

/**
 * What the dispatcher does with config's secret look-ups (ADR-0018): ask over
 * NATS, open the sealed answer with the key ring, seal user tokens before
 * storing them. `keys` defaults to the stack's SECRETS_KEYS.
 */
export function dispatcherSecrets(stack: Stack, keys = stack.env.SECRETS_KEYS as string) {
  const opener = new SecretOpener(KeyRing.parse(keys));
  const tokens = new NatsUserTokenStore(stack.nc, opener);
  return {
    async resolve(company: string, by: { scenario?: string; accountId?: string }) {
      const sealed = await requestJson(
        stack.nc,
        Rpc.configResolveAccount,
        { company, ...by },
        ResolveAccountResponse,
      );
      return {
        account: sealed.account,
        secrets: opener.account(company, sealed.account.id, sealed.secrets),
      };
    },
    storeUserToken: (company: string, accountId: string, userId: string, refreshToken: string) =>
      tokens.put({ company, accountId, userId }, { refreshToken }),
    userToken: (company: string, accountId: string, userId: string) =>
      tokens.get({ company, accountId, userId }),
  };
}

/**
 * Runs one of the config service's commands (`src/cli/<name>.ts`, what
 * `pnpm --filter @verzend/config <name>` runs) as its own process with `args`
 * and `env`; resolves with what it printed.
 */
export async function runConfigCommand(
  name: 'rotate-secrets' | 'erp-user',
  args: string[],
  env: Record<string, string>,
): Promise<string> {
  const root = join(import.meta.dirname, '..', '..');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions=development',
      join(root, `services/config/src/cli/${name}.ts`),
      ...args,
    ],
    { cwd: root, env: { PATH: process.env.PATH, ...env } },
  );
  return stdout;
}

/** `rotate-secrets` with `env` (NATS_URL, SECRETS_KEYS, maybe the config user's credential). */
export function runRotateSecrets(env: Record<string, string>): Promise<string> {
  return runConfigCommand('rotate-secrets', [], { LOG_LEVEL: 'info', ...env });
}
