/**
 * Connecting users' mailboxes: the sign-in flow (authorization code + PKCE),
 * its one-time state, the store of delegated tokens, and the HTTP routes. The
 * token client, cache and providers are `@verzend/connectors`' (this folder
 * imports them; they never import it).
 * @module
 */
export {
  type CallbackQuery,
  ConnectFlow,
  type ConnectStart,
  type ConnectTarget,
  type StartedSignIn,
} from './connect-flow';
export { createPkce, createState, pkceChallenge } from './pkce';
export {
  KvSignInStateStore,
  MemorySignInStateStore,
  PendingSignIn,
  type SignInStateStore,
} from './state-store';
export { NatsUserTokenStore } from './user-token-store';
