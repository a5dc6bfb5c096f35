/**
 * What a connector can do: part of its definition, read by config (nothing)
 * and the dispatcher's outbox checks.
 * @module
 */

/** What a connector can do, for the UI and the dispatcher's checks. */
export interface ConnectorCapabilities {
  /** Largest message (including attachments) the provider accepts, in bytes. */
  maxMessageBytes: number;
  /** Largest number of recipients per message. */
  maxRecipients: number;
  inlineImages: boolean;
  /** Whether it really delivers (capture does not). */
  delivers: boolean;
  /** Most custom `X-` headers a message may carry (Graph: 5); unset = no limit of its own. */
  maxCustomHeaders?: number;
  /** Largest body (HTML + text) without attachments, in bytes (Graph: 4 MB); unset = no limit of its own. */
  maxBodyBytes?: number;
  /** Largest single attachment, in bytes (Graph: 150 MB); unset = no limit of its own. */
  maxAttachmentBytes?: number;
}
