/**
 * Request/response shapes of the config service's NATS API (the other
 * services' only way to read configuration).
 * @module
 */
import { z } from 'zod';
import { SecretEnvelope } from '../secrets/key-ring';
import { SECRET_KEYS } from './accounts';
import { CompanyId, Id } from './common';
import { RetentionSettings } from './retention';
import {
  Company,
  DefaultAttachment,
  Layout,
  PaymentSettings,
  ReportSelection,
  ReportUsage,
  ScenarioCode,
  SendingProfile,
  ViewPolicyKind,
} from './setup';

/** Resolve the account for a scenario (or an explicit account id). */
export const ResolveAccountRequest = z.object({
  company: CompanyId,
  scenario: ScenarioCode.optional(),
  accountId: Id.optional(),
});
/**
 * An account's secrets as they travel: the encrypted envelopes from the secrets
 * bucket, opened only by the dispatcher (ADR-0018). Each one is bound to its
 * bucket key (`SecretKeys.accountField`), which the dispatcher recomputes.
 */
export const SealedAccountSecrets = z.partialRecord(z.enum(SECRET_KEYS), SecretEnvelope);
export type SealedAccountSecrets = z.infer<typeof SealedAccountSecrets>;

/** Report selection for a usage; the customer's override wins. */
export const ReportSelectionRequest = z.object({
  company: CompanyId,
  usage: ReportUsage,
  customerNo: z.string().max(20).optional(),
});
export const ReportSelectionResponse = z.object({ selection: ReportSelection.nullable() });

/** Sending profile by code; no code → the company's default profile. */
export const SendingProfileRequest = z.object({
  company: CompanyId,
  code: z.string().max(20).optional(),
});
export const SendingProfileResponse = z.object({ profile: SendingProfile.nullable() });

export const LayoutRequest = z.object({ company: CompanyId, layoutId: Id });
export const LayoutResponse = z.object({ layout: Layout });

export const PaymentSettingsRequest = z.object({ company: CompanyId });
export const PaymentSettingsResponse = PaymentSettings;

export const ScenarioAttachmentsRequest = z.object({ company: CompanyId, scenario: ScenarioCode });
export const ScenarioAttachmentsResponse = z.object({ attachments: z.array(DefaultAttachment) });

export const ViewPolicyRequest = z.object({ company: CompanyId, userId: z.string().max(128) });
export const ViewPolicyResponse = z.object({
  policy: ViewPolicyKind,
  source: z.enum(['user', 'all-users', 'fallback']),
});

/** Delegated OAuth tokens of a user (Current User connector, delegated SMTP). */
export const UserTokenRequest = z.object({
  company: CompanyId,
  accountId: Id,
  userId: z.string().max(128),
});
export const UserTokenSet = z.object({
  refreshToken: z.string(),
  accessToken: z.string().optional(),
  expiresAt: z.string().optional(),
  scope: z.string().optional(),
  /** When the access token was obtained (tokens are refreshed at a share of their lifetime). */
  issuedAt: z.string().optional(),
  /** The mailbox that signed in (id_token `preferred_username`): the XOAUTH2 user of delegated SMTP. */
  signedInAs: z.string().optional(),
});
/** A token set travels sealed: the envelope of its JSON, bound to `SecretKeys.userToken` (ADR-0018). */
export const UserTokenResponse = z.object({ token: SecretEnvelope.nullable() });
export const StoreUserTokenRequest = UserTokenRequest.extend({ token: SecretEnvelope });

/** Connectivity check of an account (config asks, dispatcher answers). */
export const TestAccountRequest = z.object({
  company: CompanyId,
  accountId: Id,
  sendTestTo: z.email().optional(),
  userId: z.string().optional(),
  userEmail: z.email().optional(),
});
export const TestAccountResponse = z.object({
  ok: z.boolean(),
  message: z.string(),
  durationMs: z.number(),
});

/** The company record (null when the company was never set up). */
export const CompanyRequest = z.object({ company: CompanyId });
export const CompanyResponse = z.object({ company: Company.nullable() });

/** A company's retention settings (the defaults when it never changed them). */
export const RetentionRequest = z.object({ company: CompanyId });
export const RetentionResponse = z.object({ settings: RetentionSettings });

/**
 * Every blob hash the configuration references (layouts, default attachments), over all
 * companies: the blob sweeper's marks from the config bucket (ADR-0026).
 */
export const BlobRefsRequest = z.object({
  /** Page after this hash (the hashes come sorted). */
  after: z
    .string()
    .regex(/^[a-f0-9]{64}$/)
    .optional(),
  limit: z.number().int().min(1).max(10_000).default(5_000),
});
export const BlobRefsResponse = z.object({
  sha256s: z.array(z.string().regex(/^[a-f0-9]{64}$/)),
  /** True when more pages follow (ask again with `after` = the last hash). */
  more: z.boolean(),
});

/** Reply to {@link StoreUserTokenRequest}. */
export const StoreUserTokenResponse = z.object({ stored: z.literal(true) });
