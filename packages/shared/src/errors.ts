/**
 * One error vocabulary for HTTP and NATS (see docs/adr/0002-error-vocabulary.md).
 *
 * Every failure a caller can act on is an {@link AppError} with a stable `code`.
 * The code decides the HTTP status, the RFC 9457 problem+json body, and the
 * `Nats-Service-Error-Code` / `Nats-Service-Error` headers of a NATS reply, so
 * both edges agree. Callers decide by type or `retry`, never by message text.
 * @module
 */

import { classifyNatsFailure } from './nats/failures';

/** Stable error codes, mapped to their HTTP status. Never rename a code: clients depend on it. */
export const ErrorCodes = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  INVALID_ADDRESS: 400,
  TOO_MANY_RECIPIENTS: 400,
  HEADER_INJECTION: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  LICENCE_NOT_ALLOWED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  IDEMPOTENCY_CONFLICT: 409,
  DEFAULT_ACCOUNT_REQUIRED: 409,
  SUBSTITUTION_ACCOUNT_EXISTS: 409,
  INVALID_STATE: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  LAYOUT_INVALID: 422,
  RENDER_FAILED: 422,
  NEEDS_CREDENTIALS: 422,
  NOT_CONNECTED: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UPSTREAM_FAILED: 502,
  CONNECTION_FAILED: 502,
  AUTH_FAILED: 502,
  RECIPIENT_REJECTED: 502,
  RECIPIENT_NOT_ALLOWED: 502,
  MESSAGE_REJECTED: 502,
  MESSAGE_TOO_LARGE: 502,
  MAILBOX_NOT_ENABLED: 502,
  CONSENT_MISSING: 502,
  MFA_REQUIRED: 502,
  TOKEN_EXPIRED: 502,
  PROVIDER_THROTTLED: 503,
  PROVIDER_TEMPORARY_FAILURE: 503,
  UNAVAILABLE: 503,
  TIMEOUT: 504,
  INSUFFICIENT_STORAGE: 507,
} as const;

/** A stable error code. */
export type ErrorCode = keyof typeof ErrorCodes;

const titles: Record<ErrorCode, string> = {
  BAD_REQUEST: 'Bad request',
  VALIDATION_FAILED: 'The request is not valid',
  INVALID_ADDRESS: 'An email address is not valid',
  TOO_MANY_RECIPIENTS: 'Too many recipients',
  HEADER_INJECTION: 'A header contains a line break',
  UNAUTHORIZED: 'Authentication required',
  FORBIDDEN: 'Not allowed',
  LICENCE_NOT_ALLOWED: 'Your licence does not allow this',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Conflict',
  IDEMPOTENCY_CONFLICT: 'Idempotency key reused with a different request',
  DEFAULT_ACCOUNT_REQUIRED: 'A default account is required',
  SUBSTITUTION_ACCOUNT_EXISTS: 'Another account already substitutes the sender',
  INVALID_STATE: 'Not possible in the current state',
  PAYLOAD_TOO_LARGE: 'Payload too large',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported media type',
  LAYOUT_INVALID: 'The layout is not valid',
  RENDER_FAILED: 'The document could not be rendered',
  NEEDS_CREDENTIALS: 'The account needs credentials',
  NOT_CONNECTED: 'The mailbox is not connected',
  RATE_LIMITED: 'Rate limited',
  INTERNAL: 'Internal error',
  UPSTREAM_FAILED: 'An upstream service failed',
  CONNECTION_FAILED: 'Could not connect to the mail server',
  AUTH_FAILED: 'The mail server refused the credentials',
  RECIPIENT_REJECTED: 'A recipient was rejected',
  RECIPIENT_NOT_ALLOWED: 'A recipient is not on the allowlist',
  MESSAGE_REJECTED: 'The mail server rejected the message',
  MESSAGE_TOO_LARGE: 'The message is too large for the mailbox',
  MAILBOX_NOT_ENABLED: 'The mailbox cannot send through this connector',
  CONSENT_MISSING: 'Consent for the app is missing',
  MFA_REQUIRED: 'Multi-factor authentication is required',
  TOKEN_EXPIRED: 'The sign-in has expired',
  PROVIDER_THROTTLED: 'The mail provider is throttling',
  PROVIDER_TEMPORARY_FAILURE: 'The mail provider failed temporarily',
  UNAVAILABLE: 'Service unavailable',
  TIMEOUT: 'Timed out',
  INSUFFICIENT_STORAGE: 'Storage is full',
};

/** Returns true when `value` is one of the stable {@link ErrorCodes}. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ErrorCodes, value);
}

/** One field-level problem (for validation errors): `path` is dotted, e.g. `settings.port`. */
export interface FieldIssue {
  path: string;
  message: string;
  /** Extra, machine-readable context (e.g. the tag and paragraph of a layout error). */
  [key: string]: unknown;
}

/** Options every {@link AppError} accepts. */
export interface AppErrorOptions extends ErrorOptions {
  /** Field-level issues, listed in the problem body as `errors`. */
  errors?: FieldIssue[];
  /** Whether trying the same thing again later may succeed. Defaults by code. */
  retry?: boolean;
  /** Seconds after which a retry makes sense (429/503 with Retry-After). */
  retryAfterSeconds?: number;
  /** Extra members for the problem body. */
  extra?: Record<string, unknown>;
}

/** RFC 9457 problem details, as every HTTP error body and NATS error reply carries. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance?: string;
  requestId?: string;
  retry?: boolean;
  retryAfterSeconds?: number;
  errors?: FieldIssue[];
  [key: string]: unknown;
}

const retryByDefault = new Set<ErrorCode>([
  // An unexpected failure is transient until proven otherwise (ADR-0009).
  'INTERNAL',
  'INSUFFICIENT_STORAGE',
  'PROVIDER_THROTTLED',
  'PROVIDER_TEMPORARY_FAILURE',
  'RATE_LIMITED',
  'UPSTREAM_FAILED',
  'UNAVAILABLE',
  'TIMEOUT',
]);

/**
 * Base of every error with a stable code. Subclasses exist per family so callers
 * can `instanceof`; the code alone is enough to rebuild one across NATS.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly retry: boolean;
  readonly errors: FieldIssue[] | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly extra: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = ErrorCodes[code];
    this.retry = options.retry ?? retryByDefault.has(code);
    this.errors = options.errors;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.extra = options.extra;
  }

  /** The RFC 9457 body. 5xx details are hidden unless `expose` is set. */
  toProblem(meta: { instance?: string; requestId?: string; expose?: boolean } = {}): Problem {
    const hide = this.status >= 500 && this.code === 'INTERNAL' && !meta.expose;
    const problem: Problem = {
      ...this.extra,
      type: `https://verzend.dev/problems/${this.code.toLowerCase().replaceAll('_', '-')}`,
      title: titles[this.code],
      status: this.status,
      detail: hide
        ? 'Something went wrong on our side. The request id helps us find it.'
        : this.message,
      code: this.code,
      retry: this.retry,
    };
    if (meta.instance !== undefined) {
      problem.instance = meta.instance;
    }
    if (meta.requestId !== undefined) {
      problem.requestId = meta.requestId;
    }
    if (this.retryAfterSeconds !== undefined) {
      problem.retryAfterSeconds = this.retryAfterSeconds;
    }
    if (this.errors !== undefined && this.errors.length > 0) {
      problem.errors = this.errors;
    }
    return problem;
  }

  /** Rebuilds the matching error class from a problem body (e.g. a NATS error reply). */
  static fromProblem(
    problem: Partial<Problem> & { code?: unknown },
    fallback: ErrorCode = 'INTERNAL',
  ): AppError {
    const code = isErrorCode(problem.code) ? problem.code : fallback;
    const {
      type: _t,
      title: _ti,
      status: _s,
      detail,
      code: _c,
      retry,
      retryAfterSeconds,
      errors,
      instance: _i,
      requestId: _r,
      ...extra
    } = problem;
    const options: AppErrorOptions = { extra };
    if (typeof retry === 'boolean') {
      options.retry = retry;
    }
    if (typeof retryAfterSeconds === 'number') {
      options.retryAfterSeconds = retryAfterSeconds;
    }
    if (Array.isArray(errors)) {
      options.errors = errors;
    }
    return createError(code, typeof detail === 'string' ? detail : titles[code], options);
  }
}

/** 400-family: the request itself is wrong. */
export class ValidationError extends AppError {
  constructor(message: string, options: AppErrorOptions & { code?: ErrorCode } = {}) {
    super(options.code ?? 'VALIDATION_FAILED', message, options);
    this.name = 'ValidationError';
  }
}
/** 401: no or bad credentials. */
export class UnauthorizedError extends AppError {
  constructor(message = 'A valid bearer token is required.', options: AppErrorOptions = {}) {
    super('UNAUTHORIZED', message, options);
    this.name = 'UnauthorizedError';
  }
}
/** 403: authenticated, but not allowed. */
export class ForbiddenError extends AppError {
  constructor(
    message: string,
    options: AppErrorOptions & { code?: 'FORBIDDEN' | 'LICENCE_NOT_ALLOWED' } = {},
  ) {
    super(options.code ?? 'FORBIDDEN', message, options);
    this.name = 'ForbiddenError';
  }
}
/** 404. Also used for another company's ids, so existence never leaks. */
export class NotFoundError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('NOT_FOUND', message, options);
    this.name = 'NotFoundError';
  }
}
/** 409-family: the request conflicts with current state. */
export class ConflictError extends AppError {
  constructor(message: string, options: AppErrorOptions & { code?: ErrorCode } = {}) {
    super(options.code ?? 'CONFLICT', message, options);
    this.name = 'ConflictError';
  }
}
/** 413. */
export class PayloadTooLargeError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('PAYLOAD_TOO_LARGE', message, options);
    this.name = 'PayloadTooLargeError';
  }
}
/** 422-family: well-formed, but the content cannot be processed (layouts, renders, credentials). */
export class UnprocessableError extends AppError {
  constructor(
    code:
      | 'LAYOUT_INVALID'
      | 'RENDER_FAILED'
      | 'NEEDS_CREDENTIALS'
      | 'NOT_CONNECTED'
      | 'UNSUPPORTED_MEDIA_TYPE',
    message: string,
    options: AppErrorOptions = {},
  ) {
    super(code, message, options);
    this.name = 'UnprocessableError';
  }
}
/** 5xx family that a retry may fix: a dependency is down, slow or throttling. */
export class UnavailableError extends AppError {
  constructor(
    message: string,
    options: AppErrorOptions & {
      code?:
        | 'UNAVAILABLE'
        | 'TIMEOUT'
        | 'UPSTREAM_FAILED'
        | 'RATE_LIMITED'
        | 'INSUFFICIENT_STORAGE';
    } = {},
  ) {
    super(options.code ?? 'UNAVAILABLE', message, options);
    this.name = 'UnavailableError';
  }
}
/**
 * A provider (SMTP server, Microsoft Graph, token endpoint) refused or failed a
 * delivery. `retry` says whether the dispatcher should try again (transient:
 * SMTP 4xx, connection drops, Graph 429/503/504) or fail at once (permanent:
 * SMTP 5xx, bad credentials, rejected recipients). `providerStatus` is the SMTP
 * reply code or HTTP status; `retryAfterSeconds` honours Retry-After.
 */
export class DeliveryError extends AppError {
  readonly providerStatus: number | undefined;
  constructor(
    code: ErrorCode,
    message: string,
    options: AppErrorOptions & { providerStatus?: number } = {},
  ) {
    super(code, message, options);
    this.name = 'DeliveryError';
    this.providerStatus =
      options.providerStatus ??
      (typeof options.extra?.providerStatus === 'number'
        ? options.extra.providerStatus
        : undefined);
  }

  override toProblem(
    meta: { instance?: string; requestId?: string; expose?: boolean } = {},
  ): Problem {
    const problem = super.toProblem(meta);
    if (this.providerStatus !== undefined) {
      problem.providerStatus = this.providerStatus;
    }
    return problem;
  }
}

/** An unexpected failure: logged with its cause, shown to clients without detail. */
export class InternalError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('INTERNAL', message, options);
    this.name = 'InternalError';
  }
}

/** Builds the most specific class for a code. */
export function createError(
  code: ErrorCode,
  message: string,
  options: AppErrorOptions = {},
): AppError {
  switch (code) {
    case 'BAD_REQUEST':
    case 'VALIDATION_FAILED':
    case 'INVALID_ADDRESS':
    case 'TOO_MANY_RECIPIENTS':
    case 'HEADER_INJECTION':
      return new ValidationError(message, { ...options, code });
    case 'UNAUTHORIZED':
      return new UnauthorizedError(message, options);
    case 'FORBIDDEN':
    case 'LICENCE_NOT_ALLOWED':
      return new ForbiddenError(message, { ...options, code });
    case 'NOT_FOUND':
      return new NotFoundError(message, options);
    case 'CONFLICT':
    case 'IDEMPOTENCY_CONFLICT':
    case 'DEFAULT_ACCOUNT_REQUIRED':
    case 'SUBSTITUTION_ACCOUNT_EXISTS':
    case 'INVALID_STATE':
      return new ConflictError(message, { ...options, code });
    case 'PAYLOAD_TOO_LARGE':
      return new PayloadTooLargeError(message, options);
    case 'UNSUPPORTED_MEDIA_TYPE':
    case 'LAYOUT_INVALID':
    case 'RENDER_FAILED':
    case 'NEEDS_CREDENTIALS':
    case 'NOT_CONNECTED':
      return new UnprocessableError(code, message, options);
    case 'CONNECTION_FAILED':
    case 'AUTH_FAILED':
    case 'RECIPIENT_REJECTED':
    case 'RECIPIENT_NOT_ALLOWED':
    case 'MESSAGE_REJECTED':
    case 'MESSAGE_TOO_LARGE':
    case 'MAILBOX_NOT_ENABLED':
    case 'CONSENT_MISSING':
    case 'MFA_REQUIRED':
    case 'TOKEN_EXPIRED':
    case 'PROVIDER_THROTTLED':
    case 'PROVIDER_TEMPORARY_FAILURE':
      return new DeliveryError(code, message, options);
    case 'RATE_LIMITED':
    case 'UPSTREAM_FAILED':
    case 'UNAVAILABLE':
    case 'TIMEOUT':
    case 'INSUFFICIENT_STORAGE':
      return new UnavailableError(message, { ...options, code });
    case 'INTERNAL':
      return new InternalError(message, options);
  }
}

/** Seconds a client should wait before retrying after a NATS outage (Retry-After). */
export const NATS_RETRY_AFTER_S = 2;
/** Seconds a client should wait before retrying after the store was found full (Retry-After). */
export const STORAGE_RETRY_AFTER_S = 30;

/**
 * Coerces anything thrown into an {@link AppError}. A NATS timeout or outage
 * becomes a retryable UNAVAILABLE (503 with Retry-After), a full
 * JetStream store INSUFFICIENT_STORAGE (507, retryable), and anything else
 * INTERNAL with the cause kept — retryable, because an unexpected failure is
 * transient until a named error says otherwise (ADR-0009).
 */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) {
    return err;
  }
  const message = err instanceof Error ? err.message : String(err);
  const nats = classifyNatsFailure(err);
  switch (nats?.kind) {
    case 'timeout':
      return new UnavailableError(`The message bus did not answer in time: ${message}`, {
        cause: err,
        retryAfterSeconds: NATS_RETRY_AFTER_S,
      });
    case 'unavailable':
      return new UnavailableError(`The message bus is unavailable: ${message}`, {
        cause: err,
        retryAfterSeconds: NATS_RETRY_AFTER_S,
      });
    case 'storage':
      return new UnavailableError(
        `The message store is full (JetStream error ${nats.apiCode}); nothing was stored. Try again once space is freed.`,
        { cause: err, code: 'INSUFFICIENT_STORAGE', retryAfterSeconds: STORAGE_RETRY_AFTER_S },
      );
    default:
      return new InternalError(message, { cause: err });
  }
}
