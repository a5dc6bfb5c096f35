/**
 * The company record and "copy company": a new company gets the source's
 * accounts, scenarios, default attachments, view policies, layouts, report
 * selections, sending profiles and payment settings — never its secrets. Copied
 * accounts need credentials and cannot send until an administrator gives them.
 * Copying needs the right to administer the target, and the copy is a test
 * company unless a platform administrator says otherwise (docs/security.md).
 * @module
 */
import {
  Company,
  ConflictError,
  ForbiddenError,
  mayAdminister,
  NotFoundError,
  type Principal,
  ValidationError,
} from '@verzend/shared';
import type { StoredAccount } from '../accounts/stored-account';
import type { StoredAppRegistration } from '../app-registrations/app-registrations';
import { audit } from '../audit';
import type { ConfigContext } from '../context';
import { ConfigKeys } from '../store/keys';
import { blobRefsIn } from './owned-blobs';

/** What a copy did. */
export interface CopyReport {
  company: Company;
  copied: Record<string, number>;
  accountsNeedingCredentials: string[];
}

/** Company operations. */
export class Companies {
  readonly #ctx: ConfigContext;

  constructor(ctx: ConfigContext) {
    this.#ctx = ctx;
  }

  /** The company record, or null when it was never set up. */
  async find(company: string): Promise<Company | null> {
    const doc = await this.#ctx.config.get<Company>(ConfigKeys.company(company));
    return doc?.value ?? null;
  }

  /** The company record. @throws {NotFoundError} */
  async get(company: string): Promise<Company> {
    const found = await this.find(company);
    if (!found) {
      throw new NotFoundError(
        `The company ${company} is not set up yet; PUT /v1/company creates it.`,
      );
    }
    return found;
  }

  /** Creates or updates the caller's company record. */
  async set(
    actor: Principal,
    input: { name: string; isTest?: boolean | undefined },
  ): Promise<Company> {
    const key = ConfigKeys.company(actor.company);
    const current = await this.#ctx.config.get<Company>(key);
    const value = Company.parse({
      id: actor.company,
      name: input.name,
      isTest: input.isTest ?? current?.value.isTest ?? false,
      createdAt: current?.value.createdAt ?? new Date().toISOString(),
    });
    if (current) {
      await this.#ctx.config.update(key, value, current.revision, 'The company');
    } else {
      await this.#ctx.config.create(key, value, {
        message: 'The company was created by another request; read it again.',
      });
    }
    audit(this.#ctx, actor, {
      kind: 'company',
      action: current ? 'updated' : 'created',
      id: actor.company,
    });
    return value;
  }

  /**
   * Copies the caller's company into `target`, which must not exist yet.
   * Every key is created with create-if-absent; if anything fails, what was
   * written is removed again, and the target's company record is written last.
   */
  async copy(
    actor: Principal,
    target: string,
    name: string,
    isTest?: boolean,
  ): Promise<CopyReport> {
    const source = actor.company;
    if (target === source) {
      throw new ValidationError('The target company must differ from the source.', {
        errors: [{ path: 'targetCompany', message: 'must differ from your company' }],
      });
    }
    if (!mayAdminister(actor, target)) {
      throw new ForbiddenError(
        `Your token does not give you the right to administer company ${target} (needs it in the companies claim, or platform-admin).`,
      );
    }
    if (isTest === false && !actor.permissions.has('platform-admin')) {
      throw new ForbiddenError(
        'A copied company is a test company; only a platform administrator (platform-admin) may copy into a live one.',
      );
    }
    const targetPrefix = ConfigKeys.companyPrefix(target);
    if ((await this.#ctx.config.keys(targetPrefix)).length > 0) {
      throw new ConflictError(`The company ${target} already exists; copy into a new company id.`, {
        extra: { field: 'targetCompany' },
      });
    }
    const sourcePrefix = ConfigKeys.companyPrefix(source);
    const docs = await this.#ctx.config.list<Record<string, unknown>>(sourcePrefix);
    const written: string[] = [];
    const copied: Record<string, number> = {};
    const needing: string[] = [];
    const time = new Date().toISOString();
    try {
      for (const doc of docs) {
        const rest = doc.key.slice(sourcePrefix.length);
        const kind = rest.slice(0, rest.indexOf('.'));
        // Webhook endpoints stay behind: a test copy must not post to the source's integrations.
        if (kind === 'company' || kind === 'webhook') {
          continue;
        }
        let value: unknown = doc.value;
        if (kind === 'account') {
          const account = doc.value as unknown as StoredAccount;
          // Secrets stay behind: the copy knows no secret and waits for an administrator.
          value = {
            ...account,
            company: target,
            secretsSet: [],
            awaitingCredentials: true,
            version: account.version + 1,
            updatedAt: time,
          } satisfies StoredAccount;
          needing.push(account.id);
        }
        if (kind === 'app-registration') {
          // The registration travels, its secret does not (accounts using it need credentials).
          value = {
            ...(doc.value as unknown as StoredAppRegistration),
            company: target,
            secretsSet: [],
            updatedAt: time,
          } satisfies StoredAppRegistration;
        }
        const key = `${targetPrefix}${rest}`;
        // Layouts and default attachments keep their content: it becomes the target's to use.
        for (const blob of blobRefsIn(value)) {
          await this.#ctx.owners.grant(target, blob);
        }
        await this.#ctx.config.create(key, value, {
          message: `The company ${target} was created by another request while copying.`,
        });
        written.push(key);
        copied[kind] = (copied[kind] ?? 0) + 1;
      }
      const company = Company.parse({
        id: target,
        name,
        isTest: isTest ?? true,
        createdAt: time,
      });
      await this.#ctx.config.create(ConfigKeys.company(target), company, {
        message: `The company ${target} was created by another request while copying.`,
      });
      audit(this.#ctx, actor, {
        kind: 'company',
        action: 'copied',
        id: source,
        detail: `to ${target}`,
      });
      audit(
        this.#ctx,
        actor,
        { kind: 'company', action: 'created', id: target, detail: `copy of ${source}` },
        target,
      );
      return { company, copied, accountsNeedingCredentials: needing };
    } catch (err) {
      for (const key of written) {
        await this.#ctx.config.delete(key).catch(() => undefined);
      }
      throw err;
    }
  }
}
