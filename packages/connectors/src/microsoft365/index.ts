/** Microsoft 365 (shared mailbox) connector. @module */
import { type ConnectorPlugin, providerRuntime } from '../contract';
import { GRAPH_RUNTIME } from '../graph/runtime';
import { createMicrosoft365Connector } from './connector';
import { type Microsoft365Settings, microsoft365Definition } from './definition';

export { createMicrosoft365Connector } from './connector';
export { Microsoft365Settings, microsoft365Definition } from './definition';

/** The Microsoft 365 plug-in (needs the Graph runtime, {@link GRAPH_RUNTIME}). */
export const microsoft365: ConnectorPlugin<Microsoft365Settings> = {
  definition: microsoft365Definition,
  create: (deps) => createMicrosoft365Connector(providerRuntime(deps, GRAPH_RUNTIME)),
};
