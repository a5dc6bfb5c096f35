import PizZip from 'pizzip';
import { describe, expect, it } from 'vitest';
import { LayoutInvalidError } from './layout-error';
import { inspectDocx } from './open';

const limits = { maxDocxBytes: 5_000_000, maxUnzippedBytes: 1_000_000 };
const WORD =
  '<Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';

function zip(files: Record<string, string | Uint8Array>): Uint8Array {
  const z = new PizZip();
  for (const [name, content] of Object.entries(files)) {
    z.file(name, content);
  }
  return z.generate({ type: 'uint8array', compression: 'DEFLATE' });
}

function codeOf(bytes: Uint8Array, l = limits): string {
  try {
    inspectDocx(bytes, l);
  } catch (err) {
    expect(err).toBeInstanceOf(LayoutInvalidError);
    return (err as LayoutInvalidError).issues[0]?.code ?? '';
  }
  return 'ok';
}

describe('inspectDocx', () => {
  it('Should accept a Word package', () => {
    expect(codeOf(zip({ '[Content_Types].xml': WORD, 'word/document.xml': '<w:document/>' }))).toBe(
      'ok',
    );
  });

  it('Should refuse what is not a zip, and say so', () => {
    expect(codeOf(new TextEncoder().encode('%PDF-1.7 not a docx'))).toBe('not_a_zip');
    expect(codeOf(new Uint8Array(3))).toBe('not_a_zip');
  });

  it('Should tell encrypted documents from legacy .doc files', () => {
    const ole = new Uint8Array(4096);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(codeOf(ole)).toBe('legacy_doc');
    ole.set(new Uint8Array(Buffer.from('EncryptionInfo', 'utf16le')), 600);
    expect(codeOf(ole)).toBe('encrypted');
  });

  it('Should refuse other Office files and plain zips', () => {
    expect(codeOf(zip({ 'a.txt': 'x' }))).toBe('not_a_word_document');
    expect(
      codeOf(zip({ '[Content_Types].xml': '<Types>spreadsheetml.sheet.main+xml</Types>' })),
    ).toBe('not_a_word_document');
  });

  it('Should refuse macro-enabled documents: a .docm content type or a vbaProject.bin part', () => {
    const docm = WORD.replace(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
      'application/vnd.ms-word.document.macroEnabled.main+xml',
    );
    expect(codeOf(zip({ '[Content_Types].xml': docm, 'word/document.xml': '<w:document/>' }))).toBe(
      'macro_enabled',
    );
    expect(
      codeOf(
        zip({
          '[Content_Types].xml': WORD,
          'word/document.xml': '<w:document/>',
          'word/vbaProject.bin': new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]),
        }),
      ),
    ).toBe('macro_enabled');
  });

  it('Should refuse a zip bomb, even when its headers lie about the size', () => {
    const bomb = zip({ '[Content_Types].xml': WORD, 'word/document.xml': 'A'.repeat(3_000_000) });
    expect(codeOf(bomb)).toBe('zip_bomb');
    const liar = Buffer.from(bomb);
    // Patch every declared uncompressed size (local headers and central directory) to 10 bytes.
    for (let i = 0; i < liar.length - 4; i++) {
      const sig = liar.readUInt32LE(i);
      if (sig === 0x04034b50) {
        liar.writeUInt32LE(10, i + 22);
      } else if (sig === 0x02014b50) {
        liar.writeUInt32LE(10, i + 24);
      }
    }
    expect(codeOf(new Uint8Array(liar))).toBe('zip_bomb');
  });

  it('Should refuse a cut-off upload as damaged', () => {
    const ok = zip({ '[Content_Types].xml': WORD, 'word/document.xml': '<w:document/>' });
    expect(codeOf(ok.subarray(0, ok.length - 30))).toBe('corrupt_zip');
  });

  it('Should refuse files over the size cap', () => {
    expect(
      codeOf(zip({ '[Content_Types].xml': WORD }), { maxDocxBytes: 10, maxUnzippedBytes: 100 }),
    ).toBe('too_large');
  });
});
