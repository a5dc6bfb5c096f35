import { DeliveryError } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { classifySmtpError } from './errors';

const smtpErr = (props: Record<string, unknown>) => Object.assign(new Error('smtp'), props);

describe('SMTP error classification', () => {
  it.each([
    [
      { code: 'EENVELOPE', responseCode: 451, command: 'RCPT TO' },
      'PROVIDER_TEMPORARY_FAILURE',
      true,
    ],
    [
      { code: 'EMESSAGE', responseCode: 451, response: '451 4.3.0 Local error in processing' },
      'PROVIDER_TEMPORARY_FAILURE',
      true,
    ],
    [
      { code: 'EMESSAGE', responseCode: 451, response: '451 4.7.500 Server busy, try again later' },
      'PROVIDER_THROTTLED',
      true,
    ],
    [{ code: 'EMESSAGE', responseCode: 452 }, 'PROVIDER_THROTTLED', true],
    [{ code: 'EMESSAGE', responseCode: 421 }, 'UNAVAILABLE', true],
    [
      { code: 'EENVELOPE', responseCode: 421, response: '421 4.3.2 Too many connections' },
      'PROVIDER_THROTTLED',
      true,
    ],
    [{ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO' }, 'RECIPIENT_REJECTED', false],
    [{ code: 'EMESSAGE', responseCode: 554 }, 'MESSAGE_REJECTED', false],
    [{ code: 'EMESSAGE', responseCode: 552 }, 'MESSAGE_TOO_LARGE', false],
    [{ code: 'EAUTH', responseCode: 535 }, 'AUTH_FAILED', false],
    [{ code: 'EAUTH', responseCode: 454 }, 'UNAVAILABLE', true],
    [{ code: 'ECONNECTION' }, 'CONNECTION_FAILED', true],
    [{ code: 'ETIMEDOUT' }, 'TIMEOUT', true],
    [{ code: 'ESOCKET', message: 'self-signed certificate' }, 'CONNECTION_FAILED', false],
  ])('%o → %s (retry %s)', (props, code, retry) => {
    const { error } = classifySmtpError(smtpErr(props));
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error.code).toBe(code);
    expect(error.retry).toBe(retry);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('keeps the provider status for the attempt log', () => {
    const { error } = classifySmtpError(
      smtpErr({ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 unknown' }),
    );
    expect(error.providerStatus).toBe(550);
    expect(error.message).toContain('5.1.1 unknown');
  });
});
