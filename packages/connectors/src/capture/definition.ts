/**
 * The Capture connector's definition: settings, defaults, capabilities and
 * the allowlist rule (no provider code).
 * @module
 */
import { isEmailAddress } from '@verzend/shared';
import { z } from 'zod';
import { defineConnector } from '../definition';

/** Settings of a Capture account. */
export const CaptureSettings = z.object({
  connector: z.literal('capture'),
  /** When set, only these addresses or `@domain`s may be captured-as-sent; others fail (test company guard). */
  allowlist: z.array(z.string().max(254)).max(1000).default([]),
});
export type CaptureSettings = z.infer<typeof CaptureSettings>;

/** Capture: keeps the MIME instead of sending. */
export const captureDefinition = defineConnector<CaptureSettings>({
  type: 'capture',
  description: 'Captures the full MIME instead of sending (test companies, demos).',
  settings: CaptureSettings,
  defaults: { rateLimitPerMinute: 0, dailyRecipientQuota: 0 },
  capabilities: {
    maxMessageBytes: 150 * 1024 * 1024,
    maxRecipients: 500,
    inlineImages: true,
    delivers: false,
  },
  check: (s) =>
    s.allowlist.flatMap((entry, i) =>
      isEmailAddress(entry.startsWith('@') ? `x${entry}` : entry)
        ? []
        : [{ path: `settings.allowlist.${i}`, message: 'must be an email address or "@domain"' }],
    ),
});
