/**
 * Layout errors a designer can act on: each names the whole tag as typed, the
 * paragraph or table cell it is in, and for an expression what is supported
 * (test/fixtures/fidelity/broken-expressions.docx, made in LibreOffice Writer).
 */
import { RenderEngine } from '@verzend/renderer';
import { AppError } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { fidelityJob, loadFidelity } from './fidelity/load';

describe('layout errors', () => {
  it('name the whole tag, where it is, and what expressions may contain', async () => {
    const engine = new RenderEngine({
      cacheSize: 2,
      maxDocxBytes: 10_000_000,
      maxUnzippedBytes: 100_000_000,
    });
    const err = await engine
      .render(fidelityJob(loadFidelity('broken-expressions')))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    const errors = (err as AppError).errors ?? [];
    expect(errors.map((e) => e.code)).toEqual([
      'unclosed_tag',
      'scopeparser_compilation_failed',
      'scopeparser_compilation_failed',
      'scopeparser_compilation_failed',
    ]);
    const [unclosed, backticks, cell, call] = errors;
    // The unclosed tag as typed, up to the end of its paragraph, and not a word of the next one.
    expect(unclosed).toMatchObject({
      tag: 'Customer Name, thank you for your order.',
      context: 'Dear {Customer Name, thank you for your order.',
    });
    expect(unclosed?.message).toContain('"{Customer Name, thank you for your order."');
    expect(unclosed?.message).not.toContain('We will ship');
    // Wrong quotes: the reason and what is supported, not "is not a field name".
    expect(backticks).toMatchObject({ tag: 'Status == `Open`' });
    expect(backticks?.message).toContain('use straight or curly double quotes');
    expect(backticks?.message).toContain('Supported: field names');
    expect(backticks?.message).not.toContain('is not a field name');
    // In a table: the cell and its row.
    expect(cell).toMatchObject({
      tag: 'Amount > ',
      context: 'table cell: {Amount > } — row: {Description} | {Amount > }',
    });
    expect(cell?.message).toContain('ends where a value is expected');
    // The sandbox: no calls outside filters, Dutch quotes read fine.
    expect(call?.tag).toBe('Status == „Open” or Name.toUpperCase()');
    expect(call?.message).toContain('functions cannot be called in a tag');
    expect(call?.message).toMatch(
      /^"Status == "Open" or Name\.toUpperCase\(\)" is not a valid tag/,
    );
  });
});
