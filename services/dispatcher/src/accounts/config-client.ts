/**
 * What the dispatcher asks the config service (over NATS request/reply):
 * scenario → account with secrets, a scenario's default attachments, and a
 * user's view policy. Answers are cached briefly; secrets arrive sealed and are
 * opened here (ADR-0018), so they exist in plain text only in this process.
 * @module
 */
import type { NatsConnection } from '@nats-io/nats-core';
import {
  accountContracts,
  builtInConnectors,
  type ConnectorRegistry,
  type ResolvedAccount,
} from '@verzend/connectors';
import {
  type Company,
  CompanyResponse,
  type DefaultAttachment,
  type RequestOptions,
  Rpc,
  requestJson,
  ScenarioAttachmentsResponse,
  Subjects,
  type ViewPolicyKind,
  ViewPolicyResponse,
} from '@verzend/shared';
import type { SecretOpener } from './secret-opener';
import { TtlCache } from './ttl-cache';

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

/** {@link ConfigLookups} over NATS with a short TTL cache. */
export class ConfigClient implements ConfigLookups {
  readonly #nc: NatsConnection;
  readonly #secrets: SecretOpener;
  readonly #accounts: TtlCache<ResolvedAccount>;
  readonly #attachments: TtlCache<DefaultAttachment[]>;
  readonly #policies: TtlCache<ViewPolicyKind>;
  readonly #companies: TtlCache<Company | null>;
  readonly #opts: RequestOptions = { timeoutMs: 5_000 };
  readonly #resolved: ReturnType<typeof accountContracts>['ResolveAccountResponse'];

  /** @param connectors the installed connectors: an account's settings are checked against theirs. */
  constructor(
    nc: NatsConnection,
    secrets: SecretOpener,
    ttlMs: number,
    connectors: ConnectorRegistry = builtInConnectors,
  ) {
    this.#nc = nc;
    this.#resolved = accountContracts(connectors).ResolveAccountResponse;
    this.#secrets = secrets;
    this.#accounts = new TtlCache(ttlMs);
    this.#attachments = new TtlCache(ttlMs);
    this.#policies = new TtlCache(ttlMs);
    this.#companies = new TtlCache(ttlMs);
  }

  resolveAccount(
    company: string,
    by: { scenario?: string | undefined; accountId?: string | undefined },
  ): Promise<ResolvedAccount> {
    const key = `${company}\u0000${by.accountId ?? ''}\u0000${by.scenario ?? ''}`;
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
          ...this.#secrets.account(company, reply.account.id, reply.secrets),
          // The app registration's credential, when the account inherits it (ADR-0022).
          ...(reply.registration
            ? this.#secrets.appRegistration(
                company,
                reply.registration.id,
                reply.registration.secrets,
              )
            : {}),
        },
      };
    });
  }

  scenarioAttachments(company: string, scenario: string): Promise<DefaultAttachment[]> {
    return this.#attachments.get(`${company}\u0000${scenario}`, async () => {
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
    return this.#policies.get(`${company}\u0000${userId}`, async () => {
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
    return this.#companies.get(company, async () => {
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

  /** Forgets cached answers of a company (e.g. after a config change notification). */
  invalidate(company: string): void {
    this.#accounts.invalidate(`${company}\u0000`);
    this.#attachments.invalidate(`${company}\u0000`);
    this.#policies.invalidate(`${company}\u0000`);
    this.#companies.invalidate(company);
  }
}
