/**
 * The connectors Verzend ships. A new provider is a folder in this package
 * (definition + runtime, exporting a {@link ConnectorPlugin}) and one line here.
 * @module
 */
import { capture } from './capture';
import type { ConnectorPlugin } from './contract';
import { currentUser } from './current-user';
import { microsoft365 } from './microsoft365';
import { ConnectorRegistry } from './registry';
import { smtp } from './smtp';

// biome-ignore lint/suspicious/noExplicitAny: plug-ins of any settings type live side by side.
const plugins: ConnectorPlugin<any>[] = [smtp, microsoft365, currentUser, capture];

/** The registry of the shipped connectors (config and the dispatcher use it unless given another). */
export const builtInConnectors = new ConnectorRegistry(plugins);
