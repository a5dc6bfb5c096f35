/**
 * The renderer service end to end: NATS API (render, validate) and HTTP API
 * (render, preview, validate) against a private nats-server with the blob
 * store, worker threads doing the rendering.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { headers as natsHeaders } from '@nats-io/nats-core';
import {
  AppError,
  BlobStore,
  openBlobStore,
  RenderResult,
  Rpc,
  requestJson,
  ValidateLayoutResult,
} from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { startStack } from '../harness';
import { LAYOUTS_DIR } from './fixtures';

const read = (name: string) => readFileSync(join(LAYOUTS_DIR, name));
const invoice = read('sales-invoice-nl.docx');
const invoiceData = JSON.parse(read('sales-invoice-nl.json').toString('utf8')) as Record<
  string,
  unknown
>;
const bigData = JSON.parse(read('sales-invoice-nl.500-lines.json').toString('utf8')) as Record<
  string,
  unknown
>;
const payment = {
  merchantEmail: 'payments@cronus.example',
  environment: 'sandbox',
  linkText: 'Betaal met PayPal',
  amount: 1210.5,
  currency: 'EUR',
  documentNo: 'F-103045',
  itemName: 'Factuur F-103045',
  documentType: 'sales-invoice',
};

/**
 * A private stack with the renderer only (the leak check wants one per test).
 * Most tests render on the service's main thread (RENDER_WORKERS=0); the worker
 * pool is exercised where it matters.
 */
async function startRenderer(workers = '0') {
  const stack = await startStack({
    services: ['renderer'],
    serviceEnv: {
      renderer: {
        RENDER_WORKERS: workers,
        INLINE_RESULT_BYTES: '200000',
        MAX_DATA_BYTES: '400000',
      },
    },
  });
  const blobs = new BlobStore(await openBlobStore(stack.nc));
  const render = (payload: Record<string, unknown>) =>
    requestJson(
      stack.nc,
      Rpc.renderRender,
      { company: stack.company, locale: 'nl-NL', currency: 'EUR', ...payload },
      RenderResult,
      { timeoutMs: 30_000 },
    );
  return { stack, blobs, render, [Symbol.asyncDispose]: () => stack.stop() };
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected a rejection');
}

describe('renderer over NATS', () => {
  it('renders an inline layout with the PayPal link, inline images in the blob store', async () => {
    await using env = await startRenderer('1');
    const { blobs, render } = env;
    const result = await render({
      layout: { docxBase64: invoice.toString('base64') },
      data: invoiceData,
      payment,
    });
    expect(result.html && 'inline' in result.html).toBe(true);
    const html = result.html && 'inline' in result.html ? result.html.inline : '';
    expect(html).toContain('Factuur F-103045');
    expect(html).toContain('Fabrikam &amp; Zonen B.V.');
    expect(html).toContain('href="https://www.sandbox.paypal.com/cgi-bin/webscr?cmd=_xclick');
    expect(result.paymentLink).toContain('amount=1210.50&currency_code=EUR');
    expect(result.text && 'inline' in result.text ? result.text.inline : '').toContain(
      'Bureaustoel ergonomisch #1',
    );
    expect(result.inlineImages).toHaveLength(1);
    const image = result.inlineImages[0];
    expect(html).toContain(`cid:${image?.contentId}`);
    expect(await blobs.exists(image?.blob.sha256 ?? '')).toBe(true);
    expect(result.sizes.htmlBytes).toBe(Buffer.byteLength(html));
    expect(result.docx).toBeNull();
  });

  it('renders a layout from the blob store and returns the filled .docx', async () => {
    await using env = await startRenderer();
    const { blobs, render } = env;
    const ref = await blobs.putBytes(new Uint8Array(invoice));
    const result = await render({
      layout: { blob: ref },
      data: invoiceData,
      options: { includeDocx: true },
    });
    expect(result.layoutSha256).toBe(ref.sha256);
    expect(result.docx && 'base64' in result.docx).toBe(true);
    const docx = Buffer.from(
      result.docx && 'base64' in result.docx ? result.docx.base64 : '',
      'base64',
    );
    expect(docx.subarray(0, 2).toString()).toBe('PK');
    expect(result.sizes.docxBytes).toBe(docx.length);
  });

  it('moves large results to the blob store', async () => {
    await using env = await startRenderer();
    const { blobs, render } = env;
    const result = await render({
      layout: { docxBase64: invoice.toString('base64') },
      data: bigData,
    });
    expect(result.html && 'blob' in result.html).toBe(true);
    const ref = result.html && 'blob' in result.html ? result.html.blob : { sha256: '', size: 0 };
    const stored = Buffer.from(await blobs.getBytes(ref.sha256)).toString('utf8');
    expect(stored).toContain('Vergaderstoel "Comfort" #500');
    expect(result.sizes.htmlBytes).toBe(ref.size);
    expect(result.warnings.map((w) => w.code)).toContain('HTML_TOO_LARGE');
  });

  it('reads a layout by id through the config service, isolated by company', async () => {
    await using env = await startRenderer();
    const { stack, blobs, render } = env;
    const ref = await blobs.putBytes(new Uint8Array(invoice));
    const sub = stack.nc.subscribe(Rpc.configLayout, {
      callback: (_err, msg) => {
        const req = msg.json<{ company: string; layoutId: string }>();
        if (req.company !== stack.company || req.layoutId !== 'invoice-email') {
          const h = natsHeaders();
          h.set('Nats-Service-Error-Code', '404');
          h.set('Nats-Service-Error', 'NOT_FOUND');
          msg.respond(
            JSON.stringify({ code: 'NOT_FOUND', detail: 'No layout invoice-email.', status: 404 }),
            { headers: h },
          );
          return;
        }
        const now = new Date().toISOString();
        msg.respond(
          JSON.stringify({
            layout: {
              id: 'invoice-email',
              name: 'Invoice',
              description: '',
              reportId: 1306,
              builtIn: false,
              blob: ref,
              fileName: 'invoice.docx',
              createdAt: now,
              updatedAt: now,
            },
          }),
        );
      },
    });
    try {
      const ok = await render({ layout: { layoutId: 'invoice-email' }, data: invoiceData });
      expect(ok.layoutSha256).toBe(ref.sha256);
      const other = await rejection(
        render({
          company: 'someone-else',
          layout: { layoutId: 'invoice-email' },
          data: invoiceData,
        }),
      );
      expect(other.code).toBe('NOT_FOUND');
    } finally {
      sub.unsubscribe();
    }
  });

  it('answers a broken layout with 422 LAYOUT_INVALID listing every error with tag and context', async () => {
    await using env = await startRenderer();
    const { render } = env;
    const err = await rejection(
      render({
        layout: { docxBase64: read('broken/malformed-tags.docx').toString('base64') },
        data: {},
      }),
    );
    expect(err.code).toBe('LAYOUT_INVALID');
    expect(err.status).toBe(422);
    expect(err.errors?.map((e) => e.code)).toEqual([
      'unclosed_tag',
      'scopeparser_compilation_failed',
      'scopeparser_compilation_failed',
    ]);
    expect(err.errors?.[1]).toMatchObject({
      tag: 'Total | bogusfilter',
      context: 'The total is {Total | bogusfilter}.',
    });
  });

  it('refuses what is not a Word document, and bad requests, with stable codes', async () => {
    await using env = await startRenderer();
    const { stack, render } = env;
    const notZip = await rejection(
      render({ layout: { docxBase64: Buffer.from('hello').toString('base64') }, data: {} }),
    );
    expect(notZip.code).toBe('LAYOUT_INVALID');
    expect(notZip.errors?.[0]?.code).toBe('not_a_zip');
    const bad = await rejection(
      requestJson(stack.nc, Rpc.renderRender, { company: stack.company }, RenderResult),
    );
    expect(bad.code).toBe('VALIDATION_FAILED');
    const huge = await rejection(
      render({
        layout: { docxBase64: invoice.toString('base64') },
        data: { blob: 'x'.repeat(500_000) },
      }),
    );
    expect(huge.code).toBe('RENDER_FAILED');
    expect(huge.errors?.[0]?.code).toBe('data_too_large');
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 100; i++) {
      deep = { deeper: deep };
    }
    const nested = await rejection(
      render({ layout: { docxBase64: invoice.toString('base64') }, data: deep }),
    );
    expect(nested.errors?.[0]?.code).toBe('data_too_deep');
  });

  it('fails strict renders listing every missing value', async () => {
    await using env = await startRenderer();
    const { render } = env;
    const err = await rejection(
      render({
        layout: { docxBase64: invoice.toString('base64') },
        data: { DocumentNo: 'X' },
        options: { strict: true },
      }),
    );
    expect(err.code).toBe('RENDER_FAILED');
    expect(err.errors?.map((e) => e.tag)).toEqual(
      expect.arrayContaining(['Customer.Name', 'Subtotal | currency']),
    );
    const lenient = await render({
      layout: { docxBase64: invoice.toString('base64') },
      data: { DocumentNo: 'X' },
    });
    expect(lenient.warnings.filter((w) => w.code === 'MISSING_VALUE').length).toBeGreaterThan(3);
  });

  it('validates layouts for the config service', async () => {
    await using env = await startRenderer();
    const { stack } = env;
    const good = await requestJson(
      stack.nc,
      Rpc.renderValidate,
      { company: stack.company, layout: { docxBase64: invoice.toString('base64') } },
      ValidateLayoutResult,
    );
    expect(good.valid).toBe(true);
    expect(good.tags).toEqual(
      expect.arrayContaining(['#Lines', 'Customer.Name', 'Total | currency', '^Notes']),
    );
    const bad = await requestJson(
      stack.nc,
      Rpc.renderValidate,
      {
        company: stack.company,
        layout: { docxBase64: read('broken/unclosed-loop.docx').toString('base64') },
      },
      ValidateLayoutResult,
    );
    expect(bad).toMatchObject({
      valid: false,
      errors: [
        {
          code: 'unclosed_loop',
          tag: 'Lines',
          context: 'table cell: {#Lines}{Description} — row: {#Lines}{Description} | {Amount}',
        },
      ],
    });
  });
});

describe('renderer over HTTP', () => {
  it('renders with the company from the token, and guards access', async () => {
    await using env = await startRenderer();
    const { stack } = env;
    const body = JSON.stringify({
      company: 'ignored',
      layout: { docxBase64: invoice.toString('base64') },
      data: invoiceData,
      locale: 'nl-NL',
      currency: 'EUR',
    });
    const res = await stack.fetch('renderer', '/v1/render', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
    const json = RenderResult.parse(await res.json());
    expect(json.html && 'inline' in json.html ? json.html.inline : '').toContain('€\u00a01.');
    const anon = await fetch(`${stack.url('renderer')}/v1/render`, { method: 'POST', body });
    expect(anon.status).toBe(401);
    const readOnly = await stack.fetch('renderer', '/v1/render', {
      method: 'POST',
      body,
      claims: { perms: ['email-read'] },
      headers: { 'content-type': 'application/json' },
    });
    expect(readOnly.status).toBe(403);
    // HTTP has no NATS payload limit: a large result stays inline.
    const large = await stack.fetch('renderer', '/v1/render', {
      method: 'POST',
      body: JSON.stringify({
        layout: { docxBase64: invoice.toString('base64') },
        data: bigData,
        locale: 'nl-NL',
        currency: 'EUR',
      }),
      headers: { 'content-type': 'application/json' },
    });
    const largeJson = RenderResult.parse(await large.json());
    expect(
      largeJson.html && 'inline' in largeJson.html ? largeJson.html.inline.length : 0,
    ).toBeGreaterThan(200_000);
  });

  it('answers bad input with problem+json, never a 500', async () => {
    await using env = await startRenderer();
    const { stack } = env;
    const post = (body: string) =>
      stack.fetch('renderer', '/v1/render', {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
      });
    const notJson = await post('{"layout":');
    expect(notJson.status).toBe(400);
    expect(notJson.headers.get('content-type')).toContain('application/problem+json');
    const broken = await post(
      JSON.stringify({
        layout: { docxBase64: read('broken/duplicate-open.docx').toString('base64') },
        data: {},
      }),
    );
    expect(broken.status).toBe(422);
    const problem = (await broken.json()) as {
      code: string;
      errors: { code: string; tag: string; context: string }[];
    };
    expect(problem.code).toBe('LAYOUT_INVALID');
    expect(problem.errors[0]).toMatchObject({
      code: 'duplicate_open_tag',
      context: 'Dear {{Customer.Name},',
    });
    const encrypted = Buffer.alloc(2048);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(encrypted);
    Buffer.from('EncryptionInfo', 'utf16le').copy(encrypted, 512);
    const enc = await post(
      JSON.stringify({ layout: { docxBase64: encrypted.toString('base64') }, data: {} }),
    );
    expect(enc.status).toBe(422);
    expect(((await enc.json()) as { errors: { code: string }[] }).errors[0]?.code).toBe(
      'encrypted',
    );
  });

  it('previews a layout from multipart upload with images shown inline', async () => {
    await using env = await startRenderer();
    const { stack } = env;
    const form = new FormData();
    form.append('layout', new Blob([invoice]), 'invoice.docx');
    form.append('data', new Blob([JSON.stringify(invoiceData)]), 'data.json');
    form.append('locale', 'nl-NL');
    form.append('currency', 'EUR');
    const res = await stack.fetch('renderer', '/v1/preview', { method: 'POST', body: form });
    expect(res.status).toBe(200);
    const json = (await res.json()) as {
      html: string;
      previewHtml: string;
      text: string;
      path: string;
      sizes: { htmlBytes: number };
    };
    expect(json.path).toBe('fast');
    expect(json.html).toContain('cid:img-');
    expect(json.previewHtml).toContain('src="data:image/png;base64,');
    expect(json.text).toContain('Fabrikam & Zonen B.V.');
    expect(json.sizes.htmlBytes).toBe(Buffer.byteLength(json.html));

    // Without a language the data's LanguageCode is used (Business Central's NLD → nl-NL).
    const byData = new FormData();
    byData.append('layout', new Blob([invoice]), 'invoice.docx');
    byData.append('data', JSON.stringify({ ...invoiceData, LanguageCode: 'NLD' }));
    const dutch = await stack.fetch('renderer', '/v1/preview', { method: 'POST', body: byData });
    expect(((await dutch.json()) as { html: string }).html).toContain('<html lang="nl-NL">');

    const broken = new FormData();
    broken.append('layout', new Blob([read('broken/unopened-close.docx')]), 'x.docx');
    broken.append('data', '{}');
    const bad = await stack.fetch('renderer', '/v1/preview', { method: 'POST', body: broken });
    expect(bad.status).toBe(422);
    const noData = new FormData();
    noData.append('layout', new Blob([invoice]), 'x.docx');
    noData.append('data', '[1,2]');
    expect(
      (await stack.fetch('renderer', '/v1/preview', { method: 'POST', body: noData })).status,
    ).toBe(400);
  });

  it('serves the designer page without a token, and documents the API', async () => {
    await using env = await startRenderer();
    const { stack } = env;
    const page = await fetch(`${stack.url('renderer')}/preview`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await page.text()).toContain('id="layout"');
    const spec = (await (await fetch(`${stack.url('renderer')}/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/v1/render', '/v1/preview', '/v1/layouts/validate']),
    );
  });

  it('keeps health checks answering while large renders run in the workers', async () => {
    await using env = await startRenderer('2');
    const { stack, render } = env;
    const renders = Array.from({ length: 4 }, () =>
      render({
        // statement-en takes the naive path: every render converts the whole document.
        layout: { docxBase64: read('statement-en.docx').toString('base64') },
        data: {
          Customer: { Name: 'X' },
          Entries: Array.from({ length: 150 }, (_, i) => ({
            DocumentNo: `INV-${i}`,
            Amount: i,
            PostingDate: '2026-11-01',
          })),
        },
      }),
    );
    const health = await fetch(`${stack.url('renderer')}/healthz`);
    expect(health.status).toBe(200);
    const results = await Promise.all(renders);
    expect(results.every((r) => r.html !== null)).toBe(true);
  });
});
