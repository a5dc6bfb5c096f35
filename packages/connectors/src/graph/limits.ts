/**
 * What Graph accepts and how fast a mailbox may send: shared by the
 * Microsoft 365 and Current User definitions.
 * @module
 */
import { MAX_RECIPIENTS } from '@verzend/shared';
import type { ConnectorCapabilities } from '../capabilities';
import { MAX_UPLOAD_BYTES } from './upload-session';

/** Graph's limit on custom internet message headers (`X-…`) per message. */
export const MAX_CUSTOM_HEADERS = 5;

/**
 * What both Graph connectors accept, checked when an email is composed: 500
 * recipients, 5 custom `X-` headers, a body of about 4 MB without attachments
 * (room left for the JSON around it), attachments up to 150 MB each.
 */
export const GRAPH_CAPABILITIES: ConnectorCapabilities = {
  maxMessageBytes: MAX_UPLOAD_BYTES,
  maxRecipients: MAX_RECIPIENTS,
  inlineImages: true,
  delivers: true,
  maxCustomHeaders: MAX_CUSTOM_HEADERS,
  maxBodyBytes: 4_000_000,
  maxAttachmentBytes: MAX_UPLOAD_BYTES,
};

/**
 * Default limits of a new Graph account, as Business Central's connectors
 * declare: 30 emails a minute, and Exchange Online's 10,000 recipients per
 * mailbox per rolling 24 h.
 */
export const GRAPH_DEFAULTS = { rateLimitPerMinute: 30, dailyRecipientQuota: 10_000 };
