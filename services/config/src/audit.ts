/**
 * The audit trail: every change to configuration emits `config-changed`
 * (who, what, when) as telemetry, and a change notice on
 * `verzend.config.changed.<company>.<kind>` for caches that prefer it to a KV
 * watch. Never carries a secret value: only names of what changed.
 * @module
 */
import type { Principal } from '@verzend/shared';
import { Subjects } from '@verzend/shared';
import type { ConfigContext } from './context';

/** What changed. */
export interface Change {
  /** e.g. `account`, `scenario`, `layout`. */
  kind: string;
  action: 'created' | 'updated' | 'deleted' | 'copied' | 'secrets-updated' | 'tested';
  /** The changed record's id (account id, scenario code, usage…). */
  id: string;
  /** Extra, non-secret detail (e.g. which secret fields were set, by name). */
  detail?: string;
}

/** Records one change made by `actor` in the actor's company (or `company` when given). */
export function audit(
  ctx: ConfigContext,
  actor: Pick<Principal, 'userId' | 'company'>,
  change: Change,
  company = actor.company,
): void {
  const time = new Date().toISOString();
  ctx.telemetry.emit('config-changed', {
    company,
    actor: actor.userId,
    kind: change.kind,
    action: change.action,
    id: change.id,
    detail: change.detail ?? null,
  });
  if (!ctx.nc.isClosed()) {
    try {
      ctx.nc.publish(
        Subjects.configChanged(company, change.kind),
        JSON.stringify({ company, ...change, actor: actor.userId, time }),
      );
    } catch (err) {
      ctx.logger.debug({ err }, 'config change notice not published');
    }
  }
}
