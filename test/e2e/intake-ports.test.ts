/**
 * The intake's NATS ports against a real nats-server with stand-in config
 * and renderer endpoints: configuration answers are reused within the TTL,
 * small layouts travel inline with the render request, large ones by
 * reference, and service errors come back as the same error classes.
 */
import { headers } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import {
  ConfigClient,
  FakeBlobs,
  INLINE_LAYOUT_BYTES,
  natsConfig,
  natsRenderer,
} from '@verzend/dispatcher/testing';
import { type RenderRequest, Rpc, Subjects } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { TestNatsServer, track } from '../harness';

const renderResult = {
  html: { inline: '<p>ok</p>' },
  text: { inline: 'ok' },
  docx: null,
  inlineImages: [],
  warnings: [],
  sizes: { htmlBytes: 9, textBytes: 2, docxBytes: 0 },
  paymentLink: null,
  layoutSha256: 'a'.repeat(64),
  durationMs: 1,
};

async function setup() {
  const nats = await TestNatsServer.start();
  const nc = await connect({ servers: nats.url });
  const untrack = track('intake ports test NATS connection');
  return {
    nc,
    async [Symbol.asyncDispose]() {
      await nc.close();
      untrack();
      await nats.dispose();
    },
  };
}

describe('intake NATS ports', () => {
  it('reuses configuration answers within the TTL and shares concurrent look-ups', async () => {
    await using t = await setup();
    let asked = 0;
    t.nc.subscribe(Rpc.configSendingProfile, {
      callback: (_e, m) => {
        asked++;
        m.respond(
          JSON.stringify({
            profile: {
              code: 'EMAIL',
              description: '',
              email: 'yes-use-default',
              attachmentFormat: 'docx',
              isDefault: true,
            },
          }),
        );
      },
    });
    await t.nc.flush();
    const config = natsConfig(t.nc, { configMs: 2000, renderMs: 2000, cacheTtlMs: 60_000 });
    const answers = await Promise.all([
      config.sendingProfile('c1', undefined),
      config.sendingProfile('c1', undefined),
    ]);
    await config.sendingProfile('c1', undefined);
    expect(answers.map((p) => p?.code)).toEqual(['EMAIL', 'EMAIL']);
    expect(asked).toBe(1);
    await config.sendingProfile('c2', undefined);
    expect(asked).toBe(2);

    const uncached = natsConfig(t.nc, { configMs: 2000, renderMs: 2000, cacheTtlMs: 0 });
    await uncached.sendingProfile('c1', undefined);
    await new Promise((r) => setTimeout(r, 5));
    await uncached.sendingProfile('c1', undefined);
    expect(asked).toBe(4);
  });

  it('drops a company’s cached answers at once when config announces a change of it', async () => {
    await using t = await setup();
    const asked: string[] = [];
    t.nc.subscribe(Rpc.configSendingProfile, {
      callback: (_e, m) => {
        const { company } = m.json<{ company: string }>();
        asked.push(company);
        m.respond(
          JSON.stringify({
            profile: {
              code: `P${asked.length}`,
              description: '',
              email: 'yes-use-default',
              attachmentFormat: 'docx',
              isDefault: true,
            },
          }),
        );
      },
    });
    t.nc.subscribe(Rpc.configPaymentSettings, {
      callback: (_e, m) => {
        asked.push('payments');
        m.respond(JSON.stringify({ paypal: null }));
      },
    });
    await t.nc.flush();
    // A TTL far longer than the test: only the change notice can make it ask again.
    const config = new ConfigClient(t.nc, undefined, { ttlMs: 3_600_000 });
    const unwatch = config.watchChanges();
    try {
      await t.nc.flush();
      expect((await config.sendingProfile('c1', undefined))?.code).toBe('P1');
      expect((await config.sendingProfile('c10', undefined))?.code).toBe('P2');
      await config.paymentSettings('c1');
      expect((await config.sendingProfile('c1', undefined))?.code).toBe('P1');
      expect(asked).toEqual(['c1', 'c10', 'payments']);

      t.nc.publish(Subjects.configChanged('c1', 'sending-profile'), '{}');
      await t.nc.flush();
      // Every answer of c1 is asked again; c10 (a longer name with the same start) keeps its own.
      let profile = await config.sendingProfile('c1', undefined);
      for (let i = 0; profile?.code === 'P1' && i < 100; i++) {
        await new Promise((r) => setTimeout(r, 10));
        profile = await config.sendingProfile('c1', undefined);
      }
      expect(profile?.code).toBe('P4');
      await config.paymentSettings('c1');
      expect((await config.sendingProfile('c10', undefined))?.code).toBe('P2');
      expect(asked).toEqual(['c1', 'c10', 'payments', 'c1', 'payments']);
    } finally {
      unwatch();
    }
  });

  it('sends small layouts inline, large ones by reference, and passes errors on by code', async () => {
    await using t = await setup();
    const blobs = new FakeBlobs();
    const small = await blobs.putBytes(new Uint8Array([80, 75, 3, 4, 1, 2, 3]));
    const large = { sha256: 'b'.repeat(64), size: INLINE_LAYOUT_BYTES + 1 };
    const received: RenderRequest[] = [];
    t.nc.subscribe(Rpc.renderRender, {
      callback: (_e, m) => {
        received.push(m.json<RenderRequest>());
        m.respond(JSON.stringify(renderResult));
      },
    });
    await t.nc.flush();
    const layouts: Record<string, typeof small> = { small, large };
    let lookups = 0;
    const renderer = natsRenderer(
      t.nc,
      { configMs: 2000, renderMs: 2000, cacheTtlMs: 60_000 },
      {
        layout: async (company, layoutId) => {
          lookups++;
          const blob = layouts[layoutId];
          if (!blob) {
            throw new Error(`no layout ${layoutId} for ${company}`);
          }
          return {
            id: layoutId,
            name: layoutId,
            description: '',
            reportId: 1306,
            builtIn: false,
            blob,
            fileName: `${layoutId}.docx`,
            createdAt: '2026-11-27T00:00:00.000Z',
            updatedAt: '2026-11-27T00:00:00.000Z',
          };
        },
        blobs,
      },
    );
    const request = (layoutId: string) =>
      ({
        company: 'c1',
        layout: { layoutId },
        locale: 'en-US',
        options: { strict: false, includeDocx: false, includeBody: true, includePdf: false },
        data: { a: 1 },
      }) as RenderRequest;
    expect((await renderer.render(request('small'))).html).toEqual({ inline: '<p>ok</p>' });
    await renderer.render(request('large'));
    expect(received[0]?.layout).toEqual({
      docxBase64: Buffer.from([80, 75, 3, 4, 1, 2, 3]).toString('base64'),
    });
    expect(received[1]?.layout).toEqual({ blob: large });
    expect(lookups).toBe(2);
  });

  it('passes service errors on with their code, and a missing service as retryable', async () => {
    await using t = await setup();
    t.nc.subscribe(Rpc.configReportSelection, {
      callback: (_e, m) => {
        const h = headers();
        h.set('Nats-Service-Error-Code', '404');
        h.set('Nats-Service-Error', 'NOT_FOUND');
        m.respond(JSON.stringify({ code: 'NOT_FOUND', status: 404, detail: 'No company c1.' }), {
          headers: h,
        });
      },
    });
    await t.nc.flush();
    const config = natsConfig(t.nc, { configMs: 2000, renderMs: 2000, cacheTtlMs: 60_000 });
    await expect(config.reportSelection('c1', 'sales-invoice', '10000')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      retry: false,
    });
    // No config service at all: retryable, and not remembered.
    await expect(config.paymentSettings('c1')).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      retry: true,
    });
    t.nc.subscribe(Rpc.configPaymentSettings, {
      callback: (_e, m) => {
        m.respond(JSON.stringify({ paypal: null }));
      },
    });
    await t.nc.flush();
    expect(await config.paymentSettings('c1')).toEqual({ paypal: null });
  });
});
