/**
 * The company's Microsoft Entra app registrations for email (Business
 * Central's "Microsoft Entra ID registration for email"): tenant, client id,
 * credential, redirect URI and national cloud, kept once and referred to by
 * accounts. Secrets are write-only and encrypted; a copied company gets the
 * registrations without them.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { Versioned } from '@verzend/shared';
import {
  APP_SECRET_KEYS,
  type AppRegistration,
  type AppRegistrationCreate,
  type AppRegistrationSecrets,
  type AppRegistrationUpdate,
  adminConsentUrl,
  ConflictError,
  NotFoundError,
  type Principal,
  type SealedAccountSecrets,
} from '@verzend/shared';
import { audit } from '../audit';
import type { ConfigContext } from '../context';
import { ConfigKeys } from '../store/keys';

/** A registration as stored (the API shape without the derived consent URL). */
export type StoredAppRegistration = Omit<AppRegistration, 'adminConsentUrl'>;

const now = () => new Date().toISOString();
const names = (secrets: AppRegistrationSecrets | undefined) =>
  secrets ? APP_SECRET_KEYS.filter((f) => secrets[f] !== undefined) : [];

/** Turns a stored registration into the API shape. */
export function toAppRegistration(stored: StoredAppRegistration): AppRegistration {
  return { ...stored, adminConsentUrl: adminConsentUrl(stored) };
}

/** App registration operations of one config service instance. */
export class AppRegistrations {
  readonly #ctx: ConfigContext;

  constructor(ctx: ConfigContext) {
    this.#ctx = ctx;
  }

  async #stored(company: string, id: string): Promise<Versioned<StoredAppRegistration>> {
    const doc = await this.#ctx.config.get<StoredAppRegistration>(
      ConfigKeys.appRegistration(company, id),
    );
    if (!doc) {
      throw new NotFoundError(`No app registration ${id}.`, { extra: { field: 'id' } });
    }
    return doc;
  }

  /** Every registration of a company, by name. */
  async list(company: string): Promise<AppRegistration[]> {
    const docs = await this.#ctx.config.list<StoredAppRegistration>(
      ConfigKeys.appRegistrationPrefix(company),
    );
    return docs.map((d) => toAppRegistration(d.value)).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** One registration, or null (for accounts that refer to it). */
  async find(company: string, id: string): Promise<StoredAppRegistration | null> {
    return (
      (await this.#ctx.config.get<StoredAppRegistration>(ConfigKeys.appRegistration(company, id)))
        ?.value ?? null
    );
  }

  /** One registration. @throws {NotFoundError} also for another company's id. */
  async get(company: string, id: string): Promise<AppRegistration> {
    return toAppRegistration((await this.#stored(company, id)).value);
  }

  /** The sealed secrets of a registration (resolution for the dispatcher, which opens them). */
  async secrets(reg: StoredAppRegistration): Promise<SealedAccountSecrets> {
    return this.#ctx.secrets.appRegistrationEnvelopes(reg.company, reg.id, reg.secretsSet);
  }

  async create(actor: Principal, input: AppRegistrationCreate): Promise<AppRegistration> {
    const company = actor.company;
    const id = randomUUID();
    const { secrets, ...fields } = input;
    const time = now();
    const stored: StoredAppRegistration = {
      id,
      company,
      ...fields,
      secretsSet: names(secrets),
      version: 1,
      createdAt: time,
      updatedAt: time,
    };
    try {
      if (secrets) {
        await this.#ctx.secrets.setAppRegistrationSecrets(company, id, secrets);
      }
      await this.#ctx.config.create(ConfigKeys.appRegistration(company, id), stored, {
        message: 'An app registration with this id exists.',
      });
    } catch (err) {
      await this.#ctx.secrets.deleteAppRegistration(company, id).catch(() => undefined);
      throw err;
    }
    audit(this.#ctx, actor, {
      kind: 'app-registration',
      action: 'created',
      id,
      ...(stored.secretsSet.length
        ? { detail: `secrets set: ${stored.secretsSet.join(', ')}` }
        : {}),
    });
    return toAppRegistration(stored);
  }

  /** Updates a registration; accounts referring to it pick the change up at their next resolve. */
  async update(
    actor: Principal,
    id: string,
    patch: AppRegistrationUpdate,
  ): Promise<AppRegistration> {
    const company = actor.company;
    const current = await this.#stored(company, id);
    const { secrets, ...fields } = patch;
    const present = new Set([...current.value.secretsSet, ...names(secrets)]);
    const next: StoredAppRegistration = {
      ...current.value,
      ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
      secretsSet: APP_SECRET_KEYS.filter((f) => present.has(f)),
      version: current.value.version + 1,
      updatedAt: now(),
    };
    if (secrets) {
      await this.#ctx.secrets.setAppRegistrationSecrets(company, id, secrets);
    }
    await this.#ctx.config.update(
      ConfigKeys.appRegistration(company, id),
      next,
      current.revision,
      'The app registration',
    );
    const set = names(secrets);
    audit(this.#ctx, actor, {
      kind: 'app-registration',
      action: 'updated',
      id,
      ...(set.length ? { detail: `secrets set: ${set.join(', ')}` } : {}),
    });
    return toAppRegistration(next);
  }

  /**
   * Deletes a registration no account refers to.
   * @param referrers ids of the accounts that still refer to it.
   * @throws {ConflictError} while accounts refer to it.
   */
  async delete(actor: Principal, id: string, referrers: string[]): Promise<void> {
    const company = actor.company;
    await this.#stored(company, id);
    if (referrers.length > 0) {
      throw new ConflictError(
        `The app registration is used by ${referrers.length} account(s) (${referrers.join(', ')}); point them elsewhere first.`,
        { extra: { accounts: referrers } },
      );
    }
    await this.#ctx.config.delete(ConfigKeys.appRegistration(company, id));
    await this.#ctx.secrets.deleteAppRegistration(company, id);
    audit(this.#ctx, actor, { kind: 'app-registration', action: 'deleted', id });
  }
}
