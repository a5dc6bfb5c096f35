import { ConnectorSettings, ValidationError } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { checkSettings, defaultLimits, missingCredentials, substitutes } from './account-rules';

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

describe('account rules', () => {
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
    expect(fields(smtp({ auth: 'oauth2' }))).toEqual(['settings.oauth']);
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

  it('knows which secrets each connector needs', () => {
    expect(missingCredentials(smtp(), [])).toBe(true);
    expect(missingCredentials(smtp(), ['password'])).toBe(false);
    expect(missingCredentials(smtp({ auth: 'anonymous', userName: undefined }), [])).toBe(false);
    const oauth = { auth: 'oauth2', oauth: { tenantId: 't', clientId: 'c' } };
    expect(missingCredentials(smtp(oauth), [])).toBe(true);
    expect(missingCredentials(smtp(oauth), ['accessToken'])).toBe(false);
    expect(
      missingCredentials(smtp({ ...oauth, oauth: { ...oauth.oauth, mode: 'delegated' } }), []),
    ).toBe(false);
    expect(missingCredentials(m365('app-only'), ['refreshToken'])).toBe(true);
    expect(missingCredentials(m365('delegated'), ['refreshToken'])).toBe(false);
    expect(missingCredentials(ConnectorSettings.parse({ connector: 'capture' }), [])).toBe(false);
  });

  it('recognises sender substitution', () => {
    expect(substitutes(smtp())).toBe(false);
    expect(substitutes(smtp({ senderSubstitution: 'send-on-behalf' }))).toBe(true);
  });
});
