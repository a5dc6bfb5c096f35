import { JetStreamApiError } from '@nats-io/jetstream';
import { errors as natsErrors } from '@nats-io/nats-core';
import { describe, expect, it } from 'vitest';
import {
  AppError,
  ConflictError,
  createError,
  DeliveryError,
  type ErrorCode,
  ErrorCodes,
  InternalError,
  NotFoundError,
  toAppError,
  ValidationError,
} from './errors';

describe('error vocabulary', () => {
  it('gives every code a class whose status matches the code table and that survives a problem round trip', () => {
    for (const code of Object.keys(ErrorCodes) as ErrorCode[]) {
      const err = createError(code, `message for ${code}`, {
        errors: [{ path: 'a.b', message: 'bad' }],
      });
      expect(err).toBeInstanceOf(AppError);
      expect(err.code).toBe(code);
      expect(err.status).toBe(ErrorCodes[code]);
      const back = AppError.fromProblem(err.toProblem({ expose: true }));
      expect(back.constructor).toBe(err.constructor);
      expect(back.code).toBe(code);
      expect(back.retry).toBe(err.retry);
      expect(back.message).toBe(`message for ${code}`);
      expect(back.errors).toEqual([{ path: 'a.b', message: 'bad' }]);
    }
  });

  it('hides the detail of internal errors unless asked, and keeps the cause', () => {
    const cause = new Error('db password wrong at line 3');
    const err = toAppError(cause);
    expect(err).toBeInstanceOf(InternalError);
    expect(err.cause).toBe(cause);
    expect(err.toProblem().detail).not.toContain('password');
    expect(err.toProblem({ expose: true }).detail).toContain('password');
  });

  it('marks transient families retryable and client mistakes not', () => {
    expect(createError('UNAVAILABLE', 'x').retry).toBe(true);
    expect(
      createError('PROVIDER_THROTTLED', 'x', { retryAfterSeconds: 7 }).toProblem()
        .retryAfterSeconds,
    ).toBe(7);
    // A provider's throttling and temporary failures are worth another try unless said otherwise.
    expect(createError('PROVIDER_THROTTLED', 'x').retry).toBe(true);
    expect(createError('PROVIDER_TEMPORARY_FAILURE', 'x')).toMatchObject({
      retry: true,
      status: 503,
    });
    expect(new ValidationError('x').retry).toBe(false);
    expect(new NotFoundError('x').status).toBe(404);
    expect(new ConflictError('x', { code: 'DEFAULT_ACCOUNT_REQUIRED' }).status).toBe(409);
  });

  it('carries the provider status of a delivery error across the wire', () => {
    const err = new DeliveryError('RECIPIENT_REJECTED', '550 5.1.1 unknown user', {
      providerStatus: 550,
      retry: false,
    });
    const back = AppError.fromProblem(err.toProblem());
    expect(back).toBeInstanceOf(DeliveryError);
    expect((back as DeliveryError).providerStatus).toBe(550);
    expect(back.retry).toBe(false);
  });

  it('falls back to INTERNAL for unknown codes from foreign replies', () => {
    expect(AppError.fromProblem(JSON.parse('{"code":"NOPE","detail":"x"}')).code).toBe('INTERNAL');
  });
});

describe('unexpected failures are transient', () => {
  it('makes an unnamed error INTERNAL but retryable, and keeps it retryable across NATS', () => {
    const err = toAppError(new Error('socket hang up'));
    expect(err.code).toBe('INTERNAL');
    expect(err.retry).toBe(true);
    expect(AppError.fromProblem(err.toProblem()).retry).toBe(true);
  });

  it('turns NATS timeouts and outages into a retryable 503 with Retry-After', () => {
    for (const cause of [
      new natsErrors.TimeoutError(),
      new natsErrors.RequestError('no responders', { cause: new natsErrors.TimeoutError() }),
      new natsErrors.NoRespondersError('verzend.rpc.config.account.resolve'),
      new natsErrors.ClosedConnectionError(),
    ]) {
      const err = toAppError(cause);
      expect(err).toMatchObject({ code: 'UNAVAILABLE', status: 503, retry: true });
      expect(err.retryAfterSeconds).toBeGreaterThan(0);
    }
  });

  it('turns a full JetStream store into a retryable 507 and other JetStream API errors into INTERNAL', () => {
    const full = toAppError(
      new JetStreamApiError({
        code: 500,
        err_code: 10047,
        description: 'insufficient storage resources available',
      }),
    );
    expect(full).toMatchObject({ code: 'INSUFFICIENT_STORAGE', status: 507, retry: true });
    expect(full.retryAfterSeconds).toBeGreaterThan(0);
    const other = toAppError(
      new JetStreamApiError({ code: 400, err_code: 10071, description: 'wrong last sequence: 4' }),
    );
    expect(other.code).toBe('INTERNAL');
  });
});
