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
import { createHash, type Hash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { track } from '../harness/resources';
import {
  checkFrom,
  checkHeaders,
  checkPermission,
  type GraphRefusal,
  requiredPermission,
} from './graph-rules';
import { type AccessTokenInfo, type DoubleApp, type DoubleUser, IdentityDouble } from './identity';

/** A sent attachment as the double saw it. */
export interface SentAttachment {
  name: string;
  contentType: string | undefined;
  size: number;
  sha256: string;
  isInline: boolean;
  contentId: string | undefined;
  /** How it arrived: inline in sendMail, POSTed to a draft, or through an upload session. */
  via: 'sendMail' | 'post' | 'upload';
}

/** A message the double accepted for delivery. */
export interface SentMessage {
  /** The mailbox it was sent through (the shared mailbox for app-only, the user's for /me). */
  mailbox: string;
  via: 'sendMail' | 'draft';
  tokenKind: 'app' | 'user';
  /** The signed-in user, for delegated tokens. */
  user: string | undefined;
  /** The message JSON without attachment content. */
  message: Record<string, unknown>;
  attachments: SentAttachment[];
  saveToSentItems: boolean | undefined;
}

/** A failure to answer instead of the real handler. */
export interface FailureRule {
  /** Matches when the request path contains this text (or matches the RegExp). */
  path: string | RegExp;
  method?: string;
  status: number;
  retryAfter?: number;
  code?: string;
  message?: string;
  /** A non-JSON body (e.g. an HTML error page from a proxy). */
  raw?: string;
  /** How many requests it applies to (default 1). */
  times?: number;
}

/** Options for {@link GraphDouble.start}. */
export interface GraphDoubleOptions {
  tokenLifetimeSeconds?: number;
  /** Delay before each Graph answer, so concurrent requests overlap. */
  latencyMs?: number;
  maxConcurrentPerMailbox?: number;
  /** Retry-After sent with concurrency 429s. */
  throttleRetryAfterSeconds?: number;
  maxRequestBytes?: number;
  /** Also listen on a second port, as a proxy in front of Graph would (`proxyUrl`). */
  proxy?: boolean;
}

/** A scripted upload-chunk failure. */
export interface ChunkFailure {
  /** Bytes of the chunk the session keeps before failing (a multiple of 320 KiB). */
  acceptBytes: number;
  /** Status to answer (default 500). */
  status?: number;
  retryAfter?: number;
}

interface Draft {
  id: string;
  mailbox: string;
  token: AccessTokenInfo;
  message: Record<string, unknown>;
  attachments: SentAttachment[];
}

interface Session {
  id: string;
  draft: Draft;
  name: string;
  contentType: string | undefined;
  isInline: boolean;
  contentId: string | undefined;
  size: number;
  received: number;
  hash: Hash;
  expires: number;
}

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const CHUNK_UNIT = 320 * 1024;
const MAX_CHUNK = 4 * 1024 * 1024;
const MAX_UPLOAD = 150 * 1024 * 1024;

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
  readonly #server: Server;
  #proxy: Server | undefined;
  readonly #untrack: () => void;
  readonly #opts: Required<GraphDoubleOptions>;
  readonly #inflight = new Map<string, number>();
  readonly #drafts = new Map<string, Draft>();
  readonly #sessions = new Map<string, Session>();
  readonly #rules: FailureRule[] = [];
  readonly #disabled = new Set<string>();
  readonly #badRecipients = new Set<string>();
  readonly #maxMessageBytes = new Map<string, number>();
  #chunkFailures: ChunkFailure[] = [];
  #waiters: { count: number; resolve: () => void }[] = [];

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
    this.#badRecipients.add(address.toLowerCase());
  }

  /** The mailbox's maximum message size (ErrorMessageSizeExceeded beyond it). */
  setMaxMessageBytes(mailbox: string, bytes: number): void {
    this.#maxMessageBytes.set(mailbox.toLowerCase(), bytes);
  }

  /** Answers the next matching request(s) with a failure. */
  fail(rule: FailureRule): void {
    this.#rules.push({ times: 1, ...rule });
  }

  /** The next upload chunk keeps its first `acceptBytes` bytes (a multiple of 320 KiB) and fails (500 unless told). */
  failNextChunk(acceptBytes = 0, opts: { status?: number; retryAfter?: number } = {}): void {
    this.#chunkFailures.push({ acceptBytes, ...opts });
  }

  /** `mailbox` may send as (or on behalf of) `from`. */
  grantSendAs(mailbox: string, from: string): void {
    const key = mailbox.toLowerCase();
    this.sendRights.set(key, new Set([...(this.sendRights.get(key) ?? []), from.toLowerCase()]));
  }

  /** Every upload session expires now (the next chunk gets 404). */
  expireUploadSessions(): void {
    for (const session of this.#sessions.values()) {
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
      this.#waiters.push({
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
        this.#send(res, 200, body);
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
                new URLSearchParams((await this.#readBody(req)).toString('utf8')),
              );
        this.#send(res, reply.status, reply.body, reply.headers);
        return;
      }
      const upload = /^\/upload\/([^/]+)$/.exec(url.pathname);
      if (upload) {
        const session = this.#sessions.get(upload[1] ?? '');
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
        try {
          await this.#upload(req, res, session, method);
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
      const body = method === 'POST' ? await this.#readJson(req) : undefined;
      await this.#graph(method, rest, mailbox, token, body, res);
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
        this.#error(res, err);
      } else {
        this.#error(
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
    const rule = this.#rules.find(
      (r) =>
        (r.method === undefined || r.method === method) &&
        (typeof r.path === 'string' ? path.includes(r.path) : r.path.test(path)),
    );
    if (!rule) {
      return;
    }
    rule.times = (rule.times ?? 1) - 1;
    if (rule.times <= 0) {
      this.#rules.splice(this.#rules.indexOf(rule), 1);
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

  // ---------------------------------------------------------------- Graph

  async #graph(
    method: string,
    rest: string,
    mailbox: string,
    token: AccessTokenInfo,
    body: Record<string, unknown> | undefined,
    res: ServerResponse,
  ): Promise<void> {
    const att = /^\/messages\/([^/]+)\/attachments$/.exec(rest);
    const uploadSession = /^\/messages\/([^/]+)\/attachments\/createUploadSession$/.exec(rest);
    const sendDraft = /^\/messages\/([^/]+)\/send$/.exec(rest);
    const oneMessage = /^\/messages\/([^/]+)$/.exec(rest);
    if (method === 'POST' && rest === '/sendMail') {
      const message = (body?.message ?? {}) as Record<string, unknown>;
      refuse(checkHeaders(message) ?? checkFrom(mailbox, message, this.sendRights));
      this.#checkRecipients(message);
      const attachments = ((message.attachments ?? []) as Record<string, unknown>[]).map((a) =>
        this.#fileAttachment(a, 'sendMail'),
      );
      this.#checkSize(mailbox, message, attachments);
      const { attachments: _a, ...rest2 } = message;
      this.#record({
        mailbox,
        via: 'sendMail',
        tokenKind: token.kind,
        user: token.user,
        message: rest2,
        attachments,
        saveToSentItems: body?.saveToSentItems as boolean | undefined,
      });
      this.#send(res, 202);
      return;
    }
    if (method === 'POST' && rest === '/messages') {
      refuse(checkHeaders(body ?? {}));
      const draft: Draft = {
        id: `AAMk${randomUUID().replaceAll('-', '')}`,
        mailbox,
        token,
        message: body ?? {},
        attachments: [],
      };
      this.#drafts.set(draft.id, draft);
      this.#send(res, 201, { id: draft.id, isDraft: true, ...body });
      return;
    }
    if (att && method === 'POST') {
      const draft = this.#draft(att[1], mailbox);
      if (body?.['@odata.type'] !== '#microsoft.graph.fileAttachment') {
        throw new HttpFailure(
          400,
          'ErrorInvalidRequest',
          'Only file attachments are supported by this double.',
        );
      }
      draft.attachments.push(this.#fileAttachment(body, 'post'));
      this.#send(res, 201, { id: randomUUID(), name: body.name });
      return;
    }
    if (uploadSession && method === 'POST') {
      const draft = this.#draft(uploadSession[1], mailbox);
      const item = (body?.AttachmentItem ?? {}) as Record<string, unknown>;
      const size = Number(item.size);
      if (
        item.attachmentType !== 'file' ||
        typeof item.name !== 'string' ||
        !Number.isInteger(size) ||
        size <= 0
      ) {
        throw new HttpFailure(
          400,
          'ErrorInvalidRequest',
          'AttachmentItem needs attachmentType "file", a name and a size.',
        );
      }
      if (size > MAX_UPLOAD) {
        throw new HttpFailure(
          400,
          'ErrorAttachmentSizeExceeded',
          `The attachment is larger than ${MAX_UPLOAD} bytes.`,
        );
      }
      const session: Session = {
        id: randomBytes(16).toString('hex'),
        draft,
        name: item.name,
        contentType: typeof item.contentType === 'string' ? item.contentType : undefined,
        isInline: item.isInline === true,
        contentId: typeof item.contentId === 'string' ? item.contentId : undefined,
        size,
        received: 0,
        hash: createHash('sha256'),
        expires: Date.now() + 15 * 60_000,
      };
      this.#sessions.set(session.id, session);
      this.#send(res, 201, {
        uploadUrl: `${this.url}/upload/${session.id}`,
        expirationDateTime: new Date(session.expires).toISOString(),
        nextExpectedRanges: ['0-'],
      });
      return;
    }
    if (sendDraft && method === 'POST') {
      const draft = this.#draft(sendDraft[1], mailbox);
      refuse(checkFrom(mailbox, draft.message, this.sendRights));
      this.#checkRecipients(draft.message);
      this.#checkSize(mailbox, draft.message, draft.attachments);
      this.#drafts.delete(draft.id);
      this.#record({
        mailbox,
        via: 'draft',
        tokenKind: token.kind,
        user: token.user,
        message: draft.message,
        attachments: draft.attachments,
        saveToSentItems: true,
      });
      this.#send(res, 202);
      return;
    }
    if (oneMessage && method === 'DELETE') {
      const draft = this.#draft(oneMessage[1], mailbox);
      this.#drafts.delete(draft.id);
      this.deletedDrafts.push(draft.id);
      this.#send(res, 204);
      return;
    }
    throw new HttpFailure(400, 'BadRequest', `Unsupported request ${method} ${rest}.`);
  }

  #draft(id: string | undefined, mailbox: string): Draft {
    const draft = this.#drafts.get(decodeURIComponent(id ?? ''));
    if (!draft || draft.mailbox !== mailbox) {
      throw new HttpFailure(
        404,
        'ErrorItemNotFound',
        'The specified object was not found in the store.',
      );
    }
    return draft;
  }

  #fileAttachment(a: Record<string, unknown>, via: SentAttachment['via']): SentAttachment {
    const bytes = Buffer.from(typeof a.contentBytes === 'string' ? a.contentBytes : '', 'base64');
    return {
      name: String(a.name ?? ''),
      contentType: typeof a.contentType === 'string' ? a.contentType : undefined,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      isInline: a.isInline === true,
      contentId: typeof a.contentId === 'string' ? a.contentId : undefined,
      via,
    };
  }

  #checkRecipients(message: Record<string, unknown>): void {
    const all = ['toRecipients', 'ccRecipients', 'bccRecipients'].flatMap(
      (k) => (message[k] ?? []) as { emailAddress?: { address?: string } }[],
    );
    if (all.length > 500) {
      throw new HttpFailure(
        400,
        'ErrorTooManyRecipients',
        'The message has more than 500 recipients.',
      );
    }
    const bad = all
      .map((r) => r.emailAddress?.address ?? '')
      .find((a) => !a.includes('@') || this.#badRecipients.has(a.toLowerCase()));
    if (bad !== undefined) {
      throw new HttpFailure(
        400,
        'ErrorInvalidRecipients',
        `At least one recipient is not valid., Recipient '${bad}' is not resolved. All recipients must be resolved before a message can be submitted.`,
      );
    }
  }

  #checkSize(
    mailbox: string,
    message: Record<string, unknown>,
    attachments: SentAttachment[],
  ): void {
    const max = this.#maxMessageBytes.get(mailbox);
    const size = JSON.stringify(message).length + attachments.reduce((s, a) => s + a.size, 0);
    if (max !== undefined && size > max) {
      throw new HttpFailure(
        413,
        'ErrorMessageSizeExceeded',
        `The message exceeds the maximum supported size of ${max} bytes.`,
      );
    }
  }

  #record(message: SentMessage): void {
    this.sent.push(message);
    this.#waiters = this.#waiters.filter((w) => {
      if (this.sent.length >= w.count) {
        w.resolve();
        return false;
      }
      return true;
    });
  }

  // ---------------------------------------------------------------- uploads

  async #upload(
    req: IncomingMessage,
    res: ServerResponse,
    session: Session,
    method: string,
  ): Promise<void> {
    const status = () => ({
      expirationDateTime: new Date(session.expires).toISOString(),
      nextExpectedRanges: [`${session.received}-`],
    });
    if (method === 'GET') {
      // Outlook attachment upload sessions have no status request: a client resumes by PUTting the range again.
      throw new HttpFailure(
        405,
        'MethodNotAllowed',
        'GET is not supported on an attachment upload session; retry the failed byte range with PUT.',
      );
    }
    if (method === 'DELETE') {
      this.#sessions.delete(session.id);
      this.#send(res, 204);
      return;
    }
    if (method !== 'PUT') {
      throw new HttpFailure(405, 'MethodNotAllowed', `${method} is not allowed on an upload URL.`);
    }
    const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(String(req.headers['content-range'] ?? ''));
    if (!range) {
      throw new HttpFailure(
        400,
        'InvalidContentRange',
        'Content-Range must be "bytes start-end/total".',
      );
    }
    const start = Number(range[1]);
    const end = Number(range[2]);
    const total = Number(range[3]);
    const length = end - start + 1;
    if (total !== session.size) {
      throw new HttpFailure(
        400,
        'InvalidContentRange',
        `The total ${total} does not match the session's size ${session.size}.`,
      );
    }
    // A range may start before what the session holds (the client re-sends a failed
    // chunk); the bytes it already has are skipped. A gap is refused.
    if (start > session.received || end < session.received) {
      throw new HttpFailure(
        416,
        'InvalidRange',
        `Expected the range to include byte ${session.received}.`,
      );
    }
    const already = session.received - start;
    if (length <= 0 || end >= total) {
      throw new HttpFailure(400, 'InvalidContentRange', 'The range is empty or past the end.');
    }
    if (length > MAX_CHUNK) {
      throw new HttpFailure(
        413,
        'RequestEntityTooLarge',
        `A chunk may be at most ${MAX_CHUNK} bytes.`,
      );
    }
    if (end !== total - 1 && length % CHUNK_UNIT !== 0) {
      throw new HttpFailure(
        400,
        'InvalidContentRange',
        `A chunk that is not the last must be a multiple of ${CHUNK_UNIT} bytes.`,
      );
    }
    if (Number(req.headers['content-length']) !== length) {
      throw new HttpFailure(
        400,
        'InvalidContentLength',
        'Content-Length must equal the length of the range.',
      );
    }
    const failure = this.#chunkFailures.shift();
    const keep = failure ? Math.min(already + failure.acceptBytes, length) : length;
    let seen = 0;
    for await (const part of req as AsyncIterable<Buffer>) {
      const from = Math.max(0, already - seen);
      const to = Math.max(0, Math.min(part.length, keep - seen));
      if (to > from) {
        session.hash.update(part.subarray(from, to));
      }
      seen += part.length;
    }
    if (seen !== length) {
      throw new HttpFailure(
        400,
        'InvalidContentLength',
        `Received ${seen} bytes for a range of ${length}.`,
      );
    }
    session.received = Math.max(session.received, start + keep);
    if (failure) {
      const code = failure.status ?? 500;
      this.chunks.push({ session: session.id, start, length: keep, status: code });
      throw new HttpFailure(
        code,
        code === 429 ? 'ApplicationThrottled' : 'InternalServerError',
        code === 429
          ? 'Application is over its MailboxConcurrency limit.'
          : 'The chunk was not stored completely (injected failure).',
        failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {},
      );
    }
    this.chunks.push({
      session: session.id,
      start,
      length,
      status: session.received === session.size ? 201 : 200,
    });
    if (session.received === session.size) {
      this.#sessions.delete(session.id);
      session.draft.attachments.push({
        name: session.name,
        contentType: session.contentType,
        size: session.size,
        sha256: session.hash.digest('hex'),
        isInline: session.isInline,
        contentId: session.contentId,
        via: 'upload',
      });
      this.#send(res, 201, undefined, {
        location: `${this.graphBaseUrl}/attachments/${session.id}`,
      });
      return;
    }
    this.#send(res, 200, status());
  }

  // ---------------------------------------------------------------- plumbing

  async #readBody(req: IncomingMessage): Promise<Buffer> {
    const parts: Buffer[] = [];
    let size = 0;
    // Read to the end even when too large, so the client sees the 413 instead of a reset.
    for await (const part of req as AsyncIterable<Buffer>) {
      size += part.length;
      if (size <= this.#opts.maxRequestBytes) {
        parts.push(part);
      }
    }
    if (size > this.#opts.maxRequestBytes) {
      throw new HttpFailure(
        413,
        'RequestEntityTooLarge',
        `The request body is ${size} bytes; at most ${this.#opts.maxRequestBytes} are accepted.`,
      );
    }
    return Buffer.concat(parts);
  }

  async #readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
    const text = (await this.#readBody(req)).toString('utf8');
    if (text.trim() === '') {
      return {};
    }
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new HttpFailure(400, 'BadRequest', 'Unable to read JSON request payload.');
    }
  }

  #send(
    res: ServerResponse,
    status: number,
    body?: unknown,
    headers: Record<string, string> = {},
  ): void {
    if (res.headersSent) {
      res.end();
      return;
    }
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, {
      ...(text ? { 'content-type': 'application/json' } : {}),
      'content-length': String(Buffer.byteLength(text)),
      ...headers,
    });
    res.end(text);
  }

  #error(res: ServerResponse, err: HttpFailure): void {
    if ((err as HttpFailure & { raw?: boolean }).raw) {
      if (!res.headersSent) {
        res.writeHead(err.status, { 'content-type': 'text/html', ...err.headers });
      }
      res.end(err.message);
      return;
    }
    this.#send(
      res,
      err.status,
      {
        error: {
          code: err.code,
          message: err.message,
          innerError: { date: new Date().toISOString(), 'request-id': randomUUID() },
        },
      },
      err.headers,
    );
  }
}

/** Throws a rule's refusal as the double's HTTP failure. */
function refuse(refusal: GraphRefusal | undefined | false | ''): void {
  if (refusal) {
    throw new HttpFailure(refusal.status, refusal.code, refusal.message);
  }
}
