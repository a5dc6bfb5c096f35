import { JetStreamApiError } from '@nats-io/jetstream';
import { errors } from '@nats-io/nats-core';
import { describe, expect, it } from 'vitest';
import { isNatsUnavailable, readWithRetry } from './unavailable';

describe('NATS outage classification', () => {
  it('treats disconnects, timeouts and JetStream 5xx as unavailable, and nothing else', () => {
    expect(isNatsUnavailable(new errors.TimeoutError())).toBe(true);
    expect(isNatsUnavailable(new errors.ClosedConnectionError())).toBe(true);
    expect(
      isNatsUnavailable(
        new Error('wrapped', { cause: new errors.RequestError('connection disconnected') }),
      ),
    ).toBe(true);
    expect(
      isNatsUnavailable(
        new JetStreamApiError({ code: 503, err_code: 10039, description: 'jetstream not ready' }),
      ),
    ).toBe(true);
    expect(
      isNatsUnavailable(
        new JetStreamApiError({ code: 400, err_code: 10071, description: 'wrong last sequence' }),
      ),
    ).toBe(false);
    expect(isNatsUnavailable(new TypeError('bug'))).toBe(false);
    expect(isNatsUnavailable('nope')).toBe(false);
  });

  it('retries reads through an outage and then gives up with a retryable 503', async () => {
    let calls = 0;
    const value = await readWithRetry(async () => {
      calls++;
      if (calls < 3) {
        throw new errors.TimeoutError();
      }
      return 'ok';
    });
    expect([value, calls]).toEqual(['ok', 3]);
    await expect(
      readWithRetry(async () => {
        throw new errors.TimeoutError();
      }, 2),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE', status: 503, retry: true });
    await expect(
      readWithRetry(async () => {
        throw new TypeError('bug');
      }),
    ).rejects.toBeInstanceOf(TypeError);
  });

  it('gives up once its time budget is spent, however many tries are left (each may wait for a timeout)', async () => {
    let calls = 0;
    const slowTimeout = async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 150));
      throw new errors.TimeoutError();
    };
    await expect(readWithRetry(slowTimeout, 8, 400)).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      status: 503,
    });
    expect(calls).toBeGreaterThanOrEqual(1);
    expect(calls).toBeLessThan(8);
  });
});
