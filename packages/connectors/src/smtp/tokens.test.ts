import { describe, expect, it } from 'vitest';
import { exchangeScope, smtpDelegatedScope } from './tokens';

describe('SMTP scopes', () => {
  it("names the account's cloud's Exchange resource", () => {
    expect(exchangeScope('https://outlook.office365.com/.default', 'global')).toBe(
      'https://outlook.office365.com/.default',
    );
    expect(exchangeScope('https://outlook.office365.com/.default', 'us-government')).toBe(
      'https://outlook.office365.us/.default',
    );
    expect(exchangeScope('https://outlook.office.com/SMTP.Send', 'china')).toBe(
      'https://partner.outlook.cn/SMTP.Send',
    );
    // A scope for another resource is the administrator's choice.
    expect(exchangeScope('https://mail.example/.default', 'china')).toBe(
      'https://mail.example/.default',
    );
  });

  it('asks delegated sign-ins for offline access and who signed in, once each', () => {
    expect(smtpDelegatedScope('https://outlook.office.com/SMTP.Send offline_access')).toBe(
      'https://outlook.office.com/SMTP.Send offline_access openid profile',
    );
  });
});
