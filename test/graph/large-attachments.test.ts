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

  it('sends a single attachment of every size around the thresholds, from 0 to 150 MB', async () => {
    // 3 MB posted/inline, ~3.14 MB still inline in sendMail, 4 MB and 4 MiB request caps,
    // the 3,276,800-byte chunk and its multiples, and the 150 MB upload-session maximum.
    const sizes = [
      0,
      1,
      2_999_999,
      3_000_000,
      3_000_001,
      3_000_002,
      3_100_000,
      3_145_000,
      3_145_728,
      3_276_799,
      3_276_800,
      3_276_801,
      4_000_000,
      4_194_304,
      4_194_305,
      6_553_600,
      6_553_601,
      150 * MiB,
    ];
    for (const [i, size] of sizes.entries()) {
      const a = generatedAttachment(`a${size}.bin`, size, i + 1);
      await fx.m365.send(message({ attachments: [a] }), context(account(appOnly())));
      expect(fx.double.sent[i]?.attachments[0], `size ${size}`).toMatchObject({
        size,
        sha256: a.sha256,
      });
    }
    const over = generatedAttachment('too-big.bin', 150 * MiB + 1);
    await expect(
      fx.m365.send(message({ attachments: [over] }), context(account(appOnly()))),
    ).rejects.toMatchObject({ code: 'MESSAGE_TOO_LARGE', retry: false });
    expect(over.opens).toBe(0);
  });

  it('re-sends a failed chunk with PUT of the same byte range (never GET), and the session keeps what it has', async () => {
    const big = generatedAttachment('statement.pdf', 8 * MiB + 12_345, 3);
    // The second chunk stores 3 units, then fails; its re-send fails again without storing anything.
    const ctx = context(account(appOnly()));
    let puts = 0;
    const original = fx.double.handle.bind(fx.double);
    fx.double.handle = async (req, res) => {
      if (req.method === 'PUT' && req.url?.startsWith('/upload/')) {
        puts++;
        if (puts === 2) {
          fx.double.failNextChunk(3 * UNIT);
        }
        if (puts === 3) {
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
    // Outlook upload sessions have no status request: the double answers GET with 405.
    expect(fx.double.uploadRequests.map((r) => r.method)).not.toContain('GET');
    const failed = fx.double.chunks.filter((c) => c.status === 500);
    expect(failed.map((c) => c.length)).toEqual([3 * UNIT, 3 * UNIT]);
    // The range that failed is sent again from its own start, not skipped or restarted.
    const starts = fx.double.chunks.map((c) => c.start);
    expect(starts.filter((s) => s === failed[0]!.start)).toHaveLength(3);
    expect(big.opens).toBe(1);
    expect(fx.double.requests.filter((r) => r.path.endsWith('createUploadSession'))).toHaveLength(
      1,
    );
    expect(ctx.events.find((e) => e.event === 'graph-upload-session')?.dims).toMatchObject({
      resumed: 2,
    });
  });

  it("honours a chunk's 429 Retry-After, and reports a long one as PROVIDER_THROTTLED", async () => {
    const big = generatedAttachment('ledger.pdf', 5 * MiB, 5);
    fx.double.failNextChunk(0, { status: 429, retryAfter: 2 });
    await fx.m365.send(message({ attachments: [big] }), context(account(appOnly())));
    expect(fx.sleeps).toContain(2_000);
    expect(fx.double.sent[0]!.attachments[0]).toMatchObject({ sha256: big.sha256 });
    expect(fx.double.uploadRequests.map((r) => r.method)).not.toContain('GET');

    fx.double.failNextChunk(0, { status: 429, retryAfter: 60 });
    const err = await fx.m365
      .send(message({ attachments: [big] }), context(account(appOnly())))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'PROVIDER_THROTTLED', retry: true, retryAfterSeconds: 60 });
    expect((err as Error).message).not.toMatch(/expired/);
  });

  it('starts an attachment over only when its session is really gone (404), once', async () => {
    fx.double.fail({
      path: '/upload/',
      method: 'PUT',
      status: 404,
      code: 'itemNotFound',
      message: 'The upload session was not found.',
    });
    const once = generatedAttachment('x.bin', 5 * MiB);
    await fx.m365.send(message({ attachments: [once] }), context(account(appOnly())));
    expect(fx.double.sent[0]!.attachments[0]).toMatchObject({ sha256: once.sha256 });
    expect(fx.double.requests.filter((r) => r.path.endsWith('createUploadSession'))).toHaveLength(
      2,
    );

    fx.double.fail({
      path: '/upload/',
      method: 'PUT',
      status: 404,
      code: 'itemNotFound',
      times: 2,
    });
    const err = await fx.m365
      .send(
        message({ attachments: [generatedAttachment('y.bin', 5 * MiB)] }),
        context(account(appOnly())),
      )
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'UPSTREAM_FAILED', retry: true });
    expect((err as Error).message).toMatch(/expired or was removed twice/);
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
