/**
 * A real SMTP server (`smtp-server`) as a test sink: optional auth (PLAIN/LOGIN
 * and XOAUTH2), STARTTLS or implicit TLS with a self-signed certificate, and
 * scripted replies per recipient (e.g. 451 once, then 250; or 550). Every
 * accepted message is parsed (mailparser) and kept for assertions.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AccountCreate } from '@verzend/connectors';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { freePort } from './ports';
import { track } from './resources';

const tlsDir = join(import.meta.dirname, '..', 'fixtures', 'tls');

/** A scripted reply: an SMTP code and message, returned for one delivery. */
export interface ScriptedReply {
  code: number;
  message: string;
}

/** One accepted message. */
export interface SinkMessage {
  envelopeFrom: string;
  envelopeTo: string[];
  raw: Buffer;
  parsed: ParsedMail;
  receivedAt: number;
  user: string | undefined;
}

/** Options for {@link SmtpSink.start}. */
export interface SmtpSinkOptions {
  /** none: plain; starttls: advertise STARTTLS; tls: implicit TLS. */
  tls?: 'none' | 'starttls' | 'tls';
  /** Accepted user/password pairs (PLAIN/LOGIN). */
  users?: Record<string, string>;
  /** Accepted XOAUTH2 access tokens per user. */
  oauthTokens?: Record<string, string>;
  /**
   * Checks an XOAUTH2 login as Exchange does (e.g. the identity double's
   * `checkXoauth2`): returns why it is refused, or undefined to accept.
   */
  oauthVerifier?: (user: string, accessToken: string) => string | undefined;
  /**
   * Exchange's sender rule: MAIL FROM must be the signed-in mailbox or one it
   * has Send As rights on (listed here per user); anything else is 550 5.7.60.
   */
  sendAs?: Record<string, string[]>;
  /** Parse messages with mailparser (off for benchmarks). */
  parse?: boolean;
  /** Hold each message this long before answering its DATA (makes concurrency observable). */
  dataDelayMs?: number;
  /**
   * A message counts as delivered only when the sink answers its DATA (after
   * `dataDelayMs`), as a server that commits with its reply: a client that
   * hangs up before then delivers nothing, and its hang-up ends the hold at once.
   */
  commitOnReply?: boolean;
}

/** A running SMTP sink. */
export class SmtpSink {
  readonly messages: SinkMessage[] = [];
  readonly port: number;
  readonly #server: SMTPServer;
  readonly #scripts = new Map<string, ScriptedReply[]>();
  readonly #untrack: () => void;
  /** Count of authentication attempts that failed. */
  authFailures = 0;
  /** Every authentication attempt: method, user, and the refusal reason (undefined when accepted). */
  readonly logins: { method: string; user: string; refused: string | undefined }[] = [];
  readonly #mailFromScripts: ScriptedReply[] = [];
  /** Messages being received right now, and the most there ever were at once. */
  receiving = 0;
  maxReceiving = 0;
  /** Messages whose client hung up before the sink answered them (with `commitOnReply`). */
  abandoned = 0;
  /** Messages received in full whose answer the sink is holding now (`dataDelayMs`). */
  holding = 0;
  #waiters: { count: number; resolve: () => void }[] = [];

  private constructor(server: SMTPServer, port: number, untrack: () => void) {
    this.#server = server;
    this.port = port;
    this.#untrack = untrack;
  }

  /** An anonymous, plain SMTP account that sends to this sink (for `POST /v1/accounts`). */
  account(name: string, emailAddress: string, limits: Partial<AccountCreate> = {}): AccountCreate {
    return {
      name,
      emailAddress,
      settings: {
        connector: 'smtp',
        host: '127.0.0.1',
        port: this.port,
        tls: 'none',
        verifyCertificate: false,
        auth: 'anonymous',
        senderType: 'specific-user',
        senderSubstitution: 'none',
      },
      ...limits,
    };
  }

  static async start(opts: SmtpSinkOptions = {}): Promise<SmtpSink> {
    const port = await freePort();
    const tls = opts.tls ?? 'none';
    const needsAuth =
      opts.users !== undefined ||
      opts.oauthTokens !== undefined ||
      opts.oauthVerifier !== undefined;
    const parse = opts.parse ?? true;
    let sink: SmtpSink | undefined;
    // What to do when a client hangs up, per session (holds that end with the connection).
    const hangUps = new Map<string, (() => void)[]>();
    const options: SMTPServerOptions = {
      // A stop waits this long for open sessions (a client's idle pooled connection) before it
      // answers them 421 and closes: smtp-server's default is 30 s, which every stop with a
      // sender still connected paid in full.
      closeTimeout: 500,
      onClose(session) {
        const then = hangUps.get(session.id) ?? [];
        hangUps.delete(session.id);
        for (const f of then) {
          f();
        }
      },
      secure: tls === 'tls',
      disabledCommands: [...(tls === 'none' ? ['STARTTLS'] : []), ...(needsAuth ? [] : ['AUTH'])],
      authMethods: ['PLAIN', 'LOGIN', 'XOAUTH2'],
      authOptional: !needsAuth,
      allowInsecureAuth: true,
      size: 200 * 1024 * 1024,
      logger: false,
      ...(tls !== 'none'
        ? {
            key: readFileSync(join(tlsDir, 'key.pem')),
            cert: readFileSync(join(tlsDir, 'cert.pem')),
          }
        : {}),
      onAuth(auth, _session, callback) {
        const s = sink;
        const user = auth.username ?? '';
        const staticToken =
          opts.oauthTokens?.[user] !== undefined && opts.oauthTokens[user] === auth.accessToken;
        const refused =
          auth.method === 'XOAUTH2'
            ? staticToken
              ? undefined
              : opts.oauthVerifier
                ? opts.oauthVerifier(user, auth.accessToken ?? '')
                : 'unknown token'
            : opts.users?.[user] !== undefined && opts.users[user] === auth.password
              ? undefined
              : 'wrong user name or password';
        s?.logins.push({ method: auth.method, user, refused });
        if (refused !== undefined) {
          if (s) {
            s.authFailures++;
          }
          if (auth.method === 'XOAUTH2') {
            callback(null, { data: { status: '401', schemes: 'bearer' } });
            return;
          }
          callback(
            Object.assign(new Error('5.7.8 Authentication credentials invalid'), {
              responseCode: 535,
            }),
          );
          return;
        }
        callback(null, { user });
      },
      onMailFrom(address, session, callback) {
        const scripted = sink ? sink.#mailFromScripts.shift() : undefined;
        if (scripted && scripted.code >= 400) {
          callback(Object.assign(new Error(scripted.message), { responseCode: scripted.code }));
          return;
        }
        const user = typeof session.user === 'string' ? session.user.toLowerCase() : undefined;
        const from = address.address.toLowerCase();
        if (
          opts.sendAs &&
          user !== undefined &&
          from !== user &&
          !(opts.sendAs[user] ?? []).map((a) => a.toLowerCase()).includes(from)
        ) {
          callback(
            Object.assign(
              new Error(
                `5.7.60 SMTP; Client does not have permissions to send as this sender (${from})`,
              ),
              { responseCode: 550 },
            ),
          );
          return;
        }
        callback();
      },
      onRcptTo(address, _session, callback) {
        const reply = sink?.nextScripted(address.address);
        if (reply && reply.code >= 400) {
          callback(Object.assign(new Error(reply.message), { responseCode: reply.code }));
          return;
        }
        callback();
      },
      onData(stream, session, reply) {
        const s = sink;
        if (s) {
          s.receiving++;
          s.maxReceiving = Math.max(s.maxReceiving, s.receiving);
        }
        let answered = false;
        let held = false;
        let commit: (() => void) | undefined;
        const release = () => {
          if (held && s) {
            held = false;
            s.holding--;
          }
        };
        const answer = (err?: Error | null) => {
          if (answered) {
            return;
          }
          answered = true;
          release();
          if (s) {
            s.receiving--;
          }
          if (!err) {
            commit?.();
          }
          reply(err);
        };
        const callback = (err?: Error | null) => {
          if (opts.dataDelayMs) {
            held = true;
            if (s) {
              s.holding++;
            }
            const timer = setTimeout(() => answer(err), opts.dataDelayMs);
            if (opts.commitOnReply) {
              hangUp(() => {
                clearTimeout(timer);
                if (!answered) {
                  answered = true;
                  commit = undefined;
                  release();
                  if (s) {
                    s.receiving--;
                    s.abandoned++;
                  }
                }
              });
            }
          } else {
            answer(err);
          }
        };
        const hangUp = (then: () => void) => {
          hangUps.set(session.id, [...(hangUps.get(session.id) ?? []), then]);
        };
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          const to = session.envelope.rcptTo.map((r) => r.address);
          const user = typeof session.user === 'string' ? session.user : undefined;
          const done = (parsed: ParsedMail) => {
            const accept = () =>
              sink?.accept({
                envelopeFrom: from,
                envelopeTo: to,
                raw,
                parsed,
                receivedAt: Date.now(),
                user,
              });
            if (opts.commitOnReply) {
              commit = accept;
            } else {
              accept();
            }
            callback();
          };
          if (parse) {
            simpleParser(raw).then(done, (err: Error) => callback(err));
          } else {
            done({} as ParsedMail);
          }
        });
      },
    };
    const server = new SMTPServer(options);
    server.on('error', () => {
      // Client disconnects mid-session are expected in fault tests.
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    sink = new SmtpSink(
      server,
      port,
      track(`smtp-sink :${port}`, () => new Promise((r) => server.close(() => r(undefined)))),
    );
    return sink;
  }

  /** @internal the next scripted reply for a recipient, if any. */
  nextScripted(recipient: string): ScriptedReply | undefined {
    return this.#scripts.get(recipient.toLowerCase())?.shift();
  }

  /** Scripts the next MAIL FROM replies, in order (e.g. a 421 that closes the connection). */
  scriptMailFrom(...replies: ScriptedReply[]): void {
    this.#mailFromScripts.push(...replies);
  }

  /** Scripts the next replies for a recipient (applied at RCPT TO, in order). */
  script(recipient: string, ...replies: ScriptedReply[]): void {
    const key = recipient.toLowerCase();
    this.#scripts.set(key, [...(this.#scripts.get(key) ?? []), ...replies]);
  }

  /** @internal records an accepted message and wakes waiters. */
  accept(message: SinkMessage): void {
    this.messages.push(message);
    this.#waiters = this.#waiters.filter((w) => {
      if (this.messages.length >= w.count) {
        w.resolve();
        return false;
      }
      return true;
    });
  }

  /** Resolves when at least `count` messages have arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs = 20_000): Promise<void> {
    if (this.messages.length >= count) {
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `SMTP sink got ${this.messages.length} of ${count} messages in ${timeoutMs} ms`,
            ),
          ),
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
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#untrack();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}
