import { type Account, builtInConnectors, ConnectorSettings } from '@verzend/connectors';
import { describe, expect, it } from 'vitest';
import type { StoredAppRegistration } from '../app-registrations/app-registrations';
import { inheritedSecrets, inheritsCredential, withRegistration } from './app-link';

const reg: StoredAppRegistration = {
  id: 'reg1',
  company: 'cronus',
  name: 'Email',
  tenantId: 'tenant-r',
  clientId: 'app-r',
  cloud: 'china',
  redirectUri: 'https://verzend.example/oauth/callback',
  secretsSet: ['clientSecret'],
  version: 1,
  createdAt: '',
  updatedAt: '',
};
const account = (settings: Record<string, unknown>) =>
  ({ id: 'a1', settings: ConnectorSettings.parse(settings) }) as unknown as Account;

describe('accounts and their app registration', () => {
  it("fills in what the account does not set, and lends its credential only to the registration's app", () => {
    const cu = account({ connector: 'current-user', appRegistrationId: 'reg1' });
    const merged = withRegistration(builtInConnectors, cu, reg);
    expect(merged.account.settings).toMatchObject({
      tenantId: 'tenant-r',
      clientId: 'app-r',
      cloud: 'china',
      redirectUri: 'https://verzend.example/oauth/callback',
    });
    expect(inheritsCredential(builtInConnectors, cu.settings, [], reg)).toBe(true);
    expect(inheritedSecrets(builtInConnectors, cu.settings, reg)).toEqual(['clientSecret']);

    const own = account({
      connector: 'smtp',
      host: 'smtp.example.com',
      auth: 'oauth2',
      oauth: { appRegistrationId: 'reg1', tenantId: 'tenant-own', cloud: 'global' },
    });
    const ownMerged = withRegistration(builtInConnectors, own, reg);
    expect(ownMerged.account.settings).toMatchObject({
      oauth: { tenantId: 'tenant-own', clientId: 'app-r', cloud: 'global' },
    });
    expect(inheritsCredential(builtInConnectors, own.settings, ['clientCertificate'], reg)).toBe(
      false,
    );

    const otherApp = account({
      connector: 'microsoft365',
      appRegistrationId: 'reg1',
      clientId: 'app-other',
      sharedMailbox: 'box@example.com',
    });
    expect(inheritedSecrets(builtInConnectors, otherApp.settings, reg)).toEqual([]);
    expect(inheritsCredential(builtInConnectors, otherApp.settings, [], reg)).toBe(false);
  });
});
