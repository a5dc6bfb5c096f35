/**
 * A renderer on a machine without LibreOffice: it still renders email
 * bodies, says on `/readyz` that printing is unavailable (and stays ready),
 * and refuses PDF jobs with a retryable 503 — it never answers with the Word
 * file instead.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startStack } from '../harness';
import { LAYOUTS_DIR } from './fixtures';

const invoice = readFileSync(join(LAYOUTS_DIR, 'sales-invoice-nl.docx'));
const data = JSON.parse(readFileSync(join(LAYOUTS_DIR, 'sales-invoice-nl.json'), 'utf8'));

describe('a renderer that cannot print', () => {
  it('renders bodies, reports printing unavailable and refuses PDFs with a retryable 503', async () => {
    await using stack = await startStack({
      services: ['renderer'],
      serviceEnv: {
        renderer: {
          RENDER_WORKERS: '0',
          PRINT_WORKERS: '1',
          PRINT_SOFFICE: '/nonexistent/libreoffice/program/soffice.bin',
        },
      },
    });
    const ready = await fetch(`${stack.url('renderer')}/readyz`);
    expect(ready.status).toBe(200);
    const checks = ((await ready.json()) as { checks: unknown[] }).checks;
    expect(checks).toContainEqual({
      name: 'printing',
      ok: false,
      required: false,
      reason: expect.stringContaining('LibreOffice is not installed'),
    });

    const render = (options: Record<string, unknown>) =>
      stack.fetch('renderer', '/v1/render', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          layout: { docxBase64: invoice.toString('base64') },
          data,
          locale: 'nl-NL',
          currency: 'EUR',
          options,
        }),
      });
    const body = await render({ includeDocx: true });
    expect(body.status).toBe(200);
    expect(((await body.json()) as { html: { inline: string } }).html.inline).toContain('<');

    const pdf = await render({ includePdf: true });
    expect(pdf.status).toBe(503);
    expect(pdf.headers.get('content-type')).toContain('application/problem+json');
    expect(await pdf.json()).toMatchObject({
      code: 'UNAVAILABLE',
      retry: true,
      detail: expect.stringContaining('Printing to PDF is not available'),
    });
  });
});
