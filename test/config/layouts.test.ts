import { randomBytes } from 'node:crypto';
import { minimalDocx } from '@verzend/config';
import PizZip from 'pizzip';
import { describe, expect, it } from 'vitest';
import { startStack } from '../harness';
import { call, errorPaths, expectProblem, fakeRenderer, upload } from './helpers';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const docx = (data: Uint8Array, name = 'invoice.docx') => ({ name, type: DOCX, data });

describe('config: layouts', () => {
  it('lists read-only built-ins, customises one into "Copy of …", exports and deletes custom layouts', async () => {
    await using stack = await startStack({ services: ['config'] });
    const list = (await call(stack, 'GET', '/v1/layouts')).body.items as {
      id: string;
      name: string;
      builtIn: boolean;
    }[];
    const builtin = list.find((l) => l.id === 'builtin-sales-invoice-email');
    expect(builtin).toMatchObject({ builtIn: true, name: 'Standard Sales - Invoice (email body)' });
    expectProblem(
      await call(stack, 'DELETE', '/v1/layouts/builtin-sales-invoice-email'),
      409,
      'INVALID_STATE',
    );
    expectProblem(
      await call(stack, 'PATCH', '/v1/layouts/builtin-sales-invoice-email', { name: 'x' }),
      409,
      'INVALID_STATE',
    );

    const copy = await call(stack, 'POST', '/v1/layouts/builtin-sales-invoice-email/customise');
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({
      name: 'Copy of Standard Sales - Invoice (email body)',
      builtIn: false,
      reportId: 1306,
    });

    const exported = await stack.fetch('config', `/v1/layouts/${copy.body.id}/content`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toBe(DOCX);
    const bytes = Buffer.from(await exported.arrayBuffer());
    expect(new PizZip(bytes).file('word/document.xml')?.asText()).toContain('{customerName}');

    const renamed = await call(stack, 'PATCH', `/v1/layouts/${copy.body.id}`, {
      name: 'Blue invoice',
    });
    expect(renamed.body.name).toBe('Blue invoice');

    // A layout used by a report selection cannot be deleted.
    const sel = await call(stack, 'PUT', '/v1/report-selections/sales-invoice', {
      entries: [{ sequence: 1, reportId: 1306, useForEmailBody: true, bodyLayoutId: copy.body.id }],
    });
    expect(sel.status, sel.text).toBe(200);
    expectProblem(await call(stack, 'DELETE', `/v1/layouts/${copy.body.id}`), 409, 'CONFLICT');
    await call(stack, 'DELETE', '/v1/report-selections/sales-invoice');
    expect((await call(stack, 'DELETE', `/v1/layouts/${copy.body.id}`)).status).toBe(204);
    expectProblem(await call(stack, 'GET', `/v1/layouts/${copy.body.id}`), 404, 'NOT_FOUND');
  });

  it('stores an upload only after the renderer validated it', async () => {
    await using stack = await startStack({ services: ['config'] });
    const data = minimalDocx(['Dear {customerName},', 'Invoice {documentNo}']);

    // No renderer: 503 and nothing stored.
    expectProblem(
      await upload(stack, '/v1/layouts', docx(data), { name: 'Invoice' }),
      503,
      'UNAVAILABLE',
    );
    const custom = async () =>
      ((await call(stack, 'GET', '/v1/layouts')).body.items as { builtIn: boolean }[]).filter(
        (l) => !l.builtIn,
      );
    expect(await custom()).toEqual([]);

    // Renderer finds errors: 422 listing each of them, nothing stored.
    const bad = fakeRenderer(stack.nc, {
      valid: false,
      errors: [
        { code: 'unclosed_tag', message: 'Unclosed tag {customerName', tag: 'customerName' },
        { code: 'unopened_tag', message: 'Unopened tag documentNo}', tag: 'documentNo' },
      ],
    });
    await stack.nc.flush();
    const refused = expectProblem(
      await upload(stack, '/v1/layouts', docx(data)),
      422,
      'LAYOUT_INVALID',
    );
    expect(refused.errors).toHaveLength(2);
    expect(JSON.stringify(refused.errors)).toContain('customerName');
    expect(bad.requests[0]).toMatchObject({
      company: stack.company,
      layout: { blob: { size: data.length } },
    });
    expect(await custom()).toEqual([]);
    bad.unsubscribe();

    const good = fakeRenderer(stack.nc);
    await stack.nc.flush();
    const ok = await upload(stack, '/v1/layouts', docx(data), {
      name: 'Invoice',
      reportId: '1306',
      description: 'Ours',
    });
    expect(ok.status, ok.text).toBe(201);
    expect(ok.body).toMatchObject({
      name: 'Invoice',
      reportId: 1306,
      description: 'Ours',
      builtIn: false,
      fileName: 'invoice.docx',
    });
    expect(await custom()).toHaveLength(1);

    // Replacing the content keeps the id (report selections keep using it).
    const replace = async (id: string, bytes: Uint8Array) => {
      const form = new FormData();
      form.set('file', new Blob([bytes], { type: DOCX }), 'edited.docx');
      return stack.fetch('config', `/v1/layouts/${id}/content`, { method: 'PUT', body: form });
    };
    const edited = minimalDocx(['Hello {customerName}, edited in Word.']);
    const replaced = await replace(String(ok.body.id), edited);
    expect(replaced.status).toBe(200);
    const after = (await replaced.json()) as {
      id: string;
      fileName: string;
      blob: { size: number };
    };
    expect(after).toMatchObject({
      id: ok.body.id,
      fileName: 'edited.docx',
      blob: { size: edited.length },
    });
    const exported = await stack.fetch('config', `/v1/layouts/${ok.body.id}/content`);
    expect(Buffer.from(await exported.arrayBuffer()).equals(edited)).toBe(true);
    expect((await replace('builtin-sales-invoice-email', edited)).status).toBe(409);
    expect(
      (await replace(String(ok.body.id), Buffer.from('not a zip, just text, really'))).status,
    ).toBe(422);
    good.unsubscribe();
  });

  it('refuses what is not a Word document, zip bombs and oversized uploads before asking the renderer', async () => {
    await using stack = await startStack({
      services: ['config'],
      serviceEnv: { config: { MAX_LAYOUT_BYTES: '200000' } },
    });
    const renderer = fakeRenderer(stack.nc);
    await stack.nc.flush();
    const notZip = await upload(
      stack,
      '/v1/layouts',
      docx(Buffer.from('%PDF-1.7 this is not a zip file at all')),
    );
    expect(errorPaths(expectProblem(notZip, 422, 'LAYOUT_INVALID'))).toContain('file');

    const zip = new PizZip();
    zip.file('readme.txt', 'hello');
    const notDocx = await upload(
      stack,
      '/v1/layouts',
      docx(zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' })),
    );
    expect(expectProblem(notDocx, 422, 'LAYOUT_INVALID').detail).toContain('word/document.xml');

    const bomb = minimalDocx(['x'], { 'word/media/zeros.bin': new Uint8Array(30 * 1024 * 1024) });
    expect(bomb.length).toBeLessThan(200_000);
    expect(
      expectProblem(await upload(stack, '/v1/layouts', docx(bomb)), 422, 'LAYOUT_INVALID').detail,
    ).toContain('zip bomb');

    const big = randomBytes(300_000);
    const tooBig = minimalDocx(['x'], { 'word/media/noise.bin': big });
    expectProblem(await upload(stack, '/v1/layouts', docx(tooBig)), 413, 'PAYLOAD_TOO_LARGE');

    const plain = await stack.fetch('config', '/v1/layouts', {
      method: 'POST',
      body: 'not multipart',
      headers: { 'content-type': 'text/plain' },
    });
    expect(plain.status).toBe(415);
    const noFile = new FormData();
    noFile.set('name', 'x');
    const missing = await stack.fetch('config', '/v1/layouts', { method: 'POST', body: noFile });
    expect(missing.status).toBe(400);

    expect(renderer.requests).toEqual([]);
    renderer.unsubscribe();
  });
});
