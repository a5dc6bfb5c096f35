/**
 * Email view policies: one row per user, or for all users (empty user id).
 * Effective policy: the user's row, else the all-users row, else
 * "all related records" (Business Central's default for new companies).
 * @module
 */
import { NotFoundError, type Principal, ViewPolicy, type ViewPolicyKind } from '@verzend/shared';
import { audit } from '../audit';
import type { ConfigContext } from '../context';
import { ConfigKeys } from '../store/keys';

/** The effective policy of a user and where it came from. */
export interface EffectivePolicy {
  policy: ViewPolicyKind;
  source: 'user' | 'all-users' | 'fallback';
}

/** View-policy operations. */
export class ViewPolicies {
  readonly #ctx: ConfigContext;

  constructor(ctx: ConfigContext) {
    this.#ctx = ctx;
  }

  /** Every row, the all-users row first. */
  async list(company: string): Promise<ViewPolicy[]> {
    const docs = await this.#ctx.config.list<ViewPolicy>(ConfigKeys.viewPolicyPrefix(company));
    return docs.map((d) => d.value).sort((a, b) => a.userId.localeCompare(b.userId));
  }

  /** Sets the row of one user (or of all users when `userId` is empty). */
  async set(actor: Principal, row: ViewPolicy): Promise<ViewPolicy> {
    const value = ViewPolicy.parse(row);
    await this.#ctx.config.put(ConfigKeys.viewPolicy(actor.company, value.userId), value);
    audit(this.#ctx, actor, { kind: 'view-policy', action: 'updated', id: value.userId || '*' });
    return value;
  }

  /** Removes a row. */
  async delete(actor: Principal, userId: string): Promise<void> {
    const key = ConfigKeys.viewPolicy(actor.company, userId);
    if (!(await this.#ctx.config.get(key))) {
      throw new NotFoundError(
        `No view policy for ${userId === '' ? 'all users' : `user ${userId}`}.`,
      );
    }
    await this.#ctx.config.delete(key);
    audit(this.#ctx, actor, { kind: 'view-policy', action: 'deleted', id: userId || '*' });
  }

  /** The policy that applies to a user. */
  async effective(company: string, userId: string): Promise<EffectivePolicy> {
    if (userId !== '') {
      const own = await this.#ctx.config.get<ViewPolicy>(ConfigKeys.viewPolicy(company, userId));
      if (own) {
        return { policy: own.value.policy, source: 'user' };
      }
    }
    const all = await this.#ctx.config.get<ViewPolicy>(ConfigKeys.viewPolicy(company, ''));
    if (all) {
      return { policy: all.value.policy, source: 'all-users' };
    }
    return { policy: 'all-related-records', source: 'fallback' };
  }
}
