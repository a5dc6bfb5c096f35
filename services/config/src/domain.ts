/**
 * The config domain: every operation group, built once from a {@link ConfigContext}.
 * @module
 */
import { Accounts } from './accounts/accounts';
import { AppRegistrations } from './app-registrations/app-registrations';
import { DefaultAttachments } from './attachments/default-attachments';
import { Companies } from './company/companies';
import type { ConfigContext } from './context';
import { Layouts } from './layouts/layouts';
import { PaymentServices } from './payments/payment-settings';
import { ViewPolicies } from './policies/view-policies';
import { SendingProfiles } from './profiles/sending-profiles';
import { ReportSelections } from './reports/report-selections';
import { RetentionPolicies } from './retention/retention-settings';
import { Scenarios } from './scenarios/scenarios';
import { WebhookEndpoints } from './webhooks/webhook-endpoints';

/** Every operation group of the config service. */
export interface ConfigDomain {
  ctx: ConfigContext;
  accounts: Accounts;
  appRegistrations: AppRegistrations;
  scenarios: Scenarios;
  attachments: DefaultAttachments;
  viewPolicies: ViewPolicies;
  layouts: Layouts;
  reportSelections: ReportSelections;
  sendingProfiles: SendingProfiles;
  payments: PaymentServices;
  retention: RetentionPolicies;
  companies: Companies;
  webhooks: WebhookEndpoints;
}

/** Builds the domain over a context. */
export function createDomain(ctx: ConfigContext): ConfigDomain {
  const appRegistrations = new AppRegistrations(ctx);
  const accounts = new Accounts(ctx, appRegistrations);
  const scenarios = new Scenarios(ctx, accounts);
  const layouts = new Layouts(ctx);
  return {
    ctx,
    accounts,
    appRegistrations,
    scenarios,
    attachments: new DefaultAttachments(ctx, scenarios),
    viewPolicies: new ViewPolicies(ctx),
    layouts,
    reportSelections: new ReportSelections(ctx, layouts),
    sendingProfiles: new SendingProfiles(ctx),
    payments: new PaymentServices(ctx),
    retention: new RetentionPolicies(ctx),
    companies: new Companies(ctx),
    webhooks: new WebhookEndpoints(ctx),
  };
}
