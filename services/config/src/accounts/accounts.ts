/**
 * Email accounts per company: create, read, update, delete, the default
 * account, and resolution (scenario → account, else the default) with the
 * sealed secrets the dispatcher needs (it opens them, ADR-0018).
 *
 * The default account is the assignment of the `default` scenario, one KV key
 * written with compare-and-set, so there is exactly one default however many
 * requests race (ADR-0004). "At most one substituting SMTP account" is a claim
 * key created with create-if-absent for the same reason.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type {
  Account,
  AccountCreate,
  AccountUpdate,
  ResolveAccountResponse,
} from '@verzend/connectors';
import type { Versioned } from '@verzend/shared';
import {
  ConflictError,
  NotFoundError,
  type Principal,
  SECRET_KEYS,
  ValidationError,
} from '@verzend/shared';
import type { AppRegistrations } from '../app-registrations/app-registrations';
import { audit } from '../audit';
import type { ConfigContext } from '../context';
import { ConfigKeys } from '../store/keys';
import { secretNames } from './account-rules';
import { checkRegistration, inheritedLookup, registrationIdOf } from './app-link';
import { resolveForSending } from './resolution';
import { type Assignment, type StoredAccount, stripUndefined, toAccount } from './stored-account';
import { claimSubstitution, releaseSubstitution } from './substitution-claim';

const now = () => new Date().toISOString();

/** Account operations of one config service instance. */
export class Accounts {
  readonly #ctx: ConfigContext;
  readonly #registrations: AppRegistrations;

  constructor(ctx: ConfigContext, registrations: AppRegistrations) {
    this.#ctx = ctx;
    this.#registrations = registrations;
  }

  /** Ids of the accounts that refer to an app registration. */
  async referrers(company: string, registrationId: string): Promise<string[]> {
    const docs = await this.#ctx.config.list<StoredAccount>(ConfigKeys.accountPrefix(company));
    return docs
      .filter((d) => registrationIdOf(this.#ctx.connectors, d.value.settings) === registrationId)
      .map((d) => d.value.id);
  }

  async #stored(company: string, id: string): Promise<Versioned<StoredAccount>> {
    const doc = await this.#ctx.config.get<StoredAccount>(ConfigKeys.account(company, id));
    if (!doc) {
      throw new NotFoundError(`No account ${id}.`, { extra: { field: 'id' } });
    }
    return doc;
  }

  /** The default pointer (may point at nothing while a deletion is half-way). */
  async defaultPointer(company: string): Promise<Versioned<Assignment> | null> {
    return this.#ctx.config.get<Assignment>(ConfigKeys.scenario(company, 'default'));
  }

  /** True when the account exists. */
  async exists(company: string, id: string): Promise<boolean> {
    return (await this.#ctx.config.get(ConfigKeys.account(company, id))) !== null;
  }

  /** Every account of a company, default first, then by name. */
  async list(company: string): Promise<Account[]> {
    const [docs, pointer] = await Promise.all([
      this.#ctx.config.list<StoredAccount>(ConfigKeys.accountPrefix(company)),
      this.defaultPointer(company),
    ]);
    const defaultId = pointer?.value.accountId ?? null;
    const inherited = await inheritedLookup(this.#ctx.connectors, this.#registrations, company);
    return docs
      .map((d) => toAccount(this.#ctx.connectors, d.value, defaultId, inherited(d.value)))
      .sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.name.localeCompare(b.name));
  }

  /** One account. @throws {NotFoundError} also for another company's id. */
  async get(company: string, id: string): Promise<Account> {
    const [doc, pointer] = await Promise.all([
      this.#stored(company, id),
      this.defaultPointer(company),
    ]);
    const inherited = await inheritedLookup(this.#ctx.connectors, this.#registrations, company);
    return toAccount(
      this.#ctx.connectors,
      doc.value,
      pointer?.value.accountId ?? null,
      inherited(doc.value),
    );
  }

  /** Creates an account; the company's first account becomes its default. */
  async create(actor: Principal, input: AccountCreate): Promise<Account> {
    const company = actor.company;
    this.#ctx.connectors.checkSettings(input.settings);
    await checkRegistration(this.#ctx.connectors, input.settings, (r) =>
      this.#registrations.find(company, r),
    );
    const id = randomUUID();
    const claimed = this.#ctx.connectors.substitutes(input.settings)
      ? await claimSubstitution(this.#ctx, company, id, (other) => this.exists(company, other))
      : false;
    const { secrets, ...fields } = input;
    const secretsSet = secretNames(secrets);
    try {
      if (secrets) {
        await this.#ctx.secrets.setAccountSecrets(company, id, secrets);
      }
      const time = now();
      const stored: StoredAccount = {
        id,
        company,
        ...this.#ctx.connectors.defaultLimits(input.settings),
        ...stripUndefined(fields),
        name: input.name,
        emailAddress: input.emailAddress,
        settings: input.settings,
        secretsSet,
        version: 1,
        createdAt: time,
        updatedAt: time,
      };
      await this.#ctx.config.create(ConfigKeys.account(company, id), stored, {
        message: 'An account with this id exists.',
      });
    } catch (err) {
      // Nothing half-written: an account that failed to store leaves no claim or secret behind.
      if (claimed) {
        await releaseSubstitution(this.#ctx, company, id);
      }
      await this.#ctx.secrets.deleteAccount(company, id).catch(() => undefined);
      throw err;
    }
    await this.#ensureDefault(company, id);
    audit(this.#ctx, actor, {
      kind: 'account',
      action: 'created',
      id,
      ...(secretsSet.length > 0 ? { detail: `secrets set: ${secretsSet.join(', ')}` } : {}),
    });
    return this.get(company, id);
  }

  /** Updates an account (settings replace the whole settings object); bumps `version`. */
  async update(actor: Principal, id: string, patch: AccountUpdate): Promise<Account> {
    const company = actor.company;
    const current = await this.#stored(company, id);
    const { secrets, ...fields } = patch;
    const settings = patch.settings ?? current.value.settings;
    if (patch.settings && patch.settings.connector !== current.value.settings.connector) {
      throw new ValidationError(
        'The connector of an account cannot change; create a new account.',
        {
          errors: [{ path: 'settings.connector', message: 'cannot change' }],
        },
      );
    }
    this.#ctx.connectors.checkSettings(settings);
    await checkRegistration(this.#ctx.connectors, settings, (r) =>
      this.#registrations.find(company, r),
    );
    const wasSubstituting = this.#ctx.connectors.substitutes(current.value.settings);
    const willSubstitute = this.#ctx.connectors.substitutes(settings);
    if (willSubstitute && !wasSubstituting) {
      await claimSubstitution(this.#ctx, company, id, (other) => this.exists(company, other));
    }
    const present = new Set([...current.value.secretsSet, ...secretNames(secrets)]);
    const secretsSet = SECRET_KEYS.filter((f) => present.has(f));
    const next: StoredAccount = {
      ...current.value,
      ...stripUndefined(fields),
      settings,
      secretsSet,
      version: current.value.version + 1,
      updatedAt: now(),
    };
    // Any deliberate update confirms a copied account; it still needs its required secrets.
    delete next.awaitingCredentials;
    try {
      if (secrets) {
        await this.#ctx.secrets.setAccountSecrets(company, id, secrets);
      }
      await this.#ctx.config.update(
        ConfigKeys.account(company, id),
        next,
        current.revision,
        'The account',
      );
    } catch (err) {
      if (willSubstitute && !wasSubstituting) {
        await releaseSubstitution(this.#ctx, company, id);
      }
      throw err;
    }
    if (wasSubstituting && !willSubstitute) {
      await releaseSubstitution(this.#ctx, company, id);
    }
    const names = secretNames(secrets);
    audit(this.#ctx, actor, {
      kind: 'account',
      action: 'updated',
      id,
      ...(names.length > 0 ? { detail: `secrets set: ${names.join(', ')}` } : {}),
    });
    return this.get(company, id);
  }

  /** Removes one secret of an account (e.g. a password no longer used after moving to OAuth). */
  async clearSecret(
    actor: Principal,
    id: string,
    field: (typeof SECRET_KEYS)[number],
  ): Promise<Account> {
    const company = actor.company;
    const current = await this.#stored(company, id);
    if (!current.value.secretsSet.includes(field)) {
      throw new NotFoundError(`The account has no ${field}.`, { extra: { field } });
    }
    const next: StoredAccount = {
      ...current.value,
      secretsSet: current.value.secretsSet.filter((f) => f !== field),
      version: current.value.version + 1,
      updatedAt: now(),
    };
    // Record first: a crash after it leaves an unlisted ciphertext nobody reads, never a listed secret that is gone.
    await this.#ctx.config.update(
      ConfigKeys.account(company, id),
      next,
      current.revision,
      'The account',
    );
    await this.#ctx.secrets.clearAccountSecrets(company, id, [field]);
    audit(this.#ctx, actor, {
      kind: 'account',
      action: 'secrets-updated',
      id,
      detail: `cleared: ${field}`,
    });
    return this.get(company, id);
  }

  /**
   * Deletes an account. Deleting the default while others remain needs `newDefault`
   * (409 DEFAULT_ACCOUNT_REQUIRED otherwise), unless exactly one other is left: it is promoted.
   */
  async delete(actor: Principal, id: string, newDefault?: string): Promise<void> {
    const company = actor.company;
    const current = await this.#stored(company, id);
    const pointer = await this.defaultPointer(company);
    const isDefault = pointer?.value.accountId === id;
    if (newDefault !== undefined && !isDefault) {
      throw new ValidationError('newDefault only applies when deleting the default account.', {
        errors: [{ path: 'newDefault', message: 'only allowed when deleting the default account' }],
      });
    }
    if (isDefault && pointer) {
      const others = (await this.#ctx.config.keys(ConfigKeys.accountPrefix(company)))
        .map((k) => k.slice(k.lastIndexOf('.') + 1))
        .filter((other) => other !== id);
      let successor: string | undefined;
      if (newDefault !== undefined) {
        if (newDefault === id || !others.includes(newDefault)) {
          throw new ValidationError('newDefault must name another existing account.', {
            errors: [
              { path: 'newDefault', message: 'must be another existing account of this company' },
            ],
          });
        }
        successor = newDefault;
      } else if (others.length === 1) {
        successor = others[0];
      } else if (others.length > 1) {
        throw new ConflictError(
          'This is the default account and other accounts remain: name the new default (?newDefault=<account id>).',
          { code: 'DEFAULT_ACCOUNT_REQUIRED', extra: { candidates: others } },
        );
      }
      if (successor !== undefined) {
        await this.#ctx.config.update(
          ConfigKeys.scenario(company, 'default'),
          { accountId: successor } satisfies Assignment,
          pointer.revision,
          'The default account',
        );
      }
    }
    await this.#ctx.config.delete(ConfigKeys.account(company, id), current.revision, 'The account');
    // Clean-up after the account is gone; readers treat dangling references as unassigned.
    if (this.#ctx.connectors.substitutes(current.value.settings)) {
      await releaseSubstitution(this.#ctx, company, id);
    }
    await this.#ctx.secrets.deleteAccount(company, id);
    for (const a of await this.#ctx.config.list<Assignment>(ConfigKeys.scenarioPrefix(company))) {
      if (a.value.accountId === id) {
        await this.#ctx.config.delete(a.key, a.revision).catch(() => undefined);
      }
    }
    audit(this.#ctx, actor, { kind: 'account', action: 'deleted', id });
  }

  /** Makes an account the default. */
  async setDefault(actor: Principal, id: string): Promise<Account> {
    const company = actor.company;
    await this.#stored(company, id);
    const pointer = await this.defaultPointer(company);
    if (pointer?.value.accountId !== id) {
      const value: Assignment = { accountId: id };
      if (pointer) {
        await this.#ctx.config.update(
          ConfigKeys.scenario(company, 'default'),
          value,
          pointer.revision,
          'The default account',
        );
      } else {
        await this.#ctx.config.create(ConfigKeys.scenario(company, 'default'), value, {
          message: 'The default account was set by another request; read it again and retry.',
        });
      }
      audit(this.#ctx, actor, { kind: 'account', action: 'updated', id, detail: 'made default' });
    }
    return this.get(company, id);
  }

  /**
   * The account an email of `scenario` (or the explicit `accountId`) goes through,
   * with its secrets sealed (ADR-0018); see {@link resolveForSending}.
   */
  resolve(
    company: string,
    request: { scenario?: string | undefined; accountId?: string | undefined },
  ): Promise<ResolveAccountResponse> {
    return resolveForSending(this.#ctx, this.#registrations, company, request);
  }

  /** Scenario → account id: the assigned account if it still exists, else the default. */
  async resolveId(company: string, scenario: string): Promise<string | null> {
    if (scenario !== 'default') {
      const assigned = await this.#ctx.config.get<Assignment>(
        ConfigKeys.scenario(company, scenario),
      );
      if (assigned && (await this.exists(company, assigned.value.accountId))) {
        return assigned.value.accountId;
      }
    }
    const pointer = await this.defaultPointer(company);
    if (pointer && (await this.exists(company, pointer.value.accountId))) {
      return pointer.value.accountId;
    }
    return null;
  }

  /** Makes `id` the default when the company has no (live) default yet. */
  async #ensureDefault(company: string, id: string): Promise<void> {
    const pointer = await this.defaultPointer(company);
    if (!pointer) {
      try {
        await this.#ctx.config.create(
          ConfigKeys.scenario(company, 'default'),
          { accountId: id },
          {
            message: 'default exists',
          },
        );
      } catch (err) {
        if (!(err instanceof ConflictError)) {
          throw err;
        }
      }
      return;
    }
    if (!(await this.exists(company, pointer.value.accountId))) {
      await this.#ctx.config
        .update(ConfigKeys.scenario(company, 'default'), { accountId: id }, pointer.revision)
        .catch((err: unknown) => {
          if (!(err instanceof ConflictError)) {
            throw err;
          }
        });
    }
  }
}
