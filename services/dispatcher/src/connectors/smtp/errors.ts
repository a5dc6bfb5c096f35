/**
 * Classifies SMTP failures once, into {@link DeliveryError}s with a stable code
 * and `retry`: 4xx replies (421/450/451/452…), dropped connections and timeouts
 * are transient; 5xx replies, refused credentials and rejected recipients are
 * permanent. The sender decides retry or fail from `retry` alone.
 * @module
 */
import { DeliveryError, type ErrorCode } from '@verzend/shared';

/** The fields nodemailer puts on its errors. */
interface NodemailerError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
}

const connectionCodes = new Set([
  'ECONNECTION',
  'ESOCKET',
  'ETIMEDOUT',
  'EDNS',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ESTREAM',
]);

/** Why a delivery failed, in terms the telemetry distinguishes. */
export type SmtpFailureStage = 'connect' | 'auth' | 'message';

/** Maps a nodemailer error to a DeliveryError, and the stage it failed at. */
export function classifySmtpError(err: unknown): { error: DeliveryError; stage: SmtpFailureStage } {
  if (err instanceof DeliveryError) {
    // The outbound guard refuses before anything is sent: a connect failure.
    return { error: err, stage: err.code === 'CONNECTION_FAILED' ? 'connect' : 'message' };
  }
  const e = (err instanceof Error ? err : new Error(String(err))) as NodemailerError;
  const status = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const detail = (e.response ?? e.message).slice(0, 1500);
  const make = (code: ErrorCode, retry: boolean, text: string) =>
    new DeliveryError(code, text, {
      cause: err,
      retry,
      ...(status !== undefined ? { providerStatus: status } : {}),
    });

  if (e.code === 'EAUTH' || status === 535 || status === 534 || status === 530) {
    // 454 = temporary authentication failure: worth another try.
    const transient = status === 454;
    return {
      error: make(
        transient ? 'UNAVAILABLE' : 'AUTH_FAILED',
        transient,
        `The SMTP server refused the credentials: ${detail}`,
      ),
      stage: 'auth',
    };
  }
  if (e.code === 'ETLS' || /certificate|self[- ]signed/i.test(e.message)) {
    return {
      error: make(
        'CONNECTION_FAILED',
        false,
        `TLS with the SMTP server failed (${e.message}). Check the TLS mode and the server certificate.`,
      ),
      stage: 'connect',
    };
  }
  if (status === undefined && e.code !== undefined && connectionCodes.has(e.code)) {
    return {
      error: make(
        e.code === 'ETIMEDOUT' ? 'TIMEOUT' : 'CONNECTION_FAILED',
        true,
        `Could not talk to the SMTP server: ${e.message}`,
      ),
      stage: 'connect',
    };
  }
  if (status !== undefined && status >= 400 && status < 500) {
    const atRecipient = e.command === 'RCPT TO' || e.code === 'EENVELOPE';
    const code: ErrorCode =
      status === 421 ? 'UNAVAILABLE' : atRecipient ? 'RECIPIENT_REJECTED' : 'PROVIDER_THROTTLED';
    return {
      error: make(code, true, `The SMTP server deferred the message (${status}): ${detail}`),
      stage: 'message',
    };
  }
  if (status !== undefined && status >= 500) {
    const atRecipient = e.command === 'RCPT TO' || (e.code === 'EENVELOPE' && status !== 552);
    const code: ErrorCode =
      status === 552 || /5\.3\.4/.test(detail)
        ? 'MESSAGE_TOO_LARGE'
        : atRecipient
          ? 'RECIPIENT_REJECTED'
          : 'MESSAGE_REJECTED';
    return {
      error: make(code, false, `The SMTP server rejected the message (${status}): ${detail}`),
      stage: 'message',
    };
  }
  if (e.code === 'EENVELOPE') {
    return {
      error: make('RECIPIENT_REJECTED', false, `The SMTP server refused the envelope: ${detail}`),
      stage: 'message',
    };
  }
  // Unknown failures (a stream error, a bug in a hook) are retried: they may be transient.
  return {
    error: make('UNAVAILABLE', true, `Sending failed: ${e.message}`),
    stage: 'message',
  };
}
