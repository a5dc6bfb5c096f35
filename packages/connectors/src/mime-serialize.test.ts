import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import { describe, expect, it } from 'vitest';
import { serializeCompiled } from './mime-serialize';

/** The nodemailer version the serializer was written against (ADR-0033). */
const TESTED_NODEMAILER_VERSION = '10.6.0';

const packageDir = join(import.meta.dirname, '..');
const readJson = (path: string) => JSON.parse(readFileSync(join(packageDir, path), 'utf8'));

/** A small seeded generator, so a failing case can be replayed. */
function random(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
  const int = (max: number) => Math.floor(next() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  return { next, int, pick };
}

const WORDS = [
  'Invoice',
  'Factuur',
  'Rechnung',
  '103045',
  'é',
  'Ünïcødé',
  '€',
  '–',
  '請求書',
  'счёт',
  '🙂',
  '=',
  '=3D',
  '.',
  '"quoted"',
  'back\\slash',
  'semi;colon',
  'a,b',
  '<p>',
  '</p>',
  'x'.repeat(90),
  ' ',
  '  ',
  '\t',
  '\n',
  '\r\n',
  ' \r\n',
  '\t\n',
  '=\r\n',
  '.\r\n.',
  '\r',
];

type Rng = ReturnType<typeof random>;

function text(rng: Rng, maxWords: number): string {
  const count = rng.int(maxWords);
  let out = '';
  for (let i = 0; i < count; i++) {
    out += rng.pick(WORDS);
    if (rng.next() < 0.6) {
      out += ' ';
    }
  }
  return out;
}

function bytes(rng: Rng, max: number): Buffer {
  const out = Buffer.alloc(rng.int(max));
  for (let i = 0; i < out.length; i++) {
    // Mostly ASCII, with line breaks, NULs and high bytes among them.
    out[i] = rng.next() < 0.9 ? 32 + rng.int(95) : rng.pick([0, 10, 13, 128, 255]);
  }
  return out;
}

const NAMES = ['', 'Sales', 'Jöhn, "D" \\', 'Accounts Payable 🙂', 'A'.repeat(120), '請求'];
const DOMAINS = ['cronus.example', 'fabrikam.example', 'bücher.example'];

function mailbox(rng: Rng, i: number): Mail.Address {
  return { name: rng.pick(NAMES), address: `user${i}@${rng.pick(DOMAINS)}` };
}

function list(rng: Rng, max: number, offset: number): Mail.Address[] {
  return Array.from({ length: rng.int(max + 1) }, (_, i) => mailbox(rng, offset + i));
}

const TYPES = [
  'application/pdf',
  'image/png',
  'text/plain',
  'text/csv',
  'application/octet-stream',
];
const FILE_NAMES = [
  'invoice.pdf',
  'Fäktura 1.pdf',
  'a "quoted" name.csv',
  'logo.png',
  `${'n'.repeat(100)}.txt`,
];

/** Mail options of the kinds the connectors build, with every part varied. */
function options(seed: number): Mail.Options {
  const rng = random(seed);
  const big = rng.next() < 0.1;
  const body = (max: number) => (big ? text(rng, 20_000) : text(rng, max));
  const attachments: Mail.Attachment[] = Array.from({ length: rng.int(4) }, (_, i) => {
    const contentType = rng.pick(TYPES);
    const inline = rng.next() < 0.3;
    const content =
      contentType.startsWith('text/') && rng.next() < 0.5
        ? rng.next() < 0.5
          ? body(400)
          : Buffer.from(body(400))
        : bytes(rng, big ? 200_000 : 4_000);
    return {
      filename: rng.pick(FILE_NAMES),
      contentType,
      content,
      ...(inline ? { cid: `part${i}@cronus.example`, contentDisposition: 'inline' as const } : {}),
    };
  });
  const html = rng.next() < 0.8 ? `<html><body>${body(600)}</body></html>` : undefined;
  const plain = rng.next() < 0.7 ? body(300) : undefined;
  return {
    messageId: `<e${seed}.cronus@cronus.example>`,
    baseBoundary: `b${seed}`,
    date: new Date(1_700_000_000_000 + seed * 1000),
    xMailer: false,
    from: mailbox(rng, 0),
    ...(rng.next() < 0.2 ? { sender: mailbox(rng, 1) } : {}),
    to: [mailbox(rng, 2), ...list(rng, 2, 3)],
    cc: list(rng, 2, 6),
    bcc: list(rng, 2, 9),
    ...(rng.next() < 0.3 ? { replyTo: list(rng, 2, 12) } : {}),
    subject: text(rng, 30),
    headers: rng.next() < 0.5 ? { 'X-Verzend-Email': `e${seed}`, 'X-Note': text(rng, 10) } : {},
    attachments,
    ...(html === undefined ? {} : { html }),
    ...(plain === undefined ? {} : { text: plain }),
  };
}

const built = (o: Mail.Options) => new MailComposer(o).compile().build();
const serialized = (o: Mail.Options) => serializeCompiled(new MailComposer(o).compile());

describe('serializeCompiled', () => {
  it('runs against the pinned, tested nodemailer version', () => {
    expect(readJson('package.json').dependencies.nodemailer).toBe(TESTED_NODEMAILER_VERSION);
    expect(readJson('node_modules/nodemailer/package.json').version).toBe(
      TESTED_NODEMAILER_VERSION,
    );
  });

  it('writes the bytes nodemailer builds, for 300 varied messages', async () => {
    const seed0 = Number(process.env.MIME_SEED ?? Date.now() % 1_000_000);
    for (let seed = seed0; seed < seed0 + 300; seed++) {
      const o = options(seed);
      const ours = serialized(o);
      expect(ours, `seed ${seed}`).toBeInstanceOf(Buffer);
      const theirs = await built(o);
      if (!theirs.equals(ours as Buffer)) {
        // The first difference, to read in the failure (MIME_SEED replays the run).
        let i = 0;
        while (theirs[i] === ours?.[i]) {
          i++;
        }
        expect(ours?.subarray(i - 60, i + 60).toString('latin1'), `seed ${seed} at byte ${i}`).toBe(
          theirs.subarray(i - 60, i + 60).toString('latin1'),
        );
      }
    }
  }, 60_000);

  it('writes an empty message and an empty attachment as nodemailer does', async () => {
    for (const o of [
      { messageId: '<a@b>', date: new Date(0), baseBoundary: 'e' },
      {
        messageId: '<a@b>',
        date: new Date(0),
        baseBoundary: 'e',
        text: '',
        attachments: [{ filename: 'empty.pdf', content: Buffer.alloc(0) }],
      },
    ] as Mail.Options[]) {
      expect(serialized(o)?.toString()).toBe((await built(o)).toString());
    }
  });

  it('leaves to the streaming build what it does not write itself', () => {
    const base: Mail.Options = { messageId: '<a@b>', text: 'Hello', from: 'a@cronus.example' };
    const stream = { filename: 'a.pdf', content: Readable.from([Buffer.from('%PDF-')]) };
    expect(serialized({ ...base, attachments: [stream] })).toBeUndefined();
    expect(
      serialized({ ...base, attachments: [{ filename: 'a.pdf', path: '/dev/null' }] }),
    ).toBeUndefined();
    expect(serialized({ ...base, raw: 'Subject: raw\r\n\r\nbody' })).toBeUndefined();
    // Quoted-printable outside text encodes lone CR and LF in a mode only the stream has.
    const qpBinary = {
      filename: 'a.bin',
      content: Buffer.from('a\rb'),
      contentType: 'application/octet-stream',
      contentTransferEncoding: 'quoted-printable' as const,
    };
    expect(serialized({ ...base, attachments: [qpBinary] })).toBeUndefined();
    const mime = new MailComposer(base).compile();
    mime.transform(new Transform({ transform: (chunk, _e, done) => done(null, chunk) }));
    expect(serializeCompiled(mime)).toBeUndefined();
  });
});
