/**
 * The config service's NATS API (services framework, one queue group so
 * replicas share the load). Other services read configuration only through
 * these endpoints (and KV watches for cache refresh, see docs/config.md).
 *
 * Subjects under `verzend.rpc.config.secret.>` carry sealed secrets (encrypted
 * envelopes only the dispatcher can open, ADR-0018); the shipped permissions
 * (deploy/nats/permissions.conf) also let only the dispatcher's NATS user ask.
 * @module
 */
import type { NatsConnection } from '@nats-io/nats-core';
import {
  BlobRefsRequest,
  CompanyRequest,
  jsonHandler,
  LayoutRequest,
  type Logger,
  NotFoundError,
  PaymentSettingsRequest,
  ReportSelectionRequest,
  ResolveAccountRequest,
  RetentionRequest,
  Rpc,
  type RpcService,
  ScenarioAttachmentsRequest,
  SendingProfileRequest,
  Services,
  StoreUserTokenRequest,
  startRpcService,
  UserTokenRequest,
  ValidationError,
  ViewPolicyRequest,
  WebhookDisableRequest,
  WebhookEndpointsRequest,
} from '@verzend/shared';
import type { ConfigDomain } from '../domain';
import { configBlobRefs } from '../retention/blob-refs';

/** Starts the NATS service; stop it (it waits for requests in hand) before draining the connection. */
export async function startConfigApi(
  nc: NatsConnection,
  domain: ConfigDomain,
  logger: Logger,
): Promise<RpcService> {
  const service = await startRpcService(
    nc,
    {
      ...Services.config,
      description: 'Configuration look-ups for the renderer and the dispatcher.',
    },
    logger,
  );
  const rpc = service.context;
  const add = (name: string, subject: string, handler: ReturnType<typeof jsonHandler>) =>
    service.add(name, subject, handler);

  add(
    'resolve-account',
    Rpc.configResolveAccount,
    jsonHandler(ResolveAccountRequest, rpc, (r) =>
      domain.accounts.resolve(r.company, { scenario: r.scenario, accountId: r.accountId }),
    ),
  );
  add(
    'account-with-secrets',
    Rpc.configAccountWithSecrets,
    jsonHandler(ResolveAccountRequest, rpc, async (r) => {
      if (!r.accountId) {
        throw new ValidationError('accountId is required.', {
          errors: [{ path: 'accountId', message: 'is required' }],
        });
      }
      return domain.accounts.resolve(r.company, { accountId: r.accountId });
    }),
  );
  add(
    'accounts',
    Rpc.configAccounts,
    jsonHandler(CompanyRequest, rpc, async (r) => ({
      accounts: await domain.accounts.list(r.company),
    })),
  );
  add(
    'store-user-token',
    Rpc.configStoreUserToken,
    jsonHandler(StoreUserTokenRequest, rpc, async (r) => {
      const c = r.company;
      if (!(await domain.accounts.exists(c, r.accountId))) {
        throw new NotFoundError(`No account ${r.accountId}.`);
      }
      await domain.ctx.secrets.storeUserTokenEnvelope(c, r.accountId, r.userId, r.token);
      return { stored: true as const };
    }),
  );
  add(
    'user-token',
    Rpc.configGetUserToken,
    jsonHandler(UserTokenRequest, rpc, async (r) => ({
      token: await domain.ctx.secrets.userTokenEnvelope(r.company, r.accountId, r.userId),
    })),
  );
  add(
    'report-selection',
    Rpc.configReportSelection,
    jsonHandler(ReportSelectionRequest, rpc, async (r) => ({
      selection: await domain.reportSelections.effective(r.company, r.usage, r.customerNo),
    })),
  );
  add(
    'sending-profile',
    Rpc.configSendingProfile,
    jsonHandler(SendingProfileRequest, rpc, async (r) => ({
      profile: await domain.sendingProfiles.find(r.company, r.code),
    })),
  );
  add(
    'layout',
    Rpc.configLayout,
    jsonHandler(LayoutRequest, rpc, async (r) => ({
      layout: await domain.layouts.get(r.company, r.layoutId),
    })),
  );
  add(
    'payment-settings',
    Rpc.configPaymentSettings,
    jsonHandler(PaymentSettingsRequest, rpc, (r) => domain.payments.get(r.company)),
  );
  add(
    'scenario-attachments',
    Rpc.configScenarioAttachments,
    jsonHandler(ScenarioAttachmentsRequest, rpc, async (r) => {
      try {
        return { attachments: await domain.attachments.list(r.company, r.scenario) };
      } catch (err) {
        // An unknown custom scenario simply has no default attachments.
        if (err instanceof NotFoundError) {
          return { attachments: [] };
        }
        throw err;
      }
    }),
  );
  add(
    'view-policy',
    Rpc.configViewPolicy,
    jsonHandler(ViewPolicyRequest, rpc, (r) => domain.viewPolicies.effective(r.company, r.userId)),
  );
  add(
    'company',
    Rpc.configCompany,
    jsonHandler(CompanyRequest, rpc, async (r) => ({
      company: await domain.companies.find(r.company),
    })),
  );
  add(
    'webhook-endpoints',
    Rpc.configWebhookEndpoints,
    jsonHandler(WebhookEndpointsRequest, rpc, async (r) => ({
      endpoints: await domain.webhooks.sealed(r.company, r.id),
    })),
  );
  add(
    'webhook-disable',
    Rpc.configWebhookDisable,
    jsonHandler(WebhookDisableRequest, rpc, async (r) => ({
      disabled: await domain.webhooks.disable(r.company, r.id, r.reason),
    })),
  );
  add(
    'retention',
    Rpc.configRetention,
    jsonHandler(RetentionRequest, rpc, async (r) => ({
      settings: await domain.retention.get(r.company),
    })),
  );
  add(
    'blob-refs',
    Rpc.configBlobRefs,
    jsonHandler(BlobRefsRequest, rpc, async (r) => {
      const all = (await configBlobRefs(domain.ctx)).sort();
      const from = r.after === undefined ? 0 : all.findIndex((h) => h > (r.after as string));
      const page = from < 0 ? [] : all.slice(from, from + r.limit);
      return { sha256s: page, more: from >= 0 && from + r.limit < all.length };
    }),
  );
  // Once the server has seen the subscriptions, callers on other connections find responders.
  await service.ready();
  return service;
}
