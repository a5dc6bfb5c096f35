/**
 * What the posting-event intake needs from the rest of Verzend, as narrow
 * interfaces: configuration look-ups (config service), rendering (renderer),
 * blob storage, and the outbox. The real ones talk NATS
 * ({@link ./nats-ports}); unit tests pass fakes.
 * @module
 */
import type {
  BlobRefT,
  PaymentSettings,
  RenderRequest,
  RenderResult,
  ReportSelection,
  ReportUsage,
  SendingProfile,
} from '@verzend/shared';
import type { OutboxPort } from '../outbox/port';

/** Configuration the intake reads per event. */
export interface IntakeConfig {
  /** The sending profile by code; no code → the company default; null when none is set up. */
  sendingProfile(company: string, code: string | undefined): Promise<SendingProfile | null>;
  /** The report selection for a usage; the customer's override wins. */
  reportSelection(
    company: string,
    usage: ReportUsage,
    customerNo: string,
  ): Promise<ReportSelection | null>;
  /** The company's payment services. */
  paymentSettings(company: string): Promise<PaymentSettings>;
}

/** The renderer. */
export interface IntakeRenderer {
  /** @param requestId the event's request id (the renderer logs under it). */
  render(request: RenderRequest, requestId?: string): Promise<RenderResult>;
}

/** Content-addressed blob storage (bodies over the NATS payload budget, filled documents). */
export interface IntakeBlobs {
  /** Stores content for a company and makes it the company's to use by reference (ADR-0021). */
  putBytes(data: Uint8Array, company: string): Promise<BlobRefT>;
  getBytes(sha256: string): Promise<Uint8Array>;
  /** Positions of the hashes `company` does not own (unknown ones included). */
  unowned(company: string, sha256s: readonly string[]): Promise<number[]>;
}

/** Everything {@link processEvent} needs. */
export interface PipelinePorts {
  config: IntakeConfig;
  renderer: IntakeRenderer;
  blobs: IntakeBlobs;
  outbox: OutboxPort;
}
