/** Current User connector. @module */
import { type ConnectorPlugin, providerRuntime } from '../contract';
import { GRAPH_RUNTIME } from '../graph/runtime';
import { createCurrentUserConnector } from './connector';
import { type CurrentUserSettings, currentUserDefinition } from './definition';

export { createCurrentUserConnector } from './connector';
export { CurrentUserSettings, currentUserDefinition } from './definition';

/** The Current User plug-in (needs the Graph runtime, {@link GRAPH_RUNTIME}). */
export const currentUser: ConnectorPlugin<CurrentUserSettings> = {
  definition: currentUserDefinition,
  create: (deps) => createCurrentUserConnector(providerRuntime(deps, GRAPH_RUNTIME)),
};
