/**
 * Writes a MIME tree that nodemailer's `MailComposer` compiled into one buffer, synchronously.
 *
 * nodemailer's own `build()` streams every node through a `pipeline` of transform streams and
 * an event-loop turn per part: for an invoice email that is most of the CPU the MIME costs (about
 * 0.4 of 0.7 ms per email in the dispatcher's measurements). For content that is already in memory
 * the same bytes come from its synchronous encoders in one pass. The headers, boundaries and
 * transfer encodings stay nodemailer's (its public `buildHeaders()`, `getHeader()` and encoders):
 * only the walk over the tree and the joining are ours. The walk reads four fields that are not
 * in nodemailer's typed API — `childNodes`, `multipart`, `boundary`, `content` — and checks a few
 * more so it never serializes a tree it does not fully understand (ADR-0033); a conformance test
 * holds its output byte-for-byte equal to `build()`.
 * @module
 */

import * as base64 from 'nodemailer/lib/base64';
import type MimeNode from 'nodemailer/lib/mime-node';
import * as qp from 'nodemailer/lib/qp';

/** The fields of a compiled node the serializer reads besides nodemailer's typed API. */
interface CompiledNode {
  buildHeaders(): string;
  getHeader(key: string): string | undefined;
  childNodes?: unknown;
  multipart?: unknown;
  boundary?: unknown;
  content?: unknown;
  contentType?: unknown;
  _raw?: unknown;
  _transforms?: unknown;
  _processFuncs?: unknown;
  newline?: unknown;
}

/** Line length of encoded bodies: RFC 2045's 76, nodemailer's default. */
const LINE_LENGTH = 76;
/** The slice size of nodemailer's quoted-printable encoder (its `ENCODE_SLICE_SIZE`). */
const QP_SLICE = 64 * 1024;

const isWhitespace = (byte: number | undefined) => byte === 0x20 || byte === 0x09;

/**
 * Quoted-printable of `bytes` when it is followed by the byte `next`: whitespace at its end is
 * encoded only before a line break or the end (RFC 2045 §6.7 rule 3). `qp.encode` treats its
 * input as the whole text, so the following byte is encoded along and its encoding cut off.
 */
function qpBefore(bytes: Buffer, next: number | undefined): string {
  if (next === undefined) {
    return qp.encode(bytes);
  }
  const both = qp.encode(Buffer.concat([bytes, Buffer.of(next)]));
  return both.slice(0, both.length - qp.encode(Buffer.of(next)).length);
}

/**
 * A text part in quoted-printable, as nodemailer's streaming encoder writes it when the whole
 * content arrives as one chunk: the whitespace it ends with is held back and encoded last, the
 * rest is encoded in slices, and each slice is wrapped together with the line the last one left
 * open. Wrapping the whole text at once differs at the end (a last line that fits is left alone).
 */
function quotedPrintable(bytes: Buffer): string {
  let end = bytes.length;
  while (end > 0 && isWhitespace(bytes[end - 1])) {
    end--;
  }
  const held = bytes.length - end <= QP_SLICE;
  let out = '';
  let open = '';
  const slices = (part: Buffer) => {
    for (let start = 0; start < part.length; start += QP_SLICE) {
      const stop = Math.min(start + QP_SLICE, part.length);
      const wrapped = qp.wrap(open + qpBefore(part.subarray(start, stop), part[stop]), LINE_LENGTH);
      const lastBreak = wrapped.lastIndexOf('\n');
      open = wrapped.slice(lastBreak + 1);
      out += wrapped.slice(0, lastBreak + 1);
    }
  };
  slices(held ? bytes.subarray(0, end) : bytes);
  if (held) {
    slices(bytes.subarray(end));
  }
  return out + open;
}

/**
 * Whether {@link serializeCompiled} writes `node` exactly as `build()` would: every content is a
 * string or a buffer (no stream, file or URL), no node is raw, nothing transforms the output,
 * and quoted-printable is only used for text (other parts encode lone CR and LF in a way only the
 * streaming encoder offers). The fields must have the shapes this module was written against.
 */
function writable(node: CompiledNode, root: boolean): boolean {
  if (typeof node.buildHeaders !== 'function' || typeof node.getHeader !== 'function') {
    return false;
  }
  if (!Array.isArray(node.childNodes) || node._raw) {
    return false;
  }
  if (root && (!emptyList(node._transforms) || !emptyList(node._processFuncs) || node.newline)) {
    return false;
  }
  const content = node.content;
  if (content !== undefined && typeof content !== 'string' && !Buffer.isBuffer(content)) {
    return false;
  }
  // A part that is not text gets quoted-printable only when its caller asked for it.
  const asked = String(node.getHeader('Content-Transfer-Encoding') ?? '').toLowerCase();
  if (content !== undefined && !isText(node) && asked.includes('quoted-printable')) {
    return false;
  }
  return (node.childNodes as CompiledNode[]).every((child) => writable(child, false));
}

const emptyList = (value: unknown) => Array.isArray(value) && value.length === 0;

/** nodemailer encodes lone CR and LF as data outside text (the `binary` mode of its encoder). */
const isText = (node: CompiledNode) =>
  /^text\//i.test(String(node.contentType ?? node.getHeader('Content-Type') ?? ''));

/** Appends `node` (headers, encoded content, children between boundaries) to `out`. */
function write(node: CompiledNode, out: (string | Buffer)[]): boolean {
  out.push(`${node.buildHeaders()}\r\n\r\n`);
  const content = node.content as string | Buffer | undefined;
  if (content) {
    // buildHeaders has just set the encoding it chose; reading it back avoids scanning the
    // content a second time.
    const encoding = String(node.getHeader('Content-Transfer-Encoding') ?? '').toLowerCase();
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    if (encoding === 'base64') {
      out.push(base64.wrap(base64.encode(bytes), LINE_LENGTH));
    } else if (encoding === 'quoted-printable' && isText(node)) {
      out.push(quotedPrintable(bytes));
    } else if (encoding === 'quoted-printable') {
      return false;
    } else {
      out.push(bytes);
    }
  }
  // buildHeaders has set `multipart` and `boundary` from the Content-Type it wrote.
  if (node.multipart) {
    if (typeof node.boundary !== 'string' || !node.boundary) {
      return false;
    }
    const children = node.childNodes as CompiledNode[];
    for (const [i, child] of children.entries()) {
      out.push(`${i > 0 ? '\r\n' : ''}--${node.boundary}\r\n`);
      if (!write(child, out)) {
        return false;
      }
    }
    out.push(`\r\n--${node.boundary}--\r\n`);
  }
  return true;
}

/**
 * The whole message of a compiled tree as one buffer, the bytes `build()` would give; or
 * `undefined` when the tree holds something only the streaming build handles (a stream or file
 * as content, a raw node, an output transform), which the caller then builds with `build()`.
 * Call it on a freshly compiled tree: like `build()`, it fills in the root's Date, Message-ID
 * and MIME-Version headers and the multipart boundaries.
 *
 * @example
 * const mime = new MailComposer(options).compile();
 * const raw = serializeCompiled(mime) ?? (await mime.build());
 */
export function serializeCompiled(mime: MimeNode): Buffer | undefined {
  const root = mime as unknown as CompiledNode;
  if (!writable(root, true)) {
    return undefined;
  }
  const out: (string | Buffer)[] = [];
  if (!write(root, out)) {
    return undefined;
  }
  const raw = Buffer.concat(
    out.map((part) => (typeof part === 'string' ? Buffer.from(part) : part)),
  );
  // As build() does: the message ends with a line break.
  const last = raw.at(-1);
  if (last === 0x0a) {
    return raw;
  }
  return Buffer.concat([raw, Buffer.from(last === 0x0d ? '\n' : '\r\n')]);
}
