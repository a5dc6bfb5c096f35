/**
 * The Graph request layer every Graph connector uses: the Microsoft Graph
 * client with our auth provider, at most N requests in flight per mailbox,
 * errors mapped to stable codes, a refreshed token after an expired-token 401,
 * and short Retry-After waits honoured in-process (long ones become a
 * retryable error that the dispatcher's backoff honours).
 * @module
 */
import {
  Client,
  type Context,
  GraphError,
  type GraphRequest,
  HTTPMessageHandler,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { backoffMs, type DeliveryError } from '@verzend/shared';
import type { TokenSource } from '../oauth/providers';
import { BearerMiddleware, TokenSourceAuthProvider } from './auth-provider';
import {
  type GraphFailure,
  graphError,
  isExpiredToken,
  parseGraphErrorBody,
  parseRetryAfter,
} from './errors';
import type { MailboxSemaphores } from './semaphore';

/** Settings shared by every Graph request. */
export interface GraphSettings {
  /** e.g. `https://graph.microsoft.com/v1.0`. */
  baseUrl: string;
  semaphores: MailboxSemaphores;
  /** Retry-After values up to this many seconds are waited out in-process. */
  inlineRetryMaxSeconds: number;
  /** How many throttled answers one request may wait out in-process. */
  inlineRetries: number;
  /** Waits (injectable so tests observe the delays instead of sleeping). */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  fetch: typeof fetch;
  /** Called for every throttled answer (telemetry). */
  onThrottled?: (info: {
    mailbox: string;
    status: number;
    retryAfterSeconds: number | undefined;
    operation: string;
  }) => void;
}

/** Sleeps, waking early (with the abort reason) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Splits a base URL into the client's `baseUrl` (origin + prefix) and `defaultVersion` (last segment). */
export function splitBaseUrl(baseUrl: string): { origin: string; host: string; version: string } {
  const url = new URL(baseUrl);
  const segments = url.pathname.split('/').filter(Boolean);
  const version = segments.pop() ?? 'v1.0';
  const prefix = segments.length > 0 ? `/${segments.join('/')}` : '';
  return { origin: url.origin, host: `${url.origin}${prefix}`, version };
}

function failureOf(err: unknown): GraphFailure {
  if (err instanceof GraphError) {
    const status = Math.max(err.statusCode, 0);
    const parsed = typeof err.body === 'string' ? parseGraphErrorBody(err.body) : {};
    const jsonCode = err.code && !/Error$/.test(err.code) ? err.code : undefined;
    return {
      status,
      code: jsonCode ?? parsed.code,
      message: (jsonCode ? err.message : undefined) || parsed.message || err.message || undefined,
      retryAfterSeconds: parseRetryAfter(err.headers?.get('retry-after')),
      cause: err,
    };
  }
  return {
    status: 0,
    code: undefined,
    message: err instanceof Error ? err.message : String(err),
    retryAfterSeconds: undefined,
    cause: err,
  };
}

/**
 * Keeps the raw text of a failed response. The Graph client parses error
 * bodies by content type (and loses HTML or broken JSON on Node), so the
 * mapping reads what the server really said from here.
 */
class FailureCapture implements Middleware {
  #next: Middleware | undefined;
  failure: GraphFailure | undefined;

  async execute(context: Context): Promise<void> {
    if (!this.#next) {
      throw new Error('FailureCapture needs a next middleware');
    }
    await this.#next.execute(context);
    const res = context.response;
    if (res && !res.ok) {
      const text = await res
        .clone()
        .text()
        .catch(() => '');
      const parsed = parseGraphErrorBody(text);
      this.failure = {
        status: res.status,
        code: parsed.code,
        message: parsed.message,
        retryAfterSeconds: parseRetryAfter(res.headers.get('retry-after')),
      };
    }
  }

  setNext(next: Middleware): void {
    this.#next = next;
  }
}

/** Thrown by raw calls (upload URLs) to carry a response failure into the shared mapping. */
export class RawGraphFailure extends Error {
  readonly failure: GraphFailure;
  constructor(failure: GraphFailure) {
    super(failure.message ?? `HTTP ${failure.status}`);
    this.name = 'RawGraphFailure';
    this.failure = failure;
  }
}

/** Turns a non-2xx fetch response into a {@link RawGraphFailure}. */
export async function rawFailure(res: Response): Promise<RawGraphFailure> {
  const text = await res.text().catch(() => '');
  const parsed = parseGraphErrorBody(text);
  return new RawGraphFailure({
    status: res.status,
    code: parsed.code,
    message: parsed.message,
    retryAfterSeconds: parseRetryAfter(res.headers.get('retry-after')),
  });
}

/** Graph requests for one mailbox with one token source. */
export class GraphApi {
  readonly mailbox: string;
  readonly #settings: GraphSettings;
  readonly #token: TokenSource;
  readonly #signal: AbortSignal | undefined;
  readonly #connectHint: string | undefined;
  readonly #permissionKind: 'app' | 'delegated' | undefined;
  readonly #sendingAs: string | undefined;
  readonly #origin: string;
  readonly #host: string;
  readonly #version: string;

  constructor(opts: {
    settings: GraphSettings;
    token: TokenSource;
    /** The mailbox whose concurrency slot the requests take. */
    mailbox: string;
    signal?: AbortSignal | undefined;
    connectHint?: string | undefined;
    permissionKind?: 'app' | 'delegated' | undefined;
    /** The mailbox sent from, when it is not `mailbox` (errors name it). */
    sendingAs?: string | undefined;
  }) {
    this.#settings = opts.settings;
    this.#token = opts.token;
    this.mailbox = opts.mailbox;
    this.#signal = opts.signal;
    this.#connectHint = opts.connectHint;
    this.#permissionKind = opts.permissionKind;
    this.#sendingAs =
      opts.sendingAs && opts.sendingAs.toLowerCase() !== opts.mailbox.toLowerCase()
        ? opts.sendingAs
        : undefined;
    const { origin, host, version } = splitBaseUrl(opts.settings.baseUrl);
    this.#origin = origin;
    this.#host = host;
    this.#version = version;
  }

  /** Maps a failure to a DeliveryError with this mailbox's context. */
  error(f: GraphFailure, operation: string): DeliveryError {
    return graphError(f, {
      mailbox: this.mailbox,
      operation,
      connectHint: this.#connectHint,
      permissionKind: this.#permissionKind,
      sendingAs: this.#sendingAs,
    });
  }

  /** A JSON request through the Graph client. */
  async json<T>(
    operation: string,
    build: (client: Client) => GraphRequest,
    method: 'get' | 'post' | 'delete',
    body?: unknown,
  ): Promise<T> {
    let authRetried = false;
    let throttled = 0;
    for (;;) {
      const provider = new TokenSourceAuthProvider(this.#token, this.#signal);
      const capture = new FailureCapture();
      const client = Client.initWithMiddleware({
        baseUrl: this.#host,
        defaultVersion: this.#version,
        middleware: [
          new BearerMiddleware(provider, this.#origin),
          capture,
          new HTTPMessageHandler(),
        ],
      });
      await provider.prefetch();
      const release = await this.#settings.semaphores.acquire(this.mailbox, this.#signal);
      let failure: GraphFailure;
      try {
        const request = build(client);
        if (this.#signal) {
          request.option('signal', this.#signal);
        }
        return (await (method === 'post'
          ? request.post(body)
          : method === 'delete'
            ? request.delete()
            : request.get())) as T;
      } catch (err) {
        this.#signal?.throwIfAborted();
        failure = capture.failure ? { ...capture.failure, cause: err } : failureOf(err);
      } finally {
        release();
      }
      if (isExpiredToken(failure) && !authRetried && provider.lastToken) {
        authRetried = true;
        await this.#token.invalidate(provider.lastToken);
        continue;
      }
      const wait = await this.#waitIfThrottled(failure, operation, throttled);
      if (wait) {
        throttled++;
        continue;
      }
      throw this.error(failure, operation);
    }
  }

  /**
   * A raw request to a pre-authenticated URL (upload sessions): no bearer
   * token, same concurrency slot, same error mapping. Throttled answers are
   * returned as failures so the caller can resume from the server's state.
   */
  async raw(url: string, init: RequestInit): Promise<Response> {
    const release = await this.#settings.semaphores.acquire(this.mailbox, this.#signal);
    try {
      const res = await this.#settings.fetch(url, {
        ...init,
        ...(this.#signal ? { signal: this.#signal } : {}),
      });
      if (!res.ok) {
        throw await rawFailure(res);
      }
      return res;
    } catch (err) {
      if (err instanceof RawGraphFailure) {
        throw err;
      }
      this.#signal?.throwIfAborted();
      throw new RawGraphFailure({
        status: 0,
        code: undefined,
        message: err instanceof Error ? err.message : String(err),
        retryAfterSeconds: undefined,
        cause: err,
      });
    } finally {
      release();
    }
  }

  /**
   * Waits out a throttled answer when it is short enough and the budget allows.
   * @returns true when it waited (the caller tries again).
   */
  async waitIfThrottled(
    failure: GraphFailure,
    operation: string,
    already: number,
  ): Promise<boolean> {
    return this.#waitIfThrottled(failure, operation, already);
  }

  async #waitIfThrottled(
    failure: GraphFailure,
    operation: string,
    already: number,
  ): Promise<boolean> {
    const throttled = failure.status === 429 || failure.status === 503 || failure.status === 504;
    if (!throttled) {
      return false;
    }
    this.#settings.onThrottled?.({
      mailbox: this.mailbox,
      status: failure.status,
      retryAfterSeconds: failure.retryAfterSeconds,
      operation,
    });
    // Without Retry-After, back off 1, 2, 4 s.
    const seconds =
      failure.retryAfterSeconds ?? backoffMs(already + 1, { baseMs: 1, maxMs: Infinity });
    if (already >= this.#settings.inlineRetries || seconds > this.#settings.inlineRetryMaxSeconds) {
      return false;
    }
    await this.#settings.sleep(seconds * 1000, this.#signal);
    return true;
  }
}
