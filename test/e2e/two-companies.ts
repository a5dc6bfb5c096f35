/**
 * Two companies on one stack (config, renderer, dispatcher), each set up to
 * email posted invoices through a capture account, and calls as either one:
 * the second company is the curious one in the tenant-isolation tests.
 * @module
 */
import { createHash } from 'node:crypto';
import type { EventRecord } from '@verzend/shared';
import { expect } from 'vitest';
import { setUpInvoicing } from '../../scripts/demo/company';
import { type Stack, startStack } from '../harness';

/** Token claims for {@link Stack.fetch}. */
export type Claims = NonNullable<Parameters<Stack['token']>[0]>;

/** A blob reference. */
export interface Ref {
  sha256: string;
  size: number;
}

/** A stack with two companies set up to email posted invoices through capture accounts. */
export async function twoCompanies() {
  const stack = await startStack({
    serviceEnv: {
      dispatcher: { INTAKE_MAX_ATTEMPTS: '1' },
      renderer: { RENDER_WORKERS: '0' },
    },
  });
  const a = stack.company;
  const b = `${a}-b`;
  const as = (company: string, claims: Claims = {}): Claims => ({ company, ...claims });
  try {
    for (const company of [a, b]) {
      await setUpInvoicing(
        (service, path, init) => stack.fetch(service, path, { ...init, claims: as(company) }),
        {
          companyName: company,
          account: {
            name: 'Capture',
            emailAddress: `sales@${company}.example`,
            settings: { connector: 'capture', allowlist: [] },
          },
          // The filled Word document: these tests need no PDF printing.
          attachmentFormat: 'docx',
        },
      );
    }
  } catch (err) {
    await stack.stop();
    throw err;
  }

  const call = async (
    service: 'config' | 'renderer' | 'dispatcher',
    path: string,
    claims: Claims,
    body?: unknown,
    method = 'POST',
  ) => {
    const init: RequestInit & { claims: Claims } = { method, claims };
    if (body instanceof FormData) {
      init.body = body;
    } else if (body instanceof Uint8Array) {
      init.body = body;
      init.headers = { 'content-type': 'application/octet-stream' };
    } else if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { 'content-type': 'application/json' };
    }
    const res = await stack.fetch(service, path, init);
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: response bodies are inspected loosely in these tests
    let json: any = {};
    try {
      json = JSON.parse(text);
    } catch {
      json = { text };
    }
    return { status: res.status, json };
  };

  const uploadBlob = async (company: string, bytes: Uint8Array): Promise<Ref> => {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const res = await call('dispatcher', `/v1/blobs/${sha256}`, as(company), bytes, 'PUT');
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return res.json as Ref;
  };

  const settled = async (company: string, eventId: string, statuses: string[]) => {
    const until = Date.now() + 20_000;
    let last: EventRecord | undefined;
    while (Date.now() < until) {
      const res = await call('dispatcher', `/v1/events/${eventId}`, as(company), undefined, 'GET');
      if (res.status === 200) {
        last = res.json as EventRecord;
        if (statuses.includes(last.status)) {
          return last;
        }
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`event ${eventId} of ${company} is ${last?.status ?? 'missing'}`);
  };

  return {
    stack,
    a,
    b,
    as,
    call,
    uploadBlob,
    settled,
    [Symbol.asyncDispose]: () => stack.stop(),
  };
}
