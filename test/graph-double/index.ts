/** The Microsoft Graph + identity platform test double. @module */
export type { AccessTokenInfo, DoubleApp, DoubleUser } from './identity';
export {
  type FailureRule,
  GraphDouble,
  type GraphDoubleOptions,
  type SentAttachment,
  type SentMessage,
} from './server';
