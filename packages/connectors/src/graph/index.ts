/**
 * Microsoft Graph building blocks shared by the Microsoft 365 and Current User connectors.
 * @module
 */
export { GraphApi, type GraphSettings, sleep, splitBaseUrl } from './client';
export { type GraphFailure, graphError, parseRetryAfter } from './errors';
export { assertGraphLicence } from './licence';
export { GRAPH_CAPABILITIES, GRAPH_DEFAULTS, MAX_CUSTOM_HEADERS } from './limits';
export {
  connectHint,
  createGraphRuntime,
  GRAPH_RUNTIME,
  type GraphRuntime,
  type GraphRuntimeOptions,
} from './runtime';
export {
  graphAppScope,
  graphDelegatedScope,
  graphResource,
  SMTP_APP_SCOPE,
  SMTP_DELEGATED_SCOPE,
} from './scopes';
export { MailboxSemaphores } from './semaphore';
export { MAX_POSTED_ATTACHMENT_BYTES, MAX_REQUEST_BYTES, sendThroughGraph } from './send';
export {
  assertChunkSize,
  CHUNK_UNIT,
  DEFAULT_CHUNK_BYTES,
  MAX_CHUNK_BYTES,
  MAX_UPLOAD_BYTES,
} from './upload-session';
