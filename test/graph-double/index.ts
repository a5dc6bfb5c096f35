/** The Microsoft Graph + identity platform test double. @module */
export type { AccessTokenInfo, DoubleApp, DoubleUser } from './identity';
export { GraphDouble } from './server';
export type { FailureRule, GraphDoubleOptions, SentAttachment, SentMessage } from './types';
