/**
 * Checks that bytes are a Word document we can safely open, before any library
 * inflates them: a zip (not an encrypted or legacy .doc compound file), not a
 * zip bomb (every entry is really inflated under a decompressed-size budget, so
 * lying size headers do not help), and with a Word main document part.
 * @module
 */
import { inflateRawSync } from 'node:zlib';
import { LayoutInvalidError, type LayoutIssue } from './layout-error';

/** Limits for {@link inspectDocx}. */
export interface DocxLimits {
  /** Largest .docx accepted, in bytes. */
  maxDocxBytes: number;
  /** Largest total decompressed size, in bytes (zip-bomb guard). */
  maxUnzippedBytes: number;
  /** Most zip entries accepted. */
  maxEntries?: number;
}

const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const WORD_MAIN_TYPES = [
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml',
  'application/vnd.ms-word.document.macroEnabled.main+xml',
  'application/vnd.ms-word.template.macroEnabledTemplate.main+xml',
];

function fail(code: string, message: string): never {
  throw new LayoutInvalidError([{ code, message } satisfies LayoutIssue]);
}

function findEndOfCentralDirectory(buf: Buffer): number {
  const min = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      return i;
    }
  }
  return -1;
}

/**
 * Validates a .docx and returns its entries' names.
 * @throws {LayoutInvalidError} with code `too_large`, `encrypted`, `legacy_doc`, `not_a_zip`,
 *   `zip_bomb`, `corrupt_zip`, `macro_enabled` or `not_a_word_document`.
 */
export function inspectDocx(bytes: Uint8Array, limits: DocxLimits): string[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length > limits.maxDocxBytes) {
    fail(
      'too_large',
      `The layout is ${buf.length} bytes; at most ${limits.maxDocxBytes} are accepted.`,
    );
  }
  if (buf.length >= 8 && buf.subarray(0, 8).equals(OLE_SIGNATURE)) {
    if (buf.includes(Buffer.from('EncryptionInfo', 'utf16le'))) {
      fail(
        'encrypted',
        'The document is password-protected (encrypted). Save it without a password and upload it again.',
      );
    }
    fail(
      'legacy_doc',
      'This is a Word 97-2003 (.doc) file. Save it as a Word document (.docx) and upload it again.',
    );
  }
  if (buf.length < 22 || buf.readUInt32LE(0) !== 0x04034b50) {
    fail('not_a_zip', 'The file is not a Word document (.docx): it is not a zip package.');
  }
  const eocd = findEndOfCentralDirectory(buf);
  if (eocd < 0) {
    fail(
      'corrupt_zip',
      'The Word document is damaged: its zip directory is missing (was the upload cut short?).',
    );
  }
  const entryCount = buf.readUInt16LE(eocd + 10);
  const maxEntries = limits.maxEntries ?? 2000;
  if (entryCount > maxEntries) {
    fail('zip_bomb', `The document holds ${entryCount} parts; at most ${maxEntries} are accepted.`);
  }
  let ptr = buf.readUInt32LE(eocd + 16);
  let budget = limits.maxUnzippedBytes;
  const names: string[] = [];
  let contentTypes: string | undefined;
  for (let n = 0; n < entryCount; n++) {
    if (ptr + 46 > buf.length || buf.readUInt32LE(ptr) !== 0x02014b50) {
      fail('corrupt_zip', 'The Word document is damaged: its zip directory is not readable.');
    }
    const flags = buf.readUInt16LE(ptr + 8);
    const method = buf.readUInt16LE(ptr + 10);
    const compressedSize = buf.readUInt32LE(ptr + 20);
    const declaredSize = buf.readUInt32LE(ptr + 24);
    const nameLen = buf.readUInt16LE(ptr + 28);
    const extraLen = buf.readUInt16LE(ptr + 30);
    const commentLen = buf.readUInt16LE(ptr + 32);
    const localOffset = buf.readUInt32LE(ptr + 42);
    const name = buf.toString('utf8', ptr + 46, ptr + 46 + nameLen);
    ptr += 46 + nameLen + extraLen + commentLen;
    if (flags & 0x1) {
      fail(
        'encrypted',
        `The document is encrypted (part ${name}). Save it without a password and upload it again.`,
      );
    }
    if (declaredSize > budget) {
      fail(
        'zip_bomb',
        `The document unpacks to more than ${limits.maxUnzippedBytes} bytes; it is refused.`,
      );
    }
    if (localOffset + 30 > buf.length || buf.readUInt32LE(localOffset) !== 0x04034b50) {
      fail('corrupt_zip', `The Word document is damaged: part ${name} is not readable.`);
    }
    const dataStart =
      localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
    const data = buf.subarray(dataStart, dataStart + compressedSize);
    let actual: Buffer;
    if (method === 0) {
      actual = data;
    } else if (method === 8) {
      try {
        actual = inflateRawSync(data, { maxOutputLength: Math.max(1, budget) });
      } catch (cause) {
        if ((cause as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
          fail(
            'zip_bomb',
            `The document unpacks to more than ${limits.maxUnzippedBytes} bytes; it is refused.`,
          );
        }
        fail('corrupt_zip', `The Word document is damaged: part ${name} cannot be unpacked.`);
      }
    } else {
      fail(
        'corrupt_zip',
        `The Word document uses an unsupported compression method (${method}) in ${name}.`,
      );
    }
    budget -= actual.length;
    if (budget < 0) {
      fail(
        'zip_bomb',
        `The document unpacks to more than ${limits.maxUnzippedBytes} bytes; it is refused.`,
      );
    }
    if (name === '[Content_Types].xml') {
      contentTypes = actual.toString('utf8');
    }
    names.push(name);
  }
  if (contentTypes === undefined) {
    fail(
      'not_a_word_document',
      'The file is a zip package but not a Word document ([Content_Types].xml is missing).',
    );
  }
  // Macros never run here, but a layout is shared with designers who open it in Word.
  if (/macroEnabled/i.test(contentTypes) || names.some((n) => /(^|\/)vbaProject\.bin$/i.test(n))) {
    fail(
      'macro_enabled',
      'The document contains macros (.docm or a vbaProject.bin part); save it as a Word document (.docx) without macros.',
    );
  }
  if (!WORD_MAIN_TYPES.some((t) => contentTypes.includes(t))) {
    const kind = contentTypes.includes('spreadsheetml')
      ? 'an Excel workbook'
      : contentTypes.includes('presentationml')
        ? 'a PowerPoint presentation'
        : 'not a Word document';
    fail('not_a_word_document', `The file is ${kind}; a layout must be a Word document (.docx).`);
  }
  return names;
}
