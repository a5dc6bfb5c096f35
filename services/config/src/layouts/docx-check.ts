/**
 * Checks an uploaded layout before anything inflates it: a real zip, a real
 * Word document, and not a zip bomb. Sizes and ratios come from the zip's
 * central directory, so a bomb is refused without decompressing a byte of it;
 * only `[Content_Types].xml` is inflated (with an output cap) to confirm the
 * main part is a Word document and not a macro-enabled one.
 * @module
 */
import { inflateRawSync } from 'node:zlib';
import { type FieldIssue, UnprocessableError } from '@verzend/shared';

/** Limits of {@link checkDocx}. */
export interface DocxLimits {
  /** Sum of uncompressed sizes of all entries. */
  maxUncompressedBytes: number;
  /** Largest uncompressed/compressed ratio of any entry larger than 1 MiB. */
  maxRatio: number;
  maxEntries: number;
}

/** Defaults: Word documents rarely pass 50 MiB inflated or a 100:1 ratio; bombs go far beyond. */
export const DEFAULT_DOCX_LIMITS: DocxLimits = {
  maxUncompressedBytes: 200 * 1024 * 1024,
  maxRatio: 200,
  maxEntries: 5_000,
};

/** One entry of the central directory. */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const WORD_MAIN = [
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml',
];

function invalid(
  message: string,
  errors: FieldIssue[] = [{ path: 'file', message }],
): UnprocessableError {
  return new UnprocessableError('LAYOUT_INVALID', message, { errors });
}

/**
 * Reads the central directory of a zip.
 * @throws {UnprocessableError} LAYOUT_INVALID when it is not a (supported) zip.
 */
export function readZipDirectory(
  data: Buffer,
  maxEntries = DEFAULT_DOCX_LIMITS.maxEntries,
): ZipEntry[] {
  // The end-of-central-directory record is in the last 22 + 65535 (comment) bytes.
  const from = Math.max(0, data.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = data.length - 22; i >= from; i--) {
    if (data.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (data.length < 22 || eocd < 0 || data.readUInt32LE(0) !== 0x04034b50) {
    throw invalid('The file is not a Word document (.docx): it is not a zip archive.');
  }
  const count = data.readUInt16LE(eocd + 10);
  const cdSize = data.readUInt32LE(eocd + 12);
  const cdOffset = data.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) {
    throw invalid('The file uses ZIP64, which Word layouts never need.');
  }
  if (count > maxEntries) {
    throw invalid(`The archive has ${count} entries; at most ${maxEntries} are accepted.`);
  }
  if (cdOffset + cdSize > data.length) {
    throw invalid('The zip archive is truncated or corrupt.');
  }
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > data.length || data.readUInt32LE(p) !== 0x02014b50) {
      throw invalid('The zip directory is corrupt.');
    }
    const nameLength = data.readUInt16LE(p + 28);
    const extraLength = data.readUInt16LE(p + 30);
    const commentLength = data.readUInt16LE(p + 32);
    entries.push({
      method: data.readUInt16LE(p + 10),
      compressedSize: data.readUInt32LE(p + 20),
      uncompressedSize: data.readUInt32LE(p + 24),
      localHeaderOffset: data.readUInt32LE(p + 42),
      name: data.toString('utf8', p + 46, p + 46 + nameLength),
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Inflates one (small) entry, refusing more than `max` bytes of output. */
export function readEntry(data: Buffer, entry: ZipEntry, max: number): Buffer {
  const h = entry.localHeaderOffset;
  if (h + 30 > data.length || data.readUInt32LE(h) !== 0x04034b50) {
    throw invalid(`The zip entry ${entry.name} is corrupt.`);
  }
  const start = h + 30 + data.readUInt16LE(h + 26) + data.readUInt16LE(h + 28);
  const raw = data.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) {
    return raw;
  }
  if (entry.method !== 8) {
    throw invalid(`The zip entry ${entry.name} uses an unsupported compression method.`);
  }
  try {
    return inflateRawSync(raw, { maxOutputLength: max });
  } catch (cause) {
    throw new UnprocessableError('LAYOUT_INVALID', `The zip entry ${entry.name} cannot be read.`, {
      cause,
      errors: [{ path: 'file', message: `${entry.name} is corrupt or too large` }],
    });
  }
}

/**
 * Checks that `data` is a Word document that is safe to hand to the renderer.
 * @throws {UnprocessableError} LAYOUT_INVALID listing what is wrong.
 */
export function checkDocx(data: Buffer, limits: DocxLimits = DEFAULT_DOCX_LIMITS): ZipEntry[] {
  const entries = readZipDirectory(data, limits.maxEntries);
  let total = 0;
  for (const e of entries) {
    if (e.uncompressedSize === 0xffffffff || e.compressedSize === 0xffffffff) {
      throw invalid('The file uses ZIP64, which Word layouts never need.');
    }
    total += e.uncompressedSize;
    const ratio = e.uncompressedSize / Math.max(e.compressedSize, 1);
    if (e.uncompressedSize > 1024 * 1024 && ratio > limits.maxRatio) {
      throw invalid(
        `The archive looks like a zip bomb: ${e.name} expands ${Math.round(ratio)}-fold.`,
        [{ path: 'file', message: 'compression ratio too high', entry: e.name }],
      );
    }
  }
  if (total > limits.maxUncompressedBytes) {
    throw invalid(
      `The archive expands to ${total} bytes; at most ${limits.maxUncompressedBytes} are accepted (zip bomb guard).`,
    );
  }
  const names = new Set(entries.map((e) => e.name));
  const missing = ['[Content_Types].xml', 'word/document.xml'].filter((n) => !names.has(n));
  if (missing.length > 0) {
    throw invalid(
      `The file is a zip but not a Word document: ${missing.join(' and ')} missing.`,
      missing.map((m) => ({ path: 'file', message: `${m} is missing` })),
    );
  }
  const ctEntry = entries.find((e) => e.name === '[Content_Types].xml') as ZipEntry;
  const contentTypes = readEntry(data, ctEntry, 1024 * 1024).toString('utf8');
  const vba = entries.find((e) => /(^|\/)vbaProject\.bin$/i.test(e.name));
  if (/macroEnabled/i.test(contentTypes) || vba) {
    throw invalid(
      'Macro-enabled documents (.docm, or a document with a vbaProject.bin part) are not accepted as layouts; save it as a Word document (.docx) without macros.',
      [
        {
          path: 'file',
          message: 'contains macros',
          code: 'macro_enabled',
          ...(vba ? { entry: vba.name } : {}),
        },
      ],
    );
  }
  if (!WORD_MAIN.some((t) => contentTypes.includes(t))) {
    throw invalid(
      'The file is not a Word document: its main part is not a wordprocessing document.',
    );
  }
  return entries;
}
