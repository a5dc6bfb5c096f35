/**
 * "At most one substituting SMTP account per company" (Send As / Send on
 * Behalf) as a claim key created with create-if-absent, so two requests can
 * never both win (ADR-0004).
 * @module
 */
import { ConflictError } from '@verzend/shared';
import type { ConfigContext } from '../context';
import { ConfigKeys } from '../store/keys';
import type { Assignment } from './stored-account';

/**
 * Claims "the substituting account" for `id`; a stale claim of a deleted account is taken over.
 * @returns true when this call took the claim (so a failed write must release it).
 * @throws {ConflictError} SUBSTITUTION_ACCOUNT_EXISTS when a live account holds it.
 */
export async function claimSubstitution(
  ctx: ConfigContext,
  company: string,
  id: string,
  exists: (accountId: string) => Promise<boolean>,
): Promise<boolean> {
  const key = ConfigKeys.substitution(company);
  const conflict = {
    code: 'SUBSTITUTION_ACCOUNT_EXISTS' as const,
    message:
      'Another account of this company already substitutes the sender (Send As / Send on Behalf); at most one may.',
  };
  const existing = await ctx.config.get<Assignment>(key);
  if (!existing) {
    await ctx.config.create(key, { accountId: id }, conflict);
    return true;
  }
  if (existing.value.accountId === id) {
    return false;
  }
  if (await exists(existing.value.accountId)) {
    throw new ConflictError(conflict.message, {
      code: conflict.code,
      extra: { field: 'settings.senderSubstitution', accountId: existing.value.accountId },
    });
  }
  await ctx.config.update(key, { accountId: id }, existing.revision);
  return true;
}

/** Releases the claim if `id` holds it. */
export async function releaseSubstitution(
  ctx: ConfigContext,
  company: string,
  id: string,
): Promise<void> {
  const key = ConfigKeys.substitution(company);
  const existing = await ctx.config.get<Assignment>(key);
  if (existing?.value.accountId === id) {
    await ctx.config.delete(key, existing.revision).catch(() => undefined);
  }
}
