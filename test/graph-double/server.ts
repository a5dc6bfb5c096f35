/**
 * A local Microsoft Graph + identity platform double: a real HTTP server on a
 * free loopback port that enforces what the Graph connectors must respect —
 * bearer tokens (401 once expired), the 4 MB request cap (413), the upload
 * session protocol (Content-Range, chunks ≤ 4 MB in multiples of 320 KiB,
 * `nextExpectedRanges`), at most 4 concurrent requests per mailbox (429 +
 * Retry-After), and failures on demand — and records what was sent, with each
 * attachment's size and sha-256 (never keeping 100 MB in memory).
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { track } from '../harness/resources';
import { checkPermission, requiredPermission } from './graph-rules';
import { Holds, takeRule } from './holds';
import { error, HttpFailure, readBody, readJson, refuse, send } from './http';
import { type DoubleApp, type DoubleUser, IdentityDouble } from './identity';
import { graph } from './mail-routes';
import type { DelayRule, DoubleState, FailureRule, GraphDoubleOptions, SentMessage } from './types';
import { upload as serveUpload } from './upload-routes';

/** The running double. */
export class GraphDouble {
  readonly identity: IdentityDouble;
  readonly sent: SentMessage[] = [];
  /** Every Graph request: method, path, status. */
  readonly requests: {
    method: string;
    path: string;
    status: number;
    mailbox: string | undefined;
  }[] = [];
  /** Highest number of requests in flight per mailbox that were served (not throttled). */
  readonly maxConcurrent = new Map<string, number>();
  /** Upload chunks accepted (full or partial) per session, for assertions. */
  readonly chunks: { session: string; start: number; length: number; status: number }[] = [];
  readonly deletedDrafts: string[] = [];
  readonly url: string;
  readonly graphBaseUrl: string;
  /** A second origin serving the same Graph (set with `proxy: true`). */
  proxyUrl: string | undefined;
  /** Mailbox → mailboxes it may send as / on behalf of (Exchange rights). */
  readonly sendRights = new Map<string, Set<string>>();
  /** Every request to an upload URL: method and status. */
  readonly uploadRequests: { method: string; status: number }[] = [];
  /** Requests held by {@link GraphDouble.delay}, and those whose client hung up meanwhile. */
  readonly holds = new Holds();
  readonly #server: Server;
  #proxy: Server | undefined;
  readonly #untrack: () => void;
  readonly #opts: Required<GraphDoubleOptions>;
  readonly #inflight = new Map<string, number>();
  readonly #rules: FailureRule[] = [];
  readonly #disabled = new Set<string>();
  readonly #s: DoubleState;

  private constructor(
    server: Server,
    port: number,
    opts: Required<GraphDoubleOptions>,
    identity: IdentityDouble,
  ) {
    this.#server = server;
    this.#opts = opts;
    this.identity = identity;
    this.url = `http://127.0.0.1:${port}`;
    this.graphBaseUrl = `${this.url}/v1.0`;
    this.#s = {
      url: this.url,
      graphBaseUrl: this.graphBaseUrl,
      sent: this.sent,
      chunks: this.chunks,
      deletedDrafts: this.deletedDrafts,
      sendRights: this.sendRights,
      drafts: new Map(),
      sessions: new Map(),
      badRecipients: new Set(),
      maxMessageBytes: new Map(),
      maxRequestBytes: opts.maxRequestBytes,
      chunkFailures: [],
      waiters: [],
    };
    identity.oidc.authority = this.url;
    this.#untrack = track(`graph double :${port}`, () => {
      server.closeAllConnections();
      server.close();
    });
    // The double's own origin is its Graph resource: tokens for it carry scopes like `{url}/Mail.Send`.
    identity.resources.add(this.url);
    identity.baseUrl = this.url;
  }

  /** Starts the double on a free loopback port. */
  static async start(options: GraphDoubleOptions = {}): Promise<GraphDouble> {
    const opts: Required<GraphDoubleOptions> = {
      tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
      latencyMs: options.latencyMs ?? 0,
      maxConcurrentPerMailbox: options.maxConcurrentPerMailbox ?? 4,
      throttleRetryAfterSeconds: options.throttleRetryAfterSeconds ?? 1,
      maxRequestBytes: options.maxRequestBytes ?? 4 * 1024 * 1024,
      proxy: options.proxy ?? false,
    };
    const identity = new IdentityDouble(opts.tokenLifetimeSeconds);
    let double: GraphDouble | undefined;
    const server = createServer((req, res) => {
      void double?.handle(req, res);
    });
    server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    double = new GraphDouble(server, port, opts, identity);
    if (opts.proxy) {
      const proxy = createServer((req, res) => {
        void double?.handle(req, res);
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', () => resolve()));
      const a = proxy.address();
      double.proxyUrl = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
      double.#proxy = proxy;
    }
    return double;
  }

  /** The identity-platform authority (token endpoint at `{authority}/{tenant}/oauth2/v2.0/token`). */
  get authority(): string {
    return this.url;
  }

  registerApp(app: DoubleApp): void {
    this.identity.apps.set(app.clientId, app);
  }

  registerUser(user: DoubleUser): void {
    this.identity.users.set(user.email.toLowerCase(), { ...user, email: user.email.toLowerCase() });
  }

  /** Every access token issued so far is now expired (the next request with one gets 401). */
  expireAllTokens(): void {
    this.identity.expireAll();
  }

  /** The user's consent for the app is revoked: refreshing fails with AADSTS65001. */
  revokeConsent(clientId: string, userEmail: string): void {
    this.identity.revokedConsent.add(`${clientId}|${userEmail.toLowerCase()}`);
  }

  /** The mailbox answers MailboxNotEnabledForRESTAPI. */
  disableMailbox(address: string): void {
    this.#disabled.add(address.toLowerCase());
  }

  /** Messages to this recipient fail with ErrorInvalidRecipients. */
  rejectRecipient(address: string): void {
    this.#s.badRecipients.add(address.toLowerCase());
  }

  /** The mailbox's maximum message size (ErrorMessageSizeExceeded beyond it). */
  setMaxMessageBytes(mailbox: string, bytes: number): void {
    this.#s.maxMessageBytes.set(mailbox.toLowerCase(), bytes);
  }

  /** Holds the next matching request(s) for `ms` before handling them (a slow Graph). */
  delay(rule: DelayRule): void {
    this.holds.add(rule);
  }

  /** Answers the next matching request(s) with a failure. */
  fail(rule: FailureRule): void {
    this.#rules.push({ times: 1, ...rule });
  }

  /** The next upload chunk keeps its first `acceptBytes` bytes (a multiple of 320 KiB) and fails (500 unless told). */
  failNextChunk(acceptBytes = 0, opts: { status?: number; retryAfter?: number } = {}): void {
    this.#s.chunkFailures.push({ acceptBytes, ...opts });
  }

  /** `mailbox` may send as (or on behalf of) `from`. */
  grantSendAs(mailbox: string, from: string): void {
    const key = mailbox.toLowerCase();
    this.sendRights.set(key, new Set([...(this.sendRights.get(key) ?? []), from.toLowerCase()]));
  }

  /** Every upload session expires now (the next chunk gets 404). */
  expireUploadSessions(): void {
    for (const session of this.#s.sessions.values()) {
      session.expires = 0;
    }
  }

  /** Resolves when at least `count` messages were sent. */
  waitForSent(count: number, timeoutMs = 30_000): Promise<void> {
    if (this.sent.length >= count) {
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`graph double got ${this.sent.length} of ${count} messages`)),
        timeoutMs,
      );
      this.#s.waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  async stop(): Promise<void> {
    if (this.#proxy) {
      const proxy = this.#proxy;
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#untrack();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  // ---------------------------------------------------------------- dispatch

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    let mailbox: string | undefined;
    let counted = false;
    try {
      const discovery =
        /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|discovery\/v2\.0\/keys)$/.exec(
          url.pathname,
        );
      if (discovery) {
        const tenant = decodeURIComponent(discovery[1] ?? '');
        const body = discovery[2]?.startsWith('discovery')
          ? this.identity.oidc.jwks()
          : this.identity.oidc.discovery(tenant);
        send(res, 200, body);
        return;
      }
      const identity = /^\/([^/]+)\/oauth2\/v2\.0\/(token|authorize)$/.exec(url.pathname);
      if (identity) {
        this.#applyRules(method, url.pathname);
        const tenant = decodeURIComponent(identity[1] ?? '');
        const reply =
          identity[2] === 'authorize'
            ? this.identity.authorize(tenant, url.searchParams)
            : this.identity.token(
                tenant,
                new URLSearchParams(
                  (await readBody(req, this.#opts.maxRequestBytes)).toString('utf8'),
                ),
              );
        send(res, reply.status, reply.body, reply.headers);
        return;
      }
      const upload = /^\/upload\/([^/]+)$/.exec(url.pathname);
      if (upload) {
        const session = this.#s.sessions.get(upload[1] ?? '');
        if (!session || session.expires < Date.now()) {
          throw new HttpFailure(
            404,
            'itemNotFound',
            'The upload session was not found or has expired.',
          );
        }
        if (req.headers.authorization) {
          throw new HttpFailure(
            401,
            'InvalidAuthenticationToken',
            'The upload URL is pre-authenticated: do not send an Authorization header.',
          );
        }
        mailbox = session.draft.mailbox;
        counted = this.#enter(mailbox);
        await this.#latency();
        this.#applyRules(method, url.pathname);
        const path = url.pathname;
        try {
          await serveUpload(this.#s, req, res, session, method, () =>
            this.holds.hold(method, path, res),
          );
        } finally {
          this.uploadRequests.push({ method, status: res.statusCode });
        }
        return;
      }
      if (!url.pathname.startsWith('/v1.0/')) {
        throw new HttpFailure(404, 'UnknownPath', `No route for ${url.pathname}.`);
      }
      const auth = this.identity.verify(req.headers.authorization);
      if (!auth.info) {
        throw new HttpFailure(401, 'InvalidAuthenticationToken', auth.error ?? 'Unauthorized');
      }
      const token = auth.info;
      if (token.resource !== this.url) {
        throw new HttpFailure(
          401,
          'InvalidAuthenticationToken',
          `Access token validation failure. Invalid audience (${token.resource || 'none'}).`,
        );
      }
      const path = url.pathname.slice('/v1.0'.length);
      const target = /^\/(me|users\/([^/]+))(\/.*)$/.exec(path);
      if (!target) {
        throw new HttpFailure(400, 'BadRequest', `Resource not found for the segment '${path}'.`);
      }
      if (target[1] === 'me' && token.kind !== 'user') {
        throw new HttpFailure(
          400,
          'BadRequest',
          '/me request is only valid with delegated authentication flow.',
        );
      }
      mailbox = (
        target[1] === 'me' ? (token.user ?? '') : decodeURIComponent(target[2] ?? '')
      ).toLowerCase();
      counted = this.#enter(mailbox);
      await this.#latency();
      this.#applyRules(method, url.pathname);
      if (this.#disabled.has(mailbox)) {
        throw new HttpFailure(
          404,
          'MailboxNotEnabledForRESTAPI',
          'The mailbox is either inactive, soft-deleted, or is hosted on-premise.',
        );
      }
      const rest = target[3] ?? '';
      const permission = requiredPermission(method, rest);
      refuse(
        permission && checkPermission(token, this.identity.apps.get(token.clientId), permission),
      );
      const body = method === 'POST' ? await readJson(req, this.#opts.maxRequestBytes) : undefined;
      // A slow Graph: the request has arrived in full and is acted on only after the hold.
      if (!(await this.holds.hold(method, url.pathname, res))) {
        return;
      }
      await graph(this.#s, method, rest, mailbox, token, body, res);
    } catch (err) {
      if (!req.readableEnded) {
        req.resume();
        await new Promise((resolve) => {
          req.once('end', resolve);
          req.once('error', resolve);
          req.once('close', resolve);
        });
      }
      if (err instanceof HttpFailure) {
        error(res, err);
      } else {
        error(
          res,
          new HttpFailure(
            500,
            'InternalServerError',
            err instanceof Error ? err.message : String(err),
          ),
        );
      }
    } finally {
      if (counted && mailbox !== undefined) {
        this.#inflight.set(mailbox, (this.#inflight.get(mailbox) ?? 1) - 1);
      }
      this.requests.push({ method, path: url.pathname, status: res.statusCode, mailbox });
    }
  }

  /** Counts a request in; throws 429 when the mailbox already has the maximum in flight. */
  #enter(mailbox: string): boolean {
    const now = this.#inflight.get(mailbox) ?? 0;
    if (now >= this.#opts.maxConcurrentPerMailbox) {
      throw new HttpFailure(
        429,
        'ApplicationThrottled',
        'Application is over its MailboxConcurrency limit.',
        {
          'retry-after': String(this.#opts.throttleRetryAfterSeconds),
        },
      );
    }
    this.#inflight.set(mailbox, now + 1);
    this.maxConcurrent.set(mailbox, Math.max(this.maxConcurrent.get(mailbox) ?? 0, now + 1));
    return true;
  }

  #latency(): Promise<void> {
    return this.#opts.latencyMs > 0
      ? new Promise((r) => setTimeout(r, this.#opts.latencyMs))
      : Promise.resolve();
  }

  #applyRules(method: string, path: string): void {
    const rule = takeRule(this.#rules, method, path);
    if (!rule) {
      return;
    }
    const headers: Record<string, string> =
      rule.retryAfter !== undefined ? { 'retry-after': String(rule.retryAfter) } : {};
    if (rule.raw !== undefined) {
      throw Object.assign(new HttpFailure(rule.status, '', rule.raw, headers), { raw: true });
    }
    throw new HttpFailure(
      rule.status,
      rule.code ?? 'ServiceUnavailable',
      rule.message ?? 'Injected failure.',
      headers,
    );
  }
}
