/**
 * What nodemailer's pool knows but does not hand back: when the server closes a
 * reused connection before a message starts (a 421 such as "too many messages
 * on this connection"), the pool gives up on that message with a bare
 * "Reached maximum number of retries after connection was closed" (we allow no
 * silent re-sends). Its log line carries the server's reply; this keeps it per
 * message, so the attempt history shows the provider's real answer.
 * @module
 */

/** nodemailer's bunyan-style logger methods. */
type LogMethod = (entry: Record<string, unknown>, message: string, ...args: unknown[]) => void;

const CLOSED_BEFORE_SENT = /closed by the server before message/;
const GAVE_UP = /Reached maximum number of retries after connection was closed/;
const bare = (id: string) => id.replace(/^<|>$/g, '');

/** Remembers the last server reply per message id. */
export class PoolReplies {
  readonly #replies = new Map<string, string>();
  /** The logger to give nodemailer (everything else it logs is dropped, as before). */
  readonly logger: Record<'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal', LogMethod>;

  constructor() {
    const ignore: LogMethod = () => undefined;
    this.logger = {
      trace: ignore,
      debug: ignore,
      info: (entry, message, ...args) => {
        if (CLOSED_BEFORE_SENT.test(message) && typeof entry.messageId === 'string') {
          const reply = String(args[2] ?? '');
          if (this.#replies.size > 1000) {
            this.#replies.clear();
          }
          this.#replies.set(bare(entry.messageId), reply);
        }
      },
      warn: ignore,
      error: ignore,
      fatal: ignore,
    };
  }

  /**
   * Replaces the pool's bare give-up error of `messageId` by one carrying the
   * server's reply (`responseCode`, `response`); other errors pass unchanged.
   */
  explain(err: unknown, messageId: string): unknown {
    const reply = this.#replies.get(bare(messageId));
    this.#replies.delete(bare(messageId));
    if (!reply || !(err instanceof Error) || !GAVE_UP.test(err.message)) {
      return err;
    }
    const response = /\b([45]\d\d)\b[\s\S]*$/.exec(reply)?.[0] ?? reply;
    const code = Number(/\b([45]\d\d)\b/.exec(reply)?.[1]);
    return Object.assign(
      new Error(`The server closed the connection: ${response}`, { cause: err }),
      {
        code: 'ECONNECTION',
        response,
        ...(Number.isFinite(code) ? { responseCode: code } : {}),
      },
    );
  }
}
