/**
 * The renderer with the real config service: a layout upload is validated by
 * the renderer (a broken one is refused with every error), and a stored
 * layout renders by id through `verzend.rpc.config.layout`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Layout, RenderResult, Rpc, requestJson } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { startStack } from '../harness';
import { LAYOUTS_DIR } from './fixtures';

const upload = (file: string) => {
  const form = new FormData();
  form.append(
    'file',
    new Blob([readFileSync(join(LAYOUTS_DIR, file))]),
    file.split('/').pop() ?? 'x.docx',
  );
  form.append('name', 'Invoice email');
  return form;
};

describe('renderer and config together', () => {
  it('refuses a broken upload with the renderer’s errors and renders a stored layout by id', async () => {
    await using stack = await startStack({
      services: ['config', 'renderer'],
      serviceEnv: { renderer: { RENDER_WORKERS: '0' } },
    });
    const bad = await stack.fetch('config', '/v1/layouts', {
      method: 'POST',
      body: upload('broken/unclosed-loop.docx'),
    });
    expect(bad.status).toBe(422);
    const problem = (await bad.json()) as {
      code: string;
      errors: { code: string; tag?: string; context?: string }[];
    };
    expect(problem.code).toBe('LAYOUT_INVALID');
    expect(problem.errors[0]).toMatchObject({ code: 'unclosed_loop', tag: 'Lines' });

    const ok = await stack.fetch('config', '/v1/layouts', {
      method: 'POST',
      body: upload('sales-invoice-nl.docx'),
    });
    expect(ok.status).toBe(201);
    const layout = Layout.parse(await ok.json());
    const data = JSON.parse(readFileSync(join(LAYOUTS_DIR, 'sales-invoice-nl.json'), 'utf8'));
    const result = await requestJson(
      stack.nc,
      Rpc.renderRender,
      {
        company: stack.company,
        layout: { layoutId: layout.id },
        data,
        locale: 'NLD',
        currency: 'EUR',
      },
      RenderResult,
      { timeoutMs: 30_000 },
    );
    expect(result.layoutSha256).toBe(layout.blob.sha256);
    expect(result.html && 'inline' in result.html ? result.html.inline : '').toContain(
      '27 december 2026',
    );
    // A designer previews the stored layout by id.
    const form = new FormData();
    form.append('layoutId', layout.id);
    form.append('data', JSON.stringify(data));
    form.append('locale', 'nl-NL');
    const preview = await stack.fetch('renderer', '/v1/preview', { method: 'POST', body: form });
    expect(preview.status).toBe(200);
    expect(((await preview.json()) as { html: string }).html).toContain('Factuur F-103045');
    const missing = new FormData();
    missing.append('layoutId', 'no-such-layout');
    missing.append('data', '{}');
    expect(
      (await stack.fetch('renderer', '/v1/preview', { method: 'POST', body: missing })).status,
    ).toBe(404);

    const other = await requestJson(
      stack.nc,
      Rpc.renderRender,
      { company: 'another-company', layout: { layoutId: layout.id }, data, locale: 'nl-NL' },
      RenderResult,
    ).catch((e: unknown) => e as { code: string });
    expect((other as { code: string }).code).toBe('NOT_FOUND');
  });
});
