/**
 * Size rules: over 4 MB a draft + upload sessions (chunks ≤ 4 MB, multiples of
 * 320 KiB), resuming from nextExpectedRanges after a failed chunk; the double
 * reassembles and hashes every attachment.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  account,
  appOnly,
  bytesAttachment,
  context,
  type GraphFixture,
  generatedAttachment,
  message,
  SHARED,
  sha256,
  startGraphFixture,
} from './fixture';

const MiB = 1024 * 1024;
const UNIT = 320 * 1024;

let fx: GraphFixture;
beforeEach(async () => {
  fx = await startGraphFixture();
});
afterEach(async () => {
  await fx.stop();
});

describe('Graph size rules', () => {
  it('sends an 8 MB attachment through a draft and an upload session', async () => {
    const big = generatedAttachment('statement.pdf', 8 * MiB);
    const small = Buffer.from('logo bytes');
    const ctx = context(account(appOnly()));
    const result = await fx.m365.send(
      message({
        attachments: [
          big,
          bytesAttachment('logo.png', small, {
            inline: true,
            contentId: 'logo',
            contentType: 'image/png',
          }),
        ],
      }),
      ctx,
    );
    expect(result.providerStatus).toBe(202);
    expect(result.providerMessageId).toMatch(/^AAMk/);
    const sent = fx.double.sent[0]!;
    expect(sent).toMatchObject({ mailbox: SHARED, via: 'draft' });
    expect(sent.attachments).toEqual([
      expect.objectContaining({
        name: 'statement.pdf',
        size: 8 * MiB,
        sha256: big.sha256,
        via: 'upload',
      }),
      expect.objectContaining({
        name: 'logo.png',
        sha256: sha256(small),
        via: 'post',
        isInline: true,
        contentId: 'logo',
      }),
    ]);
    const chunks = fx.double.chunks.filter((c) => c.status !== 500);
    expect(
      chunks.every(
        (c, i) => c.length <= 4 * MiB && (i === chunks.length - 1 || c.length % UNIT === 0),
      ),
    ).toBe(true);
    expect(chunks.reduce((s, c) => s + c.length, 0)).toBe(8 * MiB);
    expect(big.opens).toBe(1);
    expect(ctx.events.find((e) => e.event === 'graph-upload-session')?.dims).toMatchObject({
      size: 8 * MiB,
      resumed: 0,
    });
  });

  it('sends a 100 MB attachment without a whole copy in memory, hash verified at the double', async () => {
    const huge = generatedAttachment('archive.zip', 100 * MiB, 42);
    await fx.m365.send(message({ attachments: [huge] }), context(account(appOnly())));
    const sent = fx.double.sent[0]!;
    expect(sent.attachments).toEqual([
      expect.objectContaining({ size: 100 * MiB, sha256: huge.sha256, via: 'upload' }),
    ]);
    expect(fx.double.chunks.length).toBe(Math.ceil((100 * MiB) / (10 * UNIT)));
  }, 120_000);

  it('keeps small attachments in one sendMail while the request stays under 4 MB', async () => {
    const a = Buffer.alloc(1_000_000, 7);
    const b = Buffer.alloc(1_500_000, 9);
    await fx.m365.send(
      message({ attachments: [bytesAttachment('a.pdf', a), bytesAttachment('b.pdf', b)] }),
      context(account(appOnly())),
    );
    expect(fx.double.sent[0]).toMatchObject({ via: 'sendMail' });
    expect(fx.double.sent[0]!.attachments.map((x) => x.sha256)).toEqual([sha256(a), sha256(b)]);
  });

  it('posts 3 MB attachments to a draft when together they pass 4 MB', async () => {
    const a = Buffer.alloc(2_900_000, 1);
    const b = Buffer.alloc(2_900_000, 2);
    await fx.m365.send(
      message({ attachments: [bytesAttachment('a.pdf', a), bytesAttachment('b.pdf', b)] }),
      context(account(appOnly())),
    );
    expect(fx.double.sent[0]).toMatchObject({ via: 'draft' });
    expect(fx.double.sent[0]!.attachments.map((x) => [x.via, x.sha256])).toEqual([
      ['post', sha256(a)],
      ['post', sha256(b)],
    ]);
    expect(fx.double.requests.some((r) => r.status === 413)).toBe(false);
  });

  it('resumes from nextExpectedRanges after a chunk that failed half-way', async () => {
    const big = generatedAttachment('statement.pdf', 8 * MiB + 12_345, 3);
    // The second chunk stores 3 units, then fails; the third fails without storing anything.
    const ctx = context(account(appOnly()));
    let puts = 0;
    const original = fx.double.handle.bind(fx.double);
    fx.double.handle = async (req, res) => {
      if (req.method === 'PUT' && req.url?.startsWith('/upload/')) {
        puts++;
        if (puts === 2) {
          fx.double.failNextChunk(3 * UNIT);
        }
        if (puts === 4) {
          fx.double.failNextChunk(0);
        }
      }
      return original(req, res);
    };
    await fx.m365.send(message({ attachments: [big] }), ctx);
    const sent = fx.double.sent[0]!;
    expect(sent.attachments[0]).toMatchObject({
      size: big.size,
      sha256: big.sha256,
      via: 'upload',
    });
    const failed = fx.double.chunks.filter((c) => c.status === 500);
    expect(failed.map((c) => c.length)).toEqual([3 * UNIT, 0]);
    // After the half-stored chunk the next one starts exactly where the session said.
    const after = fx.double.chunks[fx.double.chunks.indexOf(failed[0]!) + 1]!;
    expect(after.start).toBe(failed[0]!.start + 3 * UNIT);
    expect(ctx.events.find((e) => e.event === 'graph-upload-session')?.dims).toMatchObject({
      resumed: 2,
    });
  });

  it('gives up on an expired upload session with a retryable error and deletes the draft', async () => {
    fx.double.fail({
      path: '/upload/',
      method: 'PUT',
      status: 404,
      code: 'itemNotFound',
      message: 'The upload session was not found.',
    });
    const err = await fx.m365
      .send(
        message({ attachments: [generatedAttachment('x.bin', 5 * MiB)] }),
        context(account(appOnly())),
      )
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'UPSTREAM_FAILED', retry: true });
    expect((err as Error).message).toMatch(/upload session expired/);
    expect(fx.double.deletedDrafts).toHaveLength(1);
  });

  it('deletes the draft when an attachment cannot be added, so a retry starts clean', async () => {
    fx.double.fail({
      path: 'createUploadSession',
      status: 400,
      code: 'ErrorAttachmentSizeShouldNotBeLessThanMinimumSize',
      message: 'Attachment size should not be less than minimum size.',
    });
    const err = await fx.m365
      .send(
        message({ attachments: [generatedAttachment('x.bin', 5 * MiB)] }),
        context(account(appOnly())),
      )
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'MESSAGE_REJECTED', retry: false });
    expect(fx.double.deletedDrafts).toHaveLength(1);
    expect(fx.double.sent).toHaveLength(0);
  });

  it('refuses a body over the 4 MB request limit with a clear reason', async () => {
    const err = await fx.m365
      .send(message({ html: `<p>${'x'.repeat(4 * MiB)}</p>` }), context(account(appOnly())))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'MESSAGE_TOO_LARGE', retry: false });
    expect((err as Error).message).toMatch(/4 MB, not including attachments/);
  });
});
