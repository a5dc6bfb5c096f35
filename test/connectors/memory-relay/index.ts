/**
 * The memory relay connector: its definition and runtime. A test registers it
 * with `builtInConnectors.with(memoryRelay)`.
 * @module
 */
import type { Connector, ConnectorPlugin, OutgoingMessage, SendContext } from '@verzend/connectors';
import { DeliveryError } from '@verzend/shared';
import { type MemoryRelaySettings, memoryRelayDefinition } from './definition';

/** A message the relay took. */
export interface RelayedMessage {
  relay: string;
  tag: string;
  apiKey: string;
  to: string[];
  subject: string;
  text: string | undefined;
}

/** What every relay took, by relay name (the test reads it). */
export const relayed = new Map<string, RelayedMessage[]>();

function createMemoryRelay(): Connector {
  return {
    type: 'memory-relay',
    capabilities: memoryRelayDefinition.capabilities,
    async send(message: OutgoingMessage, ctx: SendContext) {
      const s = memoryRelayDefinition.settings.parse(ctx.account.settings);
      if (!ctx.secrets.accessToken) {
        throw new DeliveryError('AUTH_FAILED', 'No API key.', { retry: false });
      }
      const list = relayed.get(s.relay) ?? [];
      list.push({
        relay: s.relay,
        tag: s.tag,
        apiKey: ctx.secrets.accessToken,
        to: message.to.map((m) => m.address),
        subject: message.subject,
        text: message.text,
      });
      relayed.set(s.relay, list);
      return {
        providerMessageId: `${s.relay}-${list.length}`,
        providerStatus: 202,
        response: 'relayed',
      };
    },
    async test(ctx: SendContext) {
      return {
        message: `Relay ${memoryRelayDefinition.settings.parse(ctx.account.settings).relay} is ready.`,
      };
    },
    async close() {},
  };
}

/** The memory relay plug-in. */
export const memoryRelay: ConnectorPlugin<MemoryRelaySettings> = {
  definition: memoryRelayDefinition,
  create: () => createMemoryRelay(),
};
