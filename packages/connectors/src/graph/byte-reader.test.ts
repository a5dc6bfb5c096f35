import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { RangeReader } from './byte-reader';
import { assertChunkSize, CHUNK_UNIT, nextStart } from './upload-session';

const data = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
const open = async () =>
  Readable.from([data.subarray(0, 333), data.subarray(333, 700), data.subarray(700)]);

describe('RangeReader', () => {
  it('reads sequential ranges across stream chunks with one open', async () => {
    const r = new RangeReader(open);
    expect(await r.read(0, 400)).toEqual(data.subarray(0, 400));
    expect(await r.read(400, 400)).toEqual(data.subarray(400, 800));
    expect(await r.read(800, 400)).toEqual(data.subarray(800));
    expect(r.opens).toBe(1);
    r.close();
  });

  it('serves a resume inside the last chunk from memory and a resume before it by reopening', async () => {
    const r = new RangeReader(open);
    await r.read(0, 400);
    await r.read(400, 400);
    expect(await r.read(500, 300)).toEqual(data.subarray(500, 800));
    expect(r.opens).toBe(1);
    expect(await r.read(100, 50)).toEqual(data.subarray(100, 150));
    expect(r.opens).toBe(2);
    r.close();
  });

  it('skips forward', async () => {
    const r = new RangeReader(open);
    expect(await r.read(900, 50)).toEqual(data.subarray(900, 950));
    r.close();
  });
});

describe('upload session helpers', () => {
  it('parses nextExpectedRanges', () => {
    expect(nextStart(['3276800-'])).toBe(3_276_800);
    expect(nextStart(['0-1023', '2048-'])).toBe(0);
    expect(nextStart([])).toBeUndefined();
    expect(nextStart('x')).toBeUndefined();
  });

  it('accepts only multiples of 320 KiB up to 4 MB', () => {
    expect(() => assertChunkSize(10 * CHUNK_UNIT)).not.toThrow();
    expect(() => assertChunkSize(13 * CHUNK_UNIT)).toThrow(RangeError);
    expect(() => assertChunkSize(CHUNK_UNIT + 1)).toThrow(RangeError);
  });
});
