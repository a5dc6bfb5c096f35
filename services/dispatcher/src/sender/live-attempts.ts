/**
 * Whether an email's in-flight attempt may still be running, so that a
 * redelivered copy of its message never sends it a second time: this replica
 * counts the handlers it has past the throttle for each email, and another
 * replica's attempt is live while that replica still renews a send slot of the
 * account (a crashed replica's slots lapse within a lease life; its attempt is
 * then taken as interrupted and sent again).
 * @module
 */
import type { EmailRecord } from '@verzend/shared';
import type { Limiter } from '../throttle/limiter';

/** The attempts of this replica, and how to tell whether any recorded attempt is live. */
export class LiveAttempts {
  readonly #limiter: Limiter;
  readonly #dispatcherId: string;
  /** Emails this replica is handling past the throttle, with how many handlers hold each. */
  readonly #held = new Map<string, number>();

  constructor(limiter: Limiter, dispatcherId: string) {
    this.#limiter = limiter;
    this.#dispatcherId = dispatcherId;
  }

  /** A handler of this replica goes on with the email; the returned function says it is done. */
  enter(company: string, emailId: string): () => void {
    const key = `${company}.${emailId}`;
    this.#held.set(key, (this.#held.get(key) ?? 0) + 1);
    return () => {
      const left = (this.#held.get(key) ?? 1) - 1;
      if (left > 0) {
        this.#held.set(key, left);
      } else {
        this.#held.delete(key);
      }
    };
  }

  /**
   * True when the record's in-flight attempt may still be running: more than `mine` handlers of
   * this replica hold the email (a handler asking about the email it holds itself passes 1), or
   * the replica that recorded the attempt still renews a send slot of the account.
   */
  async running(rec: EmailRecord, mine = 0): Promise<boolean> {
    const live = rec.status === 'processing' ? rec.attempts.at(-1) : undefined;
    if (live?.outcome !== 'in-flight') {
      return false;
    }
    if ((this.#held.get(`${rec.company}.${rec.id}`) ?? 0) > mine) {
      return true;
    }
    if (!live.dispatcherId || live.dispatcherId === this.#dispatcherId) {
      return false; // ours from before a restart under the same name: interrupted
    }
    return this.#limiter.holds(rec.company, rec.accountId, live.dispatcherId);
  }
}
