/**
 * Environment parsing. Each service has one `src/env.ts` that extends
 * {@link baseEnv} and calls {@link parseEnv} once at start; nothing else reads
 * `process.env` (a lint check enforces it).
 * @module
 */
import { z } from 'zod';
import { TRACES_SAMPLERS } from './tracing';
import { zodIssues } from './validation';

/** `"true"`/`"1"`/`"yes"` → true; anything else false. Env vars are strings, so booleans need this. */
export const envBoolean = (fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((v) =>
      v === undefined || v === '' ? fallback : ['1', 'true', 'yes', 'on'].includes(v.toLowerCase()),
    );

/** A TCP port; `0` picks a free one. */
export const envPort = (fallback: number) =>
  z.coerce.number().int().min(0).max(65_535).default(fallback);

/** Variables every service reads. */
export const baseEnv = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Comma-separated NATS server URLs. */
  NATS_URL: z.string().min(1).default('nats://127.0.0.1:4222'),
  /** Optional NATS credentials: user/password or token. */
  NATS_USER: z.string().optional(),
  NATS_PASSWORD: z.string().optional(),
  NATS_TOKEN: z.string().optional(),
  /** Host the HTTP server binds to. */
  HOST: z.string().default('127.0.0.1'),
  /** HS256 secret for bearer tokens (one machine). Ignored when AUTH_JWKS_URL is set. */
  AUTH_JWT_SECRET: z.string().min(32, 'AUTH_JWT_SECRET must be at least 32 characters').optional(),
  /** JWKS URL for RS256/ES256 tokens (production). */
  AUTH_JWKS_URL: z.url().optional(),
  /** Required `iss` / `aud` of bearer tokens (both required when NODE_ENV=production). */
  AUTH_ISSUER: z.string().optional(),
  AUTH_AUDIENCE: z.string().optional(),
  /** Longest accepted bearer-token lifetime (exp − iat), seconds. */
  AUTH_MAX_TOKEN_LIFETIME_S: z.coerce.number().int().min(60).max(2_592_000).default(86_400),
  /** HTTP server time limits (ms): headers, a whole request, an idle keep-alive connection. */
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(300_000),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  /** Per-token and per-company API request limits (off only when set to false explicitly). */
  API_RATE_LIMIT_ENABLED: envBoolean(true),
  API_RATE_LIMIT_PER_TOKEN: z.coerce.number().int().min(1).default(1_200),
  API_RATE_LIMIT_PER_COMPANY: z.coerce.number().int().min(1).default(6_000),
  /** Length of the fixed window of both limits, seconds (the bucket keeps an hour). */
  API_RATE_LIMIT_WINDOW_S: z.coerce.number().int().min(1).max(1_800).default(60),
  /** Seconds to wait for in-flight work on shutdown before forcing exit. */
  SHUTDOWN_TIMEOUT_S: z.coerce.number().int().min(1).max(600).default(20),
  /**
   * JetStream sizing (every service creates what it uses with these). A stream's `max_bytes` is
   * reserved from the server's store when the stream is created, so the defaults reserve little:
   * telemetry 8 MiB (oldest dropped when full), everything else unbounded (0) until the store is.
   */
  NATS_TELEMETRY_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(8 * 1024 * 1024),
  /** Hours telemetry events are kept. */
  NATS_TELEMETRY_MAX_AGE_H: z.coerce
    .number()
    .int()
    .min(1)
    .default(7 * 24),
  /** Bytes of posting events kept (0 = no limit); when full, new events are refused, none dropped. */
  NATS_EVENTS_MAX_BYTES: z.coerce.number().int().min(0).default(0),
  /** Days posting events are kept (their de-duplication outlives them in the event records). */
  NATS_EVENTS_MAX_AGE_D: z.coerce.number().int().min(1).default(30),
  /** Bytes of outbox pointers (0 = no limit); when full, new emails are refused, none dropped. */
  NATS_OUTBOX_MAX_BYTES: z.coerce.number().int().min(0).default(0),
  /** Bytes of status changes kept (0 = no limit); when full, the oldest are dropped (ADR-0023). */
  NATS_STATUS_MAX_BYTES: z.coerce.number().int().min(0).default(0),
  /** Days status changes are kept for ERP integrations to read. */
  NATS_STATUS_MAX_AGE_D: z.coerce.number().int().min(1).default(7),
  /** Bytes of the blob object store (bodies, attachments, layouts; 0 = no limit); when full, uploads are refused. */
  NATS_BLOBS_MAX_BYTES: z.coerce.number().int().min(0).default(0),
  /**
   * OpenTelemetry traces (the standard variables). Off unless OTEL_TRACES_EXPORTER is `otlp` or
   * `console` (Verzend's default is `none`); OTEL_SDK_DISABLED=true turns them off whatever else is set.
   */
  OTEL_SDK_DISABLED: envBoolean(false),
  OTEL_TRACES_EXPORTER: z.enum(['otlp', 'console', 'none']).default('none'),
  /** OTLP/HTTP base URL (`/v1/traces` is appended), e.g. `http://otel-collector:4318`. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  /** OTLP/HTTP traces URL, used as it is (wins over OTEL_EXPORTER_OTLP_ENDPOINT). */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url().optional(),
  /** `key=value,…` headers sent with every export (e.g. an API key of the collector). */
  OTEL_EXPORTER_OTLP_HEADERS: z.string().optional(),
  OTEL_EXPORTER_OTLP_TRACES_HEADERS: z.string().optional(),
  /** `service.name` of the spans (default `verzend-<service>`). */
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  /** `key=value,…` resource attributes added to every span (e.g. `deployment.environment=prod`). */
  OTEL_RESOURCE_ATTRIBUTES: z.string().optional(),
  OTEL_TRACES_SAMPLER: z.enum(TRACES_SAMPLERS).default('parentbased_always_on'),
  /** Ratio of the `traceidratio` samplers (0…1). */
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).optional(),
});
export type BaseEnv = z.infer<typeof baseEnv>;

/** Thrown when the environment is invalid; `main.ts` logs it as one BAD_ENVIRONMENT line and exits 1. */
export class BadEnvironmentError extends Error {
  readonly issues: { path: string; message: string }[];
  constructor(issues: { path: string; message: string }[]) {
    super(`BAD_ENVIRONMENT: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'BadEnvironmentError';
    this.issues = issues;
  }
}

/**
 * Parses an environment with a service's schema. A variable set to the empty string counts as
 * unset (its default applies): Compose and Kubernetes pass `${X:-}` and empty values through.
 * @param source usually `process.env` (passed in by the service's env.ts, the only reader).
 * @throws {BadEnvironmentError} listing every invalid variable.
 */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  source: Record<string, string | undefined>,
): z.output<S> {
  const set = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''));
  const result = schema.safeParse(set);
  if (!result.success) {
    throw new BadEnvironmentError(zodIssues(result.error));
  }
  return result.data;
}
