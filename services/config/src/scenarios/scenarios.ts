/**
 * Scenarios: Business Central's standard list plus a company's custom
 * `custom-*` ones, each assigned to at most one account. Unassigned scenarios
 * resolve to the default account.
 * @module
 */
import {
  ConflictError,
  NotFoundError,
  type Principal,
  type Scenario,
  STANDARD_SCENARIOS,
} from '@verzend/shared';
import type { Accounts } from '../accounts/accounts';
import type { Assignment } from '../accounts/stored-account';
import { audit } from '../audit';
import type { ConfigContext } from '../context';
import { ConfigKeys } from '../store/keys';

/** Display names of the standard scenarios (as Business Central shows them). */
const STANDARD_NAMES: Record<(typeof STANDARD_SCENARIOS)[number], string> = {
  default: 'Default',
  'invite-external-accountant': 'Invite External Accountant',
  notification: 'Notification',
  'job-planning-line-calendar': 'Job Planning Line Calendar',
  'interaction-template': 'Interaction Template',
  'sales-quote': 'Sales Quote',
  'sales-order': 'Sales Order',
  'sales-invoice': 'Sales Invoice',
  'sales-credit-memo': 'Sales Credit Memo',
  'purchase-quote': 'Purchase Quote',
  'purchase-order': 'Purchase Order',
  reminder: 'Reminder',
  'finance-charge': 'Finance Charge',
  'posted-vendor-remittance': 'Posted Vendor Remittance',
  'customer-statement': 'Customer Statement',
  'vendor-remittance': 'Vendor Remittance',
  'service-quote': 'Service Quote',
  'service-order': 'Service Order',
  'service-invoice': 'Service Invoice',
  'service-credit-memo': 'Service Credit Memo',
};

/** A custom scenario as stored. */
export interface CustomScenario {
  code: string;
  name: string;
}

const isStandard = (code: string) => (STANDARD_SCENARIOS as readonly string[]).includes(code);

/** Scenario operations. */
export class Scenarios {
  readonly #ctx: ConfigContext;
  readonly #accounts: Accounts;

  constructor(ctx: ConfigContext, accounts: Accounts) {
    this.#ctx = ctx;
    this.#accounts = accounts;
  }

  /** Standard and custom scenarios with their assigned account (null = default account). */
  async list(company: string): Promise<Scenario[]> {
    const [customs, assignments, accountKeys] = await Promise.all([
      this.#ctx.config.list<CustomScenario>(ConfigKeys.customScenarioPrefix(company)),
      this.#ctx.config.list<Assignment>(ConfigKeys.scenarioPrefix(company)),
      this.#ctx.config.keys(ConfigKeys.accountPrefix(company)),
    ]);
    const live = new Set(accountKeys.map((k) => k.slice(k.lastIndexOf('.') + 1)));
    const assigned = new Map(
      assignments
        .filter((a) => live.has(a.value.accountId))
        .map((a) => [a.key.slice(a.key.lastIndexOf('.') + 1), a.value.accountId]),
    );
    return [
      ...STANDARD_SCENARIOS.map((code) => ({
        code,
        name: STANDARD_NAMES[code],
        standard: true,
        accountId: assigned.get(code) ?? null,
      })),
      ...customs.map((c) => ({
        code: c.value.code,
        name: c.value.name,
        standard: false,
        accountId: assigned.get(c.value.code) ?? null,
      })),
    ];
  }

  /** One scenario. @throws {NotFoundError} for an unknown custom code. */
  async get(company: string, code: string): Promise<Scenario> {
    await this.assertKnown(company, code);
    const found = (await this.list(company)).find((s) => s.code === code);
    if (!found) {
      throw new NotFoundError(`No scenario ${code}.`);
    }
    return found;
  }

  /** @throws {NotFoundError} unless `code` is standard or a custom scenario of the company. */
  async assertKnown(company: string, code: string): Promise<void> {
    if (isStandard(code)) {
      return;
    }
    if (!(await this.#ctx.config.get(ConfigKeys.customScenario(company, code)))) {
      throw new NotFoundError(`No scenario ${code}; create custom scenarios first.`, {
        extra: { field: 'code' },
      });
    }
  }

  /** Creates a custom scenario. */
  async createCustom(actor: Principal, input: CustomScenario): Promise<Scenario> {
    if (isStandard(input.code) || !input.code.startsWith('custom-')) {
      throw new ConflictError(
        `${input.code} is a standard scenario; custom codes start with "custom-".`,
        {
          extra: { field: 'code' },
        },
      );
    }
    await this.#ctx.config.create(ConfigKeys.customScenario(actor.company, input.code), input, {
      message: `The scenario ${input.code} exists.`,
    });
    audit(this.#ctx, actor, { kind: 'scenario', action: 'created', id: input.code });
    return this.get(actor.company, input.code);
  }

  /** Deletes a custom scenario, its assignment and its default attachments. */
  async deleteCustom(actor: Principal, code: string): Promise<void> {
    const company = actor.company;
    if (isStandard(code)) {
      throw new ConflictError('Standard scenarios cannot be deleted.', {
        code: 'INVALID_STATE',
        extra: { field: 'code' },
      });
    }
    await this.assertKnown(company, code);
    await this.#ctx.config.delete(ConfigKeys.customScenario(company, code));
    await this.#ctx.config.delete(ConfigKeys.scenario(company, code));
    for (const key of await this.#ctx.config.keys(ConfigKeys.attachmentPrefix(company, code))) {
      await this.#ctx.config.delete(key);
    }
    audit(this.#ctx, actor, { kind: 'scenario', action: 'deleted', id: code });
  }

  /** Assigns (or reassigns) a scenario to an account. Assigning `default` sets the default account. */
  async assign(actor: Principal, code: string, accountId: string): Promise<Scenario> {
    const company = actor.company;
    await this.assertKnown(company, code);
    if (code === 'default') {
      await this.#accounts.setDefault(actor, accountId);
      return this.get(company, code);
    }
    if (!(await this.#accounts.exists(company, accountId))) {
      throw new NotFoundError(`No account ${accountId}.`, { extra: { field: 'accountId' } });
    }
    await this.#ctx.config.put(ConfigKeys.scenario(company, code), {
      accountId,
    } satisfies Assignment);
    audit(this.#ctx, actor, {
      kind: 'scenario',
      action: 'updated',
      id: code,
      detail: `assigned ${accountId}`,
    });
    return this.get(company, code);
  }

  /** Unassigns a scenario (it falls back to the default account). */
  async unassign(actor: Principal, code: string): Promise<Scenario> {
    const company = actor.company;
    await this.assertKnown(company, code);
    if (code === 'default') {
      const pointer = await this.#accounts.defaultPointer(company);
      if (pointer && (await this.#accounts.exists(company, pointer.value.accountId))) {
        throw new ConflictError(
          'The default scenario is the default account; assign another account instead of unassigning it.',
          { code: 'DEFAULT_ACCOUNT_REQUIRED' },
        );
      }
      return this.get(company, code);
    }
    await this.#ctx.config.delete(ConfigKeys.scenario(company, code));
    audit(this.#ctx, actor, {
      kind: 'scenario',
      action: 'updated',
      id: code,
      detail: 'unassigned',
    });
    return this.get(company, code);
  }
}
