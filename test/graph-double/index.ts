/** The Microsoft Graph + identity platform test double. @module */

export type { CutRequest } from './holds';
export type { AccessTokenInfo, DoubleApp, DoubleUser } from './identity';
export { GraphDouble } from './server';
export type {
  DelayRule,
  FailureRule,
  GraphDoubleOptions,
  SentAttachment,
  SentMessage,
} from './types';
