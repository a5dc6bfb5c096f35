import PizZip from 'pizzip';
import { describe, expect, it } from 'vitest';
import { checkDocx, readZipDirectory } from './docx-check';
import { minimalDocx } from './minimal-docx';

function zipOf(files: Record<string, string | Uint8Array>): Buffer {
  const zip = new PizZip();
  for (const [name, content] of Object.entries(files)) {
    zip.file(name, content);
  }
  return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const layoutError = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err as { code: string; errors: unknown[] };
  }
  throw new Error('expected a LAYOUT_INVALID error');
};

describe('checkDocx', () => {
  it('accepts a Word document and lists its entries', () => {
    const entries = checkDocx(minimalDocx(['Hello {customerName}']));
    expect(entries.map((e) => e.name)).toContain('word/document.xml');
  });

  it('builds byte-identical documents from the same paragraphs', () => {
    expect(minimalDocx(['a']).equals(minimalDocx(['a']))).toBe(true);
  });

  it('refuses something that is not a zip', () => {
    const err = layoutError(() => checkDocx(Buffer.from('%PDF-1.7 not a zip at all, really not')));
    expect(err.code).toBe('LAYOUT_INVALID');
    expect(JSON.stringify(err.errors)).toContain('file');
  });

  it('refuses a zip without the Word parts and names each missing part', () => {
    const err = layoutError(() => checkDocx(zipOf({ 'hello.txt': 'hi' })));
    expect(err.code).toBe('LAYOUT_INVALID');
    expect(err.errors).toHaveLength(2);
  });

  it('refuses a zip whose main part is not a Word document', () => {
    const data = minimalDocx(['x'], {
      '[Content_Types].xml':
        '<Types><Override PartName="/word/document.xml" ContentType="application/xml"/></Types>',
    });
    expect(layoutError(() => checkDocx(data)).code).toBe('LAYOUT_INVALID');
  });

  it('refuses macro-enabled documents', () => {
    const data = minimalDocx(['x'], {
      '[Content_Types].xml':
        '<Types><Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>',
    });
    expect(() => checkDocx(data)).toThrow(/Macro/);
    const withVba = minimalDocx(['x'], { 'word/vbaProject.bin': new Uint8Array([1, 2, 3]) });
    const err = layoutError(() => checkDocx(withVba));
    expect(err.code).toBe('LAYOUT_INVALID');
    expect(err.errors).toEqual([expect.objectContaining({ code: 'macro_enabled' })]);
  });

  it('refuses a zip bomb by ratio from the directory alone', () => {
    const bomb = minimalDocx(['x'], { 'word/media/bomb.bin': new Uint8Array(20 * 1024 * 1024) });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(() => checkDocx(bomb)).toThrow(/zip bomb/);
  });

  it('refuses an archive whose total expanded size passes the cap', () => {
    const big = minimalDocx(['x'], { 'word/media/a.bin': new Uint8Array(300 * 1024) });
    expect(() =>
      checkDocx(big, { maxUncompressedBytes: 200 * 1024, maxRatio: 1e9, maxEntries: 100 }),
    ).toThrow(/expands to/);
  });

  it('refuses archives with too many entries', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 20; i++) {
      files[`f${i}.txt`] = 'x';
    }
    expect(() => readZipDirectory(zipOf(files), 10)).toThrow(/entries/);
  });
});
