/**
 * Checks on an email beyond its schema, each with its own stable code so a
 * client can tell what to fix: malformed addresses (INVALID_ADDRESS), line
 * breaks in header text (HEADER_INJECTION), too many recipients
 * (TOO_MANY_RECIPIENTS), and sizes over the connector's limit (413).
 * @module
 */

import type { ConnectorCapabilities } from '@verzend/connectors';
import {
  type ComposeEmail,
  type FieldIssue,
  isEmailAddress,
  MAX_ATTACHMENT_BYTES,
  MAX_RECIPIENTS,
  PayloadTooLargeError,
  ValidationError,
} from '@verzend/shared';

const CRLF = /[\r\n]/;
const recipientFields = ['to', 'cc', 'bcc', 'replyTo'] as const;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Inspects a raw (not yet parsed) compose body for the mistakes that have a
 * specific code. Runs before the schema, whose generic VALIDATION_FAILED covers the rest.
 */
export function precheckCompose(raw: unknown): void {
  if (!isRecord(raw)) {
    return;
  }
  const injection: FieldIssue[] = [];
  const invalid: FieldIssue[] = [];
  let count = 0;
  for (const field of recipientFields) {
    const list = raw[field];
    if (!Array.isArray(list)) {
      continue;
    }
    if (field !== 'replyTo') {
      count += list.length;
    }
    list.forEach((entry, i) => {
      const address =
        typeof entry === 'string' ? entry : isRecord(entry) ? entry.address : undefined;
      const name = isRecord(entry) ? entry.name : undefined;
      if (typeof name === 'string' && CRLF.test(name)) {
        injection.push({ path: `${field}.${i}.name`, message: 'must not contain line breaks' });
      }
      if (typeof address === 'string' && CRLF.test(address)) {
        injection.push({ path: `${field}.${i}`, message: 'must not contain line breaks' });
      } else if (typeof address === 'string' && !isEmailAddress(address.trim())) {
        invalid.push({
          path: `${field}.${i}`,
          message: `"${address.slice(0, 100)}" is not a valid email address`,
        });
      }
    });
  }
  if (typeof raw.subject === 'string' && CRLF.test(raw.subject)) {
    injection.push({ path: 'subject', message: 'must not contain line breaks' });
  }
  if (isRecord(raw.headers)) {
    for (const [k, v] of Object.entries(raw.headers)) {
      if (CRLF.test(k) || (typeof v === 'string' && CRLF.test(v))) {
        injection.push({
          path: `headers.${k.replace(CRLF, ' ')}`,
          message: 'must not contain line breaks',
        });
      }
    }
  }
  if (Array.isArray(raw.attachments)) {
    raw.attachments.forEach((a, i) => {
      if (isRecord(a) && typeof a.fileName === 'string' && CRLF.test(a.fileName)) {
        injection.push({
          path: `attachments.${i}.fileName`,
          message: 'must not contain line breaks',
        });
      }
    });
  }
  if (injection.length > 0) {
    throw new ValidationError(
      `Header text must not contain line breaks (${injection.map((i) => i.path).join(', ')}).`,
      { code: 'HEADER_INJECTION', errors: injection },
    );
  }
  if (invalid.length > 0) {
    throw new ValidationError(
      `${invalid.length === 1 ? 'An address is' : `${invalid.length} addresses are`} not valid: ${invalid[0]?.message}.`,
      { code: 'INVALID_ADDRESS', errors: invalid },
    );
  }
  if (count > MAX_RECIPIENTS) {
    throw new ValidationError(
      `An email may have at most ${MAX_RECIPIENTS} recipients (To + Cc + Bcc); this one has ${count}.`,
      { code: 'TOO_MANY_RECIPIENTS' },
    );
  }
}

/** Checks a parsed email against the chosen connector's limits. */
export function checkAgainstConnector(
  email: ComposeEmail,
  capabilities: ConnectorCapabilities,
  bodyBytes: number,
): void {
  const recipients = email.to.length + email.cc.length + email.bcc.length;
  const maxRecipients = Math.min(MAX_RECIPIENTS, capabilities.maxRecipients);
  if (recipients > maxRecipients) {
    throw new ValidationError(
      `This account accepts at most ${maxRecipients} recipients per email; this one has ${recipients}.`,
      { code: 'TOO_MANY_RECIPIENTS' },
    );
  }
  checkProviderLimits(email, capabilities, bodyBytes);
  const attachmentBytes = email.attachments.reduce((sum, a) => sum + a.blob.size, 0);
  if (attachmentBytes > MAX_ATTACHMENT_BYTES) {
    throw new PayloadTooLargeError(
      `Attachments total ${attachmentBytes} bytes; at most ${MAX_ATTACHMENT_BYTES} (100 MB) are allowed.`,
    );
  }
  // MIME base64 grows attachments by a third; that is what the provider counts.
  const estimated = Math.ceil(attachmentBytes * 1.37) + bodyBytes * 2;
  if (estimated > capabilities.maxMessageBytes) {
    throw new PayloadTooLargeError(
      `The email would be about ${estimated} bytes once encoded; this account's connector accepts at most ${capabilities.maxMessageBytes}.`,
    );
  }
}

/** Requires at least one recipient for an email that is to be sent. */
export function requireRecipients(email: ComposeEmail): void {
  if (email.to.length + email.cc.length + email.bcc.length === 0) {
    throw new ValidationError('An email needs at least one recipient (To, Cc or Bcc).', {
      errors: [{ path: 'to', message: 'at least one recipient is required' }],
    });
  }
}

/**
 * The provider's own limits, checked when the email is accepted so it is not
 * refused at send time: custom headers (Graph carries at most 5 `X-` headers),
 * the body without attachments, and each attachment's size.
 * @throws {ValidationError} VALIDATION_FAILED naming the field.
 * @throws {PayloadTooLargeError} for a body or attachment over the provider's size.
 */
function checkProviderLimits(
  email: ComposeEmail,
  capabilities: ConnectorCapabilities,
  bodyBytes: number,
): void {
  const custom = Object.keys(email.headers).filter((h) => /^x-/i.test(h));
  if (
    capabilities.maxCustomHeaders !== undefined &&
    custom.length > capabilities.maxCustomHeaders
  ) {
    throw new ValidationError(
      `This account's provider carries at most ${capabilities.maxCustomHeaders} custom X- headers per email; this one has ${custom.length}.`,
      {
        errors: [
          {
            path: 'headers',
            message: `at most ${capabilities.maxCustomHeaders} X- headers (Microsoft Graph's limit)`,
          },
        ],
      },
    );
  }
  if (capabilities.maxBodyBytes !== undefined && bodyBytes > capabilities.maxBodyBytes) {
    throw new PayloadTooLargeError(
      `The body is ${bodyBytes} bytes; this account's provider accepts at most ${capabilities.maxBodyBytes} bytes not counting attachments.`,
    );
  }
  const max = capabilities.maxAttachmentBytes;
  const tooBig = max === undefined ? undefined : email.attachments.find((a) => a.blob.size > max);
  if (tooBig) {
    throw new PayloadTooLargeError(
      `An attachment is ${tooBig.blob.size} bytes; this account's provider accepts at most ${max} per attachment.`,
    );
  }
}
