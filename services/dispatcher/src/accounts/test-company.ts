/**
 * The test-company guard (Business Central's sandbox worry, ALAppExtensions#12537):
 * a company marked as a test company — copies of a production company are, by
 * default — sends only through connectors that never deliver (capture, with its
 * recipient allowlist), so a copied customer list can never be mailed from a test.
 * @module
 */

import type { Connector } from '@verzend/connectors';
import { DeliveryError, ForbiddenError } from '@verzend/shared';
import type { ConfigLookups } from './config-client';

/** Why a test company may not send through this connector, or null when it may. */
async function refusal(
  config: ConfigLookups,
  company: string,
  connector: Connector,
): Promise<string | null> {
  if (!connector.capabilities.delivers) {
    return null;
  }
  const record = await config.company(company);
  return record?.isTest
    ? `"${record.name}" is a test company: it sends only through capture accounts, never through ${connector.type}, so no real recipient is ever mailed. Use a capture account (with an allowlist) or mark the company as not a test company.`
    : null;
}

/** Refuses (403) an email a test company would send through a delivering connector. */
export async function refuseIfTestCompany(
  config: ConfigLookups,
  company: string,
  connector: Connector,
): Promise<void> {
  const why = await refusal(config, company, connector);
  if (why) {
    throw new ForbiddenError(why);
  }
}

/** The same check at send time (the company may have become a test company since): a permanent failure. */
export async function failIfTestCompany(
  config: ConfigLookups,
  company: string,
  connector: Connector,
): Promise<void> {
  const why = await refusal(config, company, connector);
  if (why) {
    throw new DeliveryError('RECIPIENT_NOT_ALLOWED', why, { retry: false });
  }
}
