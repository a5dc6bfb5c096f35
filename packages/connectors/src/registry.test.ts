import { ValidationError } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { ConnectorSettings, builtInConnectors as registry } from '.';

const checkSettings = (s: ConnectorSettings) => registry.checkSettings(s);
const defaultLimits = (s: ConnectorSettings) => registry.defaultLimits(s);
const substitutes = (s: ConnectorSettings) => registry.substitutes(s);
const missingCredentialList = (
  s: ConnectorSettings,
  present: Parameters<typeof registry.missingCredentialList>[1],
  inherited: Parameters<typeof registry.missingCredentialList>[2] = [],
) => registry.missingCredentialList(s, present, inherited);
const missingCredentials = (
  s: ConnectorSettings,
  present: Parameters<typeof registry.missingCredentialList>[1],
  inherited: Parameters<typeof registry.missingCredentialList>[2] = [],
) => missingCredentialList(s, present, inherited).length > 0;

const smtp = (over: Record<string, unknown> = {}) =>
  ConnectorSettings.parse({ connector: 'smtp', host: 'smtp.example.com', userName: 'u', ...over });
const m365 = (mode: 'app-only' | 'delegated') =>
  ConnectorSettings.parse({
    connector: 'microsoft365',
    tenantId: 't',
    clientId: 'c',
    sharedMailbox: 'box@example.com',
    mode,
  });

describe('built-in connector rules', () => {
  it('defaults limits per connector as Business Central does', () => {
    expect(defaultLimits(m365('app-only'))).toEqual({
      rateLimitPerMinute: 30,
      concurrencyLimit: 3,
      maxAttempts: 5,
      dailyRecipientQuota: 10_000,
    });
    expect(defaultLimits(smtp())).toMatchObject({ rateLimitPerMinute: 0, dailyRecipientQuota: 0 });
  });

  it('names each offending field', () => {
    const fields = (s: ConnectorSettings) => {
      try {
        checkSettings(s);
        return [];
      } catch (err) {
        expect(err).toBeInstanceOf(ValidationError);
        return (err as ValidationError).errors?.map((e) => e.path) ?? [];
      }
    };
    expect(fields(smtp({ userName: undefined }))).toEqual(['settings.userName']);
    // XOAUTH2 without OAuth settings uses a stored access token; with them, a tenant and app.
    expect(fields(smtp({ auth: 'oauth2' }))).toEqual([]);
    expect(fields(smtp({ auth: 'oauth2', oauth: { tenantId: 't' } }))).toEqual([
      'settings.oauth.clientId',
    ]);
    expect(fields(smtp({ auth: 'oauth2', oauth: { appRegistrationId: 'reg1' } }))).toEqual([]);
    expect(fields(smtp({ auth: 'anonymous' }))).toEqual([]);
    expect(fields(smtp({ senderType: 'current-user', senderAddress: 'a@b.co' }))).toEqual([
      'settings.senderAddress',
    ]);
    expect(
      fields(
        ConnectorSettings.parse({
          connector: 'capture',
          allowlist: ['@ok.example', 'x@y.example', 'bad'],
        }),
      ),
    ).toEqual(['settings.allowlist.2']);
    expect(fields(smtp())).toEqual([]);
  });

  it('knows which secrets each connector needs, and says exactly what is missing', () => {
    expect(missingCredentials(smtp(), [])).toBe(true);
    expect(missingCredentials(smtp(), ['password'])).toBe(false);
    expect(missingCredentials(smtp({ auth: 'anonymous', userName: undefined }), [])).toBe(false);
    // A static access token: XOAUTH2 without a token endpoint.
    expect(missingCredentialList(smtp({ auth: 'oauth2' }), [])).toEqual([
      expect.stringMatching(/^accessToken: the static OAuth access token/),
    ]);
    expect(missingCredentials(smtp({ auth: 'oauth2' }), ['accessToken'])).toBe(false);
    // With a token endpoint a stored access token is no credential: the app's secret or certificate is.
    const oauth = { auth: 'oauth2', oauth: { tenantId: 't', clientId: 'c' } };
    expect(missingCredentialList(smtp(oauth), ['accessToken'])).toEqual([
      expect.stringMatching(/^clientSecret or clientCertificate: .*client credentials/),
    ]);
    expect(missingCredentials(smtp(oauth), ['clientCertificate'])).toBe(false);
    const delegatedSmtp = smtp({ ...oauth, oauth: { ...oauth.oauth, mode: 'delegated' } });
    expect(missingCredentials(delegatedSmtp, [])).toBe(true);
    expect(missingCredentials(delegatedSmtp, ['clientSecret'])).toBe(false);
    // Delegated Microsoft 365 connects users through sign-in: the app secret is what it needs.
    expect(missingCredentials(m365('app-only'), ['refreshToken'])).toBe(true);
    expect(missingCredentials(m365('delegated'), ['refreshToken'])).toBe(true);
    expect(missingCredentials(m365('delegated'), ['clientSecret'])).toBe(false);
    expect(missingCredentialList(m365('delegated'), [])[0]).toContain('/connect');
    // Secrets of the app registration count.
    expect(missingCredentials(m365('app-only'), [], ['clientSecret'])).toBe(false);
    expect(missingCredentials(ConnectorSettings.parse({ connector: 'capture' }), [])).toBe(false);
  });

  it('recognises sender substitution', () => {
    expect(substitutes(smtp())).toBe(false);
    expect(substitutes(smtp({ senderSubstitution: 'send-on-behalf' }))).toBe(true);
  });
});
