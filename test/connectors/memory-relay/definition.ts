/**
 * Definition of the memory relay: a connector that exists only in the tests,
 * to prove that a connector is one folder and one registration — nothing in
 * `@verzend/shared`, config or the dispatcher names it.
 * @module
 */
import { defineConnector } from '@verzend/connectors';
import { z } from 'zod';

/** Settings of a memory relay account. */
export const MemoryRelaySettings = z.object({
  connector: z.literal('memory-relay'),
  /** Which in-memory outbox the relay delivers to. */
  relay: z.string().min(1).max(64),
  /** Tag added to every message (checked against `relay` by the rule below). */
  tag: z.string().max(32).default('verzend'),
});
export type MemoryRelaySettings = z.infer<typeof MemoryRelaySettings>;

/** The memory relay: an API key (the `accessToken` secret), two recipients at most. */
export const memoryRelayDefinition = defineConnector<MemoryRelaySettings>({
  type: 'memory-relay',
  description: 'Delivers into an in-memory relay (tests only).',
  settings: MemoryRelaySettings,
  defaults: { rateLimitPerMinute: 120, dailyRecipientQuota: 5_000 },
  capabilities: {
    maxMessageBytes: 1024 * 1024,
    maxRecipients: 2,
    inlineImages: false,
    delivers: true,
  },
  check: (s) =>
    s.tag === s.relay ? [{ path: 'settings.tag', message: 'must differ from the relay' }] : [],
  requiredSecrets: () => [{ fields: ['accessToken'], why: "the relay's API key" }],
});
