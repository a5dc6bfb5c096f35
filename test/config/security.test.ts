import { Writable } from 'node:stream';
import { Kvm } from '@nats-io/kv';
import { Buckets, createLogger, Rpc } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { startStack } from '../harness';
import {
  answer,
  call,
  createAccount,
  dispatcherSecrets,
  expectProblem,
  smtpAccount,
} from './helpers';

const SAMPLE: Record<string, string> = {
  id: 'some-id',
  code: 'sales-invoice',
  usage: 'sales-invoice',
};

function samplePath(path: string): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) =>
    path.startsWith('/v1/sending-profiles') && name === 'code' ? 'EMAIL' : (SAMPLE[name] ?? 'x'),
  );
}

describe('config: security', () => {
  it('answers 403 on every change route without email-admin, and on reads without email-read', async () => {
    await using stack = await startStack({ services: ['config'] });
    const doc = (await (await fetch(`${stack.url('config')}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        path,
        method: method.toUpperCase(),
        // Bodies go in the route's documented media type (others are refused with 415 first).
        multipart:
          (op as { requestBody?: { content?: Record<string, unknown> } }).requestBody?.content?.[
            'multipart/form-data'
          ] !== undefined,
      })),
    );
    const changes = routes.filter((r) => r.method !== 'GET');
    expect(changes.length).toBeGreaterThan(25);
    for (const r of changes) {
      for (const perms of [['email-read'], ['email-edit']] as const) {
        if (r.multipart) {
          const res = await stack.fetch('config', samplePath(r.path), {
            method: r.method,
            body: new FormData(),
            claims: { perms: [...perms] },
          });
          expect(res.status, `${r.method} ${r.path}`).toBe(403);
          continue;
        }
        const res = await call(stack, r.method, samplePath(r.path), {}, { perms: [...perms] });
        expectProblem(res, 403, 'FORBIDDEN');
      }
    }
    for (const r of routes.filter((x) => x.method === 'GET' && x.path.startsWith('/v1/'))) {
      expectProblem(
        await call(stack, 'GET', samplePath(r.path), undefined, { perms: [] }),
        403,
        'FORBIDDEN',
      );
    }
    // Every documented operation carries an example somewhere in its request or response.
    const text = JSON.stringify(doc);
    expect(text).toContain('"example"');
    expect(Object.keys(doc.paths).length).toBeGreaterThan(20);
  });

  it("shows another company nothing of this one's configuration", async () => {
    await using stack = await startStack({ services: ['config'] });
    const account = await createAccount(stack, smtpAccount());
    const layout = await call(stack, 'POST', '/v1/layouts/builtin-sales-invoice-email/customise');
    expect(layout.status).toBe(201);
    await call(stack, 'PUT', '/v1/company', { name: 'Cronus' });
    await call(stack, 'PUT', '/v1/view-policies', { userId: 'alice', policy: 'own' });
    await call(stack, 'PUT', '/v1/sending-profiles/EMAIL', {
      email: 'yes-use-default',
      isDefault: true,
    });
    const other = { company: 'another-company' };

    for (const path of [
      '/v1/accounts',
      '/v1/view-policies',
      '/v1/sending-profiles',
      '/v1/report-selections',
    ]) {
      const res = await call(stack, 'GET', path, undefined, other);
      expect(res.status).toBe(200);
      expect(res.body.items, path).toEqual([]);
    }
    const layouts = (await call(stack, 'GET', '/v1/layouts', undefined, other)).body.items as {
      builtIn: boolean;
    }[];
    expect(layouts.every((l) => l.builtIn)).toBe(true);
    expectProblem(
      await call(stack, 'GET', `/v1/accounts/${account.id}`, undefined, other),
      404,
      'NOT_FOUND',
    );
    expectProblem(
      await call(stack, 'PATCH', `/v1/accounts/${account.id}`, { name: 'x' }, other),
      404,
      'NOT_FOUND',
    );
    expectProblem(
      await call(stack, 'DELETE', `/v1/accounts/${account.id}`, undefined, other),
      404,
      'NOT_FOUND',
    );
    expectProblem(
      await call(stack, 'POST', `/v1/accounts/${account.id}/test`, {}, other),
      404,
      'NOT_FOUND',
    );
    expectProblem(
      await call(
        stack,
        'PUT',
        '/v1/scenarios/sales-invoice/account',
        { accountId: account.id },
        other,
      ),
      404,
      'NOT_FOUND',
    );
    expectProblem(
      await call(stack, 'GET', `/v1/layouts/${layout.body.id}`, undefined, other),
      404,
      'NOT_FOUND',
    );
    expectProblem(await call(stack, 'GET', '/v1/company', undefined, other), 404, 'NOT_FOUND');
    expectProblem(
      await call(stack, 'GET', '/v1/sending-profiles/EMAIL', undefined, other),
      404,
      'NOT_FOUND',
    );
    // Still intact for its owner.
    expect((await call(stack, 'GET', `/v1/accounts/${account.id}`)).status).toBe(200);
  });

  it('never puts a secret into a response, a log line or a plain KV value', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ service: 'test', level: 'trace', destination: sink });
    await using stack = await startStack({ services: ['config'], logger });
    const secrets = {
      password: 'pw-7f3a9c1e-never-show',
      clientSecret: 'cs-5b2d8e4f-never-show',
      refreshToken: 'rt-9a1c3e5g-never-show',
      accessToken: 'at-1b3d5f7h-never-show',
    };
    const userRefresh = 'user-refresh-2c4e6g8i-never-show';
    const responses: string[] = [];
    const record = async (p: Promise<{ text: string }>) => {
      const r = await p;
      responses.push(r.text);
      return r;
    };
    const created = await record(
      call(stack, 'POST', '/v1/accounts', smtpAccount({ secrets: { password: secrets.password } })),
    );
    const id = (JSON.parse(created.text) as { id: string }).id;
    await record(
      call(stack, 'PATCH', `/v1/accounts/${id}`, {
        secrets: {
          clientSecret: secrets.clientSecret,
          refreshToken: secrets.refreshToken,
          accessToken: secrets.accessToken,
        },
      }),
    );
    // A rejected request that carries a secret must not echo it either.
    await record(
      call(
        stack,
        'POST',
        '/v1/accounts',
        smtpAccount({ emailAddress: 'bad', secrets: { password: secrets.password } }),
      ),
    );
    await record(
      call(stack, 'PATCH', `/v1/accounts/${id}`, {
        secrets: { password: secrets.password, bogus: 'x' },
      }),
    );
    await record(call(stack, 'GET', '/v1/accounts'));
    await record(call(stack, 'GET', `/v1/accounts/${id}`));
    await record(call(stack, 'POST', `/v1/accounts/${id}/test`, {}));
    const dispatcher = answer(stack.nc, Rpc.dispatcherTestAccount, () => ({
      ok: true,
      message: 'ok',
      durationMs: 1,
    }));
    await record(call(stack, 'POST', `/v1/accounts/${id}/test`, {}));
    dispatcher.unsubscribe();
    await record(
      call(stack, 'POST', '/v1/company/copy', {
        targetCompany: `${stack.company}-copy`,
        name: 'Copy',
      }),
    );

    // The dispatcher-only NATS API hands them out sealed (ADR-0018): the dispatcher opens
    // them with its key ring, and seals the user tokens it stores.
    const resolved = await stack.nc.request(
      Rpc.configResolveAccount,
      JSON.stringify({ company: stack.company, accountId: id }),
    );
    const asDispatcher = dispatcherSecrets(stack);
    expect((await asDispatcher.resolve(stack.company, { accountId: id })).secrets).toEqual(secrets);
    await asDispatcher.storeUserToken(stack.company, id, 'alice', userRefresh);
    expect(await asDispatcher.userToken(stack.company, id, 'alice')).toEqual({
      refreshToken: userRefresh,
    });
    const token = await stack.nc.request(
      Rpc.configGetUserToken,
      JSON.stringify({ company: stack.company, accountId: id, userId: 'alice' }),
    );
    const nats = [resolved.string(), token.string()];
    expect(nats.join('\n')).toContain('"alg":"A256GCM"');

    const kvm = new Kvm(stack.nc);
    const raw: string[] = [];
    for (const bucket of [Buckets.config, Buckets.secrets]) {
      const kv = await kvm.open(bucket);
      for await (const key of await kv.keys()) {
        const entry = await kv.get(key);
        raw.push(`${key}=${entry?.string() ?? ''}`);
      }
    }
    expect(raw.some((r) => r.includes('"kid"'))).toBe(true);
    const haystacks = {
      responses: responses.join('\n'),
      logs: lines.join('\n'),
      kv: raw.join('\n'),
      nats: nats.join('\n'),
    };
    expect(lines.length).toBeGreaterThan(5);
    for (const secret of [...Object.values(secrets), userRefresh]) {
      for (const [where, text] of Object.entries(haystacks)) {
        expect(text.includes(secret), `${where} contains a secret`).toBe(false);
        expect(
          text.includes(Buffer.from(secret).toString('base64')),
          `${where} contains a base64 secret`,
        ).toBe(false);
      }
    }
    // The audit trail names which secrets changed, never their values.
    expect(haystacks.logs).toContain('config-changed');
    expect(haystacks.logs).toContain('secrets set: clientSecret, refreshToken, accessToken');
  });
});
