/**
 * Retention settings of a company (how long sent and failed emails, posting-event
 * records, captured messages and telemetry are kept). A company that never
 * saved any has the defaults; the dispatcher's sweeper asks for them over NATS.
 * @module
 */
import { defaultRetention, type Principal, RetentionSettings } from '@verzend/shared';
import { audit } from '../audit';
import type { ConfigContext } from '../context';
import { ConfigKeys } from '../store/keys';

/** Retention-settings operations. */
export class RetentionPolicies {
  readonly #ctx: ConfigContext;

  constructor(ctx: ConfigContext) {
    this.#ctx = ctx;
  }

  /** The company's settings: the saved ones over the defaults (a field added later gets its default). */
  async get(company: string): Promise<RetentionSettings> {
    const doc = await this.#ctx.config.get<Partial<RetentionSettings>>(
      ConfigKeys.retention(company),
    );
    return { ...defaultRetention(), ...(doc?.value ?? {}) };
  }

  /** Saves the settings (fields left out get their defaults). */
  async set(actor: Principal, input: RetentionSettings): Promise<RetentionSettings> {
    const value = RetentionSettings.parse(input);
    await this.#ctx.config.put(ConfigKeys.retention(actor.company), value);
    audit(this.#ctx, actor, { kind: 'retention', action: 'updated', id: 'settings' });
    return value;
  }

  /** Goes back to the defaults. */
  async reset(actor: Principal): Promise<RetentionSettings> {
    await this.#ctx.config.delete(ConfigKeys.retention(actor.company));
    audit(this.#ctx, actor, { kind: 'retention', action: 'deleted', id: 'settings' });
    return defaultRetention();
  }
}
