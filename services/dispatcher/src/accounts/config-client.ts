/**
 * What the dispatcher asks the config service (over NATS request/reply), the
 * one config client of the service: scenario → account with secrets, a
 * scenario's default attachments, a user's view policy, the company, and for the
 * posting-event intake sending profiles, report selections, payment settings and
 * layouts. Answers are cached briefly and dropped at once when config announces
 * a change of the company (ADR-0004); secrets arrive sealed and are opened here
 * (ADR-0018), so they exist in plain text only in this process.
 * @module
 */
import type { NatsConnection } from '@nats-io/nats-core';
import {
  type Account,
  accountContracts,
  builtInConnectors,
  type ConnectorRegistry,
  type ResolvedAccount,
} from '@verzend/connectors';
import {
  type Company,
  CompanyResponse,
  type DefaultAttachment,
  type Layout,
  LayoutResponse,
  type PaymentSettings,
  PaymentSettingsResponse,
  type ReportSelection,
  ReportSelectionResponse,
  type ReportUsage,
  type RequestOptions,
  Rpc,
  requestJson,
  ScenarioAttachmentsResponse,
  type SendingProfile,
  SendingProfileResponse,
  Subjects,
  UnavailableError,
  type ViewPolicyKind,
  ViewPolicyResponse,
} from '@verzend/shared';
import { LookupCache } from './lookup-cache';
import type { SecretOpener } from './secret-opener';

/** The config look-ups the dispatcher needs (a port, so unit tests can pass a fake). */
export interface ConfigLookups {
  /** The account for a scenario (or an explicit id); config falls back to the default account. */
  resolveAccount(
    company: string,
    by: { scenario?: string | undefined; accountId?: string | undefined },
  ): Promise<ResolvedAccount>;
  /** Default attachments of a scenario. */
  scenarioAttachments(company: string, scenario: string): Promise<DefaultAttachment[]>;
  /** The view policy that applies to a user. */
  viewPolicy(company: string, userId: string): Promise<ViewPolicyKind>;
  /** The company record (null when none was saved), for the test-company guard. */
  company(company: string): Promise<Company | null>;
}

/**
 * A company's accounts as config holds them now (no secrets), for the views that
 * answer for every account at once (a port, so unit tests can pass a fake).
 */
export interface CompanyAccounts {
  /** Every account of `company` (default first); none of another company. */
  accounts(company: string): Promise<Account[]>;
}

/** Options of {@link ConfigClient}. */
export interface ConfigClientOptions {
  /** How long answers are reused (0: only concurrent look-ups share one). */
  ttlMs: number;
  /** How long a look-up waits for the config service (default 5 s). */
  timeoutMs?: number;
  /** Answers kept per kind at most (default 10,000: a posting run asks per customer). */
  maxEntries?: number;
  /** The installed connectors: an account's settings are checked against theirs (default: built-in). */
  connectors?: ConnectorRegistry;
}

/** Key of a cached answer: the company first, so a change notice drops all of its answers. */
const keyOf = (company: string, ...parts: string[]) => `${company}\u0000${parts.join('\u0000')}`;

/** {@link ConfigLookups} (and the intake's look-ups) over NATS with a short TTL cache. */
export class ConfigClient implements ConfigLookups, CompanyAccounts {
  readonly #nc: NatsConnection;
  readonly #secrets: SecretOpener | undefined;
  readonly #caches: LookupCache<unknown>[] = [];
  readonly #accounts: LookupCache<ResolvedAccount>;
  readonly #attachments: LookupCache<DefaultAttachment[]>;
  readonly #policies: LookupCache<ViewPolicyKind>;
  readonly #companies: LookupCache<Company | null>;
  readonly #profiles: LookupCache<SendingProfile | null>;
  readonly #selections: LookupCache<ReportSelection | null>;
  readonly #payments: LookupCache<PaymentSettings>;
  readonly #layouts: LookupCache<Layout>;
  readonly #opts: RequestOptions;
  readonly #resolved: ReturnType<typeof accountContracts>['ResolveAccountResponse'];
  readonly #accountList: ReturnType<typeof accountContracts>['AccountsResponse'];

  /** @param secrets opens accounts' sealed secrets; without it, `resolveAccount` is unavailable. */
  constructor(nc: NatsConnection, secrets: SecretOpener | undefined, options: ConfigClientOptions) {
    this.#nc = nc;
    const contracts = accountContracts(options.connectors ?? builtInConnectors);
    this.#resolved = contracts.ResolveAccountResponse;
    this.#accountList = contracts.AccountsResponse;
    this.#secrets = secrets;
    this.#opts = { timeoutMs: options.timeoutMs ?? 5_000 };
    const cache = <V>() => {
      const c = new LookupCache<V>({
        ttlMs: options.ttlMs,
        maxEntries: options.maxEntries ?? 10_000,
      });
      this.#caches.push(c as LookupCache<unknown>);
      return c;
    };
    this.#accounts = cache();
    this.#attachments = cache();
    this.#policies = cache();
    this.#companies = cache();
    this.#profiles = cache();
    this.#selections = cache();
    this.#payments = cache();
    this.#layouts = cache();
  }

  resolveAccount(
    company: string,
    by: { scenario?: string | undefined; accountId?: string | undefined },
  ): Promise<ResolvedAccount> {
    const secrets = this.#secrets;
    if (!secrets) {
      return Promise.reject(
        new UnavailableError('This config client cannot open account secrets.'),
      );
    }
    const key = keyOf(company, by.accountId ?? '', by.scenario ?? '');
    return this.#accounts.get(key, async () => {
      const reply = await requestJson(
        this.#nc,
        Rpc.configResolveAccount,
        {
          company,
          ...(by.scenario ? { scenario: by.scenario } : {}),
          ...(by.accountId ? { accountId: by.accountId } : {}),
        },
        this.#resolved,
        this.#opts,
      );
      return {
        account: reply.account,
        secrets: {
          ...secrets.account(company, reply.account.id, reply.secrets),
          // The app registration's credential, when the account inherits it (ADR-0022).
          ...(reply.registration
            ? secrets.appRegistration(company, reply.registration.id, reply.registration.secrets)
            : {}),
        },
      };
    });
  }

  /**
   * Not cached: it answers the console's account views, which must show an account
   * the moment it exists; the send path never asks it.
   */
  async accounts(company: string): Promise<Account[]> {
    const reply = await requestJson(
      this.#nc,
      Rpc.configAccounts,
      { company },
      this.#accountList,
      this.#opts,
    );
    return reply.accounts;
  }

  scenarioAttachments(company: string, scenario: string): Promise<DefaultAttachment[]> {
    return this.#attachments.get(keyOf(company, scenario), async () => {
      const reply = await requestJson(
        this.#nc,
        Rpc.configScenarioAttachments,
        { company, scenario },
        ScenarioAttachmentsResponse,
        this.#opts,
      );
      return reply.attachments;
    });
  }

  viewPolicy(company: string, userId: string): Promise<ViewPolicyKind> {
    return this.#policies.get(keyOf(company, userId), async () => {
      const reply = await requestJson(
        this.#nc,
        Rpc.configViewPolicy,
        { company, userId },
        ViewPolicyResponse,
        this.#opts,
      );
      return reply.policy;
    });
  }

  company(company: string): Promise<Company | null> {
    return this.#companies.get(keyOf(company), async () => {
      const reply = await requestJson(
        this.#nc,
        Rpc.configCompany,
        { company },
        CompanyResponse,
        this.#opts,
      );
      return reply.company;
    });
  }

  /**
   * Drops a company's cached answers whenever config announces a change, so a new
   * password, rate limit or view policy applies at once on every replica (the TTL
   * still bounds staleness if a notice is missed). Returns the unsubscribe function.
   */
  watchChanges(): () => void {
    const sub = this.#nc.subscribe(Subjects.configChangedAny, {
      callback: (err, msg) => {
        const company = msg?.subject.split('.')[3];
        if (!err && company) {
          this.invalidate(company);
        }
      },
    });
    return () => sub.unsubscribe();
  }

  /** The sending profile by code; no code → the company default; null when none is set up. */
  sendingProfile(company: string, code: string | undefined): Promise<SendingProfile | null> {
    return this.#profiles.get(keyOf(company, code ?? ''), async () => {
      const reply = await requestJson(
        this.#nc,
        Rpc.configSendingProfile,
        { company, ...(code ? { code } : {}) },
        SendingProfileResponse,
        this.#opts,
      );
      return reply.profile;
    });
  }

  /** The report selection for a usage; the customer's override wins. */
  reportSelection(
    company: string,
    usage: ReportUsage,
    customerNo: string,
  ): Promise<ReportSelection | null> {
    return this.#selections.get(keyOf(company, usage, customerNo), async () => {
      const reply = await requestJson(
        this.#nc,
        Rpc.configReportSelection,
        { company, usage, customerNo },
        ReportSelectionResponse,
        this.#opts,
      );
      return reply.selection;
    });
  }

  /** The company's payment services. */
  paymentSettings(company: string): Promise<PaymentSettings> {
    return this.#payments.get(keyOf(company), () =>
      requestJson(
        this.#nc,
        Rpc.configPaymentSettings,
        { company },
        PaymentSettingsResponse,
        this.#opts,
      ),
    );
  }

  /** A layout's metadata (the renderer port inlines small ones). */
  layout(company: string, layoutId: string): Promise<Layout> {
    return this.#layouts.get(keyOf(company, layoutId), async () => {
      const reply = await requestJson(
        this.#nc,
        Rpc.configLayout,
        { company, layoutId },
        LayoutResponse,
        this.#opts,
      );
      return reply.layout;
    });
  }

  /** Forgets cached answers of a company (e.g. after a config change notification). */
  invalidate(company: string): void {
    for (const cache of this.#caches) {
      cache.invalidate(keyOf(company));
    }
  }
}
