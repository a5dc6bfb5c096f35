/**
 * @verzend/shared — contracts, names, errors and plumbing used by two or more services.
 * Every export is listed by name: this file is the package's public surface.
 * @module
 */

export {
  type AuthVariables,
  authenticate,
  createVerifier,
  DEFAULT_MAX_TOKEN_LIFETIME_S,
  type LicenceType,
  LicenceTypes,
  mayAdminister,
  type Permission,
  Permissions,
  type Principal,
  principalFromClaims,
  requirePermission,
  signToken,
  TokenClaims,
  type TokenVerifier,
  type VerifierOptions,
} from './auth';
export { type BackoffPolicy, backoffMs, type Jitter } from './backoff';
export {
  type BlobOwnership,
  blobOwnerKey,
  KvBlobOwners,
  MemoryBlobOwners,
  type OwnedBlob,
  requireOwnedBlob,
  unownedBlobs,
} from './blob-owners';
export { collectBlobRefs, type ScannedMessage, scanStream } from './blob-refs';
export { boundedObjectStream } from './blob-stream';
export {
  type BlobLease,
  type BlobRef as StoredBlob,
  BlobStore,
  DEFAULT_TOUCH_AFTER_MS,
  MAX_BLOB_BYTES,
  type StoredObject,
} from './blobs';
export { type ConfigChange, type ConfigWatch, watchConfigChanges } from './config-watch';
export {
  AccountCreateFields,
  AccountFields,
  AccountLimits,
  type AccountSecrets,
  AccountSecretsInput,
  CertificatePem,
  NationalCloud,
  OAuthAppRef,
  RedirectUri,
  SECRET_KEYS,
} from './contracts/accounts';
export {
  APP_SECRET_KEYS,
  AppRegistration,
  AppRegistrationCreate,
  AppRegistrationSecrets,
  AppRegistrationUpdate,
  adminConsentUrl,
  CLOUDS,
  type CloudEndpoints,
} from './contracts/app-registrations';
export {
  BlobRef,
  type BlobRefT,
  CompanyId,
  EmailAddress,
  HeaderText,
  Id,
  isEmailAddress,
  Mailbox,
  PageQuery,
  page,
  RecipientInput,
  RelatedRecord,
  RelationType,
} from './contracts/common';
export {
  Attempt,
  ComposeEmail,
  EmailAttachment,
  EmailRecord,
  EmailStatus,
  MAX_ATTACHMENT_BYTES,
  MAX_RECIPIENTS,
  OutboxMessage,
  StatusChange,
} from './contracts/emails';
export {
  DocumentPostedEvent,
  DocumentType,
  EDocument,
  EventCustomer,
  EventRecord,
  EventStatus,
  ReportDataset,
} from './contracts/events';
export {
  Content,
  InlineImage,
  LayoutSource,
  PaymentLinkInput,
  PdfOptions,
  RenderOptions,
  RenderRequest,
  RenderResult,
  RenderWarning,
  ReportData,
  ValidateLayoutRequest,
  ValidateLayoutResult,
} from './contracts/render';
export {
  defaultRetention,
  RETENTION_DEFAULTS,
  RetentionSettings,
} from './contracts/retention';
export {
  BlobRefsRequest,
  BlobRefsResponse,
  CompanyRequest,
  CompanyResponse,
  LayoutRequest,
  LayoutResponse,
  PaymentSettingsRequest,
  PaymentSettingsResponse,
  ReportSelectionRequest,
  ReportSelectionResponse,
  ResolveAccountRequest,
  RetentionRequest,
  RetentionResponse,
  ScenarioAttachmentsRequest,
  ScenarioAttachmentsResponse,
  SealedAccountSecrets,
  SendingProfileRequest,
  SendingProfileResponse,
  StoreUserTokenRequest,
  StoreUserTokenResponse,
  TestAccountRequest,
  TestAccountResponse,
  UserTokenRequest,
  UserTokenResponse,
  UserTokenSet,
  ViewPolicyRequest,
  ViewPolicyResponse,
} from './contracts/rpc';
export {
  Company,
  DefaultAttachment,
  Layout,
  PaymentSettings,
  PayPalSettings,
  ReportSelection,
  ReportSelectionEntry,
  ReportUsage,
  Scenario,
  ScenarioCode,
  SendingProfile,
  STANDARD_SCENARIOS,
  type StandardScenario,
  ViewPolicy,
  ViewPolicyKind,
} from './contracts/setup';
export { StatusError, StatusKind, StatusUpdate } from './contracts/status';
export {
  SealedWebhookEndpoint,
  WebhookAttempt,
  WebhookDelivery,
  WebhookDeliveryStatus,
  WebhookDisableRequest,
  WebhookDisableResponse,
  WebhookEndpoint,
  WebhookEndpointCreate,
  WebhookEndpointsRequest,
  WebhookEndpointsResponse,
  WebhookEndpointUpdate,
  WebhookEndpointWithSecret,
  WebhookKind,
  WebhookSecret,
  WebhookSecretRotate,
  WebhookUrl,
  webhookWants,
} from './contracts/webhooks';
export { BadEnvironmentError, type BaseEnv, baseEnv, envBoolean, envPort, parseEnv } from './env';
export {
  AppError,
  type AppErrorOptions,
  ConflictError,
  createError,
  DeliveryError,
  type ErrorCode,
  ErrorCodes,
  type FieldIssue,
  ForbiddenError,
  InternalError,
  isErrorCode,
  NATS_RETRY_AFTER_S,
  NotFoundError,
  PayloadTooLargeError,
  type Problem,
  STORAGE_RETRY_AFTER_S,
  toAppError,
  UnauthorizedError,
  UnavailableError,
  UnprocessableError,
  ValidationError,
} from './errors';
export {
  createServiceApp,
  type ReadinessCheck,
  type ServiceApp,
  type ServiceAppOptions,
  type ServiceEnv,
} from './http/app';
export { documentOnly, readOpenApiDocument } from './http/document-only';
export { download } from './http/download';
export { type HttpMetrics, httpMetrics, observeRequests, routeLabel } from './http/observe';
export { ProblemSchema, problemResponses } from './http/openapi';
export { createErrorHandler, PROBLEM_JSON, problemResponse } from './http/problem';
export {
  KvRateCounter,
  MemoryRateCounter,
  type RateCounter,
  type RateLimitOptions,
  rateLimit,
} from './http/rate-limit';
export {
  closeServer,
  DEFAULT_HTTP_TIMEOUTS,
  type HttpTimeouts,
  installShutdown,
  listen,
  type RunningService,
} from './lifecycle';
export { BC_LANGUAGE_CODES, bcLanguageToTag } from './locale';
export {
  correlation,
  createLogger,
  forRequest,
  type Logger,
  type LoggerOptions,
  SECRET_FIELD_NAMES,
} from './logger';
export {
  Counter,
  createRegistry,
  Gauge,
  Histogram,
  LabelCap,
  OTHER_LABEL,
  Registry,
  topN,
} from './metrics';
export { isCasConflict, type Versioned } from './nats/cas';
export {
  connectNats,
  defaultStoreLayout,
  ensureStreams,
  type NatsOptions,
  openBlobStore,
  openBucket,
  openSharedBlobStore,
  openSharedBucket,
  replicatedCasIsAtomic,
  type StoreLayout,
} from './nats/connect';
export {
  type DurableRef,
  type DurableSettings,
  ensureDurable,
} from './nats/durable-consumer';
export { classifyNatsFailure, type NatsFailure } from './nats/failures';
export { type ListKeysOptions, listKeys } from './nats/kv-keys';
export { PullLoop, type PullLoopOptions } from './nats/pull-loop';
export {
  errorFromReply,
  jsonHandler,
  type RequestOptions,
  type RpcContext,
  requestJson,
  respondProblem,
  traceConnection,
  tracingOf,
} from './nats/rpc';
export {
  InFlight,
  type RpcService,
  type RpcServiceInfo,
  startRpcService,
} from './nats/rpc-service';
export { OutboundGuard, type OutboundPolicy, outboundEnv } from './outbound';
export { randomHex64 } from './random-hex';
export {
  carriedRequestId,
  HTTP_REQUEST_ID_HEADER,
  isValidRequestId,
  MAX_REQUEST_ID_LENGTH,
  newRequestId,
  REQUEST_ID_HEADER,
  requestIdFrom,
} from './request-context';
export {
  KeyRing,
  KeyRingError,
  SecretDecryptError,
  SecretEnvelope,
  secretsKeysEnv,
} from './secrets/key-ring';
export { SecretKeys, textToken, tokenText } from './secrets/secret-keys';
export {
  runMain,
  type ServiceName,
  type ServiceSpec,
  startService,
  type WireContext,
  type Wired,
} from './service-skeleton';
export {
  assertToken,
  Buckets,
  Consumers,
  erpInbox,
  erpStatusConsumer,
  eventMessageId,
  Inboxes,
  ObjectStores,
  Rpc,
  type RpcSubject,
  Services,
  Streams,
  Subjects,
  statusMessageId,
} from './subjects';
export {
  Telemetry,
  type TelemetryDims,
  type TelemetryEventName,
  TelemetryEvents,
  type TelemetryMessage,
} from './telemetry';
export { cachingVerifier } from './token-cache';
export {
  activeTraceIds,
  createTracing,
  type HeaderCarrier,
  parseKeyValueList,
  type ReadableSpan,
  type SpanExporter,
  SpanKind,
  type SpanRunOptions,
  SpanStatusCode,
  TRACES_SAMPLERS,
  type TracesExporter,
  type TracesSampler,
  Tracing,
  type TracingOptions,
} from './tracing';
export { parseOrThrow, zodIssues } from './validation';
export {
  httpTimeoutsFromEnv,
  natsOptionsFromEnv,
  natsReadiness,
  rateLimitFromEnv,
  storeLayoutFromEnv,
  tracingFromEnv,
  verifierFromEnv,
} from './wiring';
