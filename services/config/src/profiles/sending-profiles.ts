/**
 * Document sending profiles (the email part of Business Central's): whether a
 * customer's documents are emailed (no / yes with a prompt / yes with default
 * settings) and as which attachment format. At most one is the default; the
 * default is one pointer key, so there can never be two.
 * @module
 */
import { NotFoundError, type Principal, SendingProfile } from '@verzend/shared';
import { audit } from '../audit';
import type { ConfigContext } from '../context';
import { ConfigKeys } from '../store/keys';

interface DefaultPointer {
  code: string;
}

/** Sending-profile operations. */
export class SendingProfiles {
  readonly #ctx: ConfigContext;

  constructor(ctx: ConfigContext) {
    this.#ctx = ctx;
  }

  async #defaultCode(company: string): Promise<string | null> {
    const doc = await this.#ctx.config.get<DefaultPointer>(
      ConfigKeys.defaultSendingProfile(company),
    );
    return doc?.value.code ?? null;
  }

  /** Every profile, by code. */
  async list(company: string): Promise<SendingProfile[]> {
    const [docs, def] = await Promise.all([
      this.#ctx.config.list<SendingProfile>(ConfigKeys.sendingProfilePrefix(company)),
      this.#defaultCode(company),
    ]);
    return docs
      .map((d) => ({ ...d.value, isDefault: d.value.code === def }))
      .sort((a, b) => a.code.localeCompare(b.code));
  }

  /** One profile by code; without a code, the default profile (null when there is none). */
  async find(company: string, code?: string): Promise<SendingProfile | null> {
    const def = await this.#defaultCode(company);
    const wanted = code ?? def;
    if (wanted === null) {
      return null;
    }
    const doc = await this.#ctx.config.get<SendingProfile>(
      ConfigKeys.sendingProfile(company, wanted),
    );
    return doc ? { ...doc.value, isDefault: doc.value.code === def } : null;
  }

  /** One profile. @throws {NotFoundError} */
  async get(company: string, code: string): Promise<SendingProfile> {
    const found = await this.find(company, code);
    if (!found) {
      throw new NotFoundError(`No sending profile ${code}.`);
    }
    return found;
  }

  /** Creates or replaces a profile; `isDefault: true` makes it the only default. */
  async set(actor: Principal, profile: SendingProfile): Promise<SendingProfile> {
    const value = SendingProfile.parse(profile);
    const company = actor.company;
    await this.#ctx.config.put(ConfigKeys.sendingProfile(company, value.code), {
      ...value,
      isDefault: false,
    });
    const def = await this.#ctx.config.get<DefaultPointer>(
      ConfigKeys.defaultSendingProfile(company),
    );
    if (value.isDefault && def?.value.code !== value.code) {
      await this.#ctx.config.put(ConfigKeys.defaultSendingProfile(company), { code: value.code });
    } else if (!value.isDefault && def?.value.code === value.code) {
      await this.#ctx.config.delete(ConfigKeys.defaultSendingProfile(company), def.revision);
    }
    audit(this.#ctx, actor, { kind: 'sending-profile', action: 'updated', id: value.code });
    return this.get(company, value.code);
  }

  /** Deletes a profile (and the default pointer when it was the default). */
  async delete(actor: Principal, code: string): Promise<void> {
    const company = actor.company;
    const existing = await this.get(company, code);
    await this.#ctx.config.delete(ConfigKeys.sendingProfile(company, code));
    if (existing.isDefault) {
      await this.#ctx.config.delete(ConfigKeys.defaultSendingProfile(company));
    }
    audit(this.#ctx, actor, { kind: 'sending-profile', action: 'deleted', id: code });
  }
}
