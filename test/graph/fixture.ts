/**
 * Builds Graph connectors against the test double with fake accounts and
 * send contexts, so connector tests call `send` directly.
 * @module
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  type Account,
  type ConnectorSettings,
  createCurrentUserConnector,
  createGraphRuntime,
  createMicrosoft365Connector,
  type GraphRuntime,
  MemoryUserTokenStore,
  type OutgoingAttachment,
  type OutgoingMessage,
  type SendContext,
} from '@verzend/connectors';
import { ConnectFlow, type ConnectTarget, MemorySignInStateStore } from '@verzend/dispatcher';
import {
  type AccountSecrets,
  createLogger,
  createRegistry,
  Telemetry,
  type TelemetryEventName,
} from '@verzend/shared';
import { GraphDouble, type GraphDoubleOptions } from '../graph-double';

export const TENANT = 'contoso-tenant';
export const APP = { tenantId: TENANT, clientId: 'app-verzend', clientSecret: 'right-secret' };
export const SHARED = 'sales@contoso.example';
export const USER = { email: 'anna@contoso.example', tenantId: TENANT };

/** The double plus a Graph runtime pointed at it. */
export interface GraphFixture {
  double: GraphDouble;
  runtime: GraphRuntime;
  store: MemoryUserTokenStore;
  /** Delays the connectors asked to wait (ms), instead of sleeping. */
  sleeps: number[];
  m365: ReturnType<typeof createMicrosoft365Connector>;
  currentUser: ReturnType<typeof createCurrentUserConnector>;
  stop(): Promise<void>;
}

/** Starts the double with the standard app and user, and connectors using it. */
export async function startGraphFixture(
  opts: GraphDoubleOptions & { chunkBytes?: number; clientConcurrency?: number } = {},
): Promise<GraphFixture> {
  const double = await GraphDouble.start(opts);
  double.registerApp(APP);
  double.registerUser(USER);
  // Anna may send as the shared mailbox (Exchange Send As); tests that check the rule take it away.
  double.grantSendAs(USER.email, SHARED);
  const store = new MemoryUserTokenStore();
  const sleeps: number[] = [];
  const runtime = createGraphRuntime({
    graphBaseUrl: double.graphBaseUrl,
    authority: double.authority,
    userTokens: store,
    ...(opts.chunkBytes ? { chunkBytes: opts.chunkBytes } : {}),
    ...(opts.clientConcurrency ? { maxConcurrentPerMailbox: opts.clientConcurrency } : {}),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return {
    double,
    runtime,
    store,
    sleeps,
    m365: createMicrosoft365Connector(runtime),
    currentUser: createCurrentUserConnector(runtime),
    stop: () => double.stop(),
  };
}

let seq = 0;

/** An account of the given settings. */
export function account(settings: ConnectorSettings, overrides: Partial<Account> = {}): Account {
  const now = new Date().toISOString();
  return {
    id: `acc${++seq}`,
    company: 'cronus',
    name: 'Sales',
    emailAddress: SHARED,
    settings,
    isDefault: false,
    needsCredentials: false,
    missingCredentials: [],
    secretsSet: [],
    version: 1,
    createdAt: now,
    updatedAt: now,
    rateLimitPerMinute: 30,
    concurrencyLimit: 3,
    maxAttempts: 5,
    dailyRecipientQuota: 10_000,
    ...overrides,
  };
}

export const appOnly = (): ConnectorSettings => ({
  connector: 'microsoft365',
  tenantId: TENANT,
  clientId: APP.clientId,
  sharedMailbox: SHARED,
  mode: 'app-only',
});

export const delegated = (): ConnectorSettings => ({
  connector: 'microsoft365',
  tenantId: TENANT,
  clientId: APP.clientId,
  sharedMailbox: SHARED,
  mode: 'delegated',
});

export const currentUser = (): ConnectorSettings => ({
  connector: 'current-user',
  tenantId: TENANT,
  clientId: APP.clientId,
  redirectUri: 'http://127.0.0.1:1/oauth/callback',
});

/** A send context with a silent logger and telemetry whose events are collected. */
export function context(
  acc: Account,
  secrets: AccountSecrets = { clientSecret: APP.clientSecret },
): SendContext & { events: { event: TelemetryEventName; dims: Record<string, unknown> }[] } {
  const logger = createLogger({ service: 'test', level: 'silent' });
  const telemetry = new Telemetry({ service: 'test', logger, registry: createRegistry('test') });
  const events: { event: TelemetryEventName; dims: Record<string, unknown> }[] = [];
  const emit = telemetry.emit.bind(telemetry);
  telemetry.emit = (event, dims) => {
    events.push({ event, dims });
    emit(event, dims);
  };
  return { account: acc, secrets, logger, telemetry, signal: new AbortController().signal, events };
}

/** An attachment held in memory. */
export function bytesAttachment(
  fileName: string,
  data: Buffer,
  extra: Partial<OutgoingAttachment> = {},
): OutgoingAttachment {
  return {
    fileName,
    contentType: 'application/pdf',
    size: data.length,
    inline: false,
    open: async () => Readable.from([data]),
    ...extra,
  };
}

/** Deterministic pseudo-random bytes, produced in 64 KiB pieces (never held whole). */
function* generate(size: number, seed: number): Generator<Buffer> {
  const piece = 64 * 1024;
  let state = seed >>> 0 || 1;
  for (let offset = 0; offset < size; offset += piece) {
    const n = Math.min(piece, size - offset);
    const buf = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i += 4) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      if (i + 4 <= n) {
        buf.writeUInt32LE(state, i);
      } else {
        for (let j = i; j < n; j++) {
          buf[j] = (state >>> ((j - i) * 8)) & 0xff;
        }
      }
    }
    yield buf;
  }
}

/** A generated attachment of `size` bytes; `opens` counts how often it was read. */
export function generatedAttachment(
  fileName: string,
  size: number,
  seed = 7,
): OutgoingAttachment & { sha256: string; opens: number } {
  const hash = createHash('sha256');
  for (const b of generate(size, seed)) {
    hash.update(b);
  }
  const attachment = {
    fileName,
    contentType: 'application/octet-stream',
    size,
    inline: false,
    opens: 0,
    sha256: hash.digest('hex'),
    open: async () => {
      attachment.opens++;
      return Readable.from(generate(size, seed));
    },
  };
  return attachment;
}

/** sha-256 of a buffer. */
export const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** A message with sensible defaults. */
export function message(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    emailId: `e${++seq}`,
    company: 'cronus',
    messageId: `<e${seq}@verzend.test>`,
    from: { address: SHARED, name: 'CRONUS Sales' },
    to: [{ address: 'ap@fabrikam.example', name: 'Fabrikam AP' }],
    cc: [],
    bcc: [],
    replyTo: [],
    subject: 'Invoice 103045',
    html: '<p>Please find the invoice attached.</p>',
    text: 'Please find the invoice attached.',
    headers: { 'X-Verzend-Document': 'SI-103045' },
    attachments: [],
    user: { id: 'anna', email: USER.email, name: 'Anna', licence: 'full' },
    attempt: 1,
    ...overrides,
  };
}

/** The connect target of USER for an account of the fixture's app. */
export function connectTargetFor(
  fx: GraphFixture,
  acc: Account,
  email = USER.email,
): ConnectTarget {
  return {
    company: acc.company,
    accountId: acc.id,
    tenantId: TENANT,
    clientId: APP.clientId,
    clientSecret: APP.clientSecret,
    cloud: 'global',
    scope: `${fx.double.url}/Mail.Send ${fx.double.url}/Mail.ReadWrite offline_access openid profile`,
    redirectUri: 'http://127.0.0.1:1/oauth/callback',
    expectedMailbox: email,
  };
}

/**
 * Connects USER to `acc` through the real authorization-code + PKCE flow:
 * start → the double's authorize endpoint (signs in at once) → complete, in
 * the same "browser" (the nonce cookie goes back with the callback).
 */
export async function connectUser(
  fx: GraphFixture,
  acc: Account,
  userId = 'anna',
  email = USER.email,
  scope?: string,
): Promise<void> {
  const flow = new ConnectFlow({
    providers: fx.runtime.tokens,
    states: new MemorySignInStateStore(),
  });
  const target = connectTargetFor(fx, acc, email);
  const started = await flow.start(scope ? { ...target, scope } : target, userId, email);
  const res = await fetch(started.start.authorizeUrl, { redirect: 'manual' });
  const location = new URL(res.headers.get('location') ?? '');
  await flow.complete(
    {
      state: location.searchParams.get('state') ?? undefined,
      code: location.searchParams.get('code') ?? undefined,
    },
    async () => ({ clientSecret: APP.clientSecret }),
    started.browserNonce,
  );
}
