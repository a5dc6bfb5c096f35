/**
 * Composed bodies get the same mail-safe policy as rendered ones (one policy,
 * in `@verzend/shared/mail-html`): no script, event handlers or `javascript:`
 * URLs reach a recipient, and an HTML body without a text part gets one derived
 * from it. Rendered bodies are already safe and do not pass through here.
 *
 * Sanitising is a pure function of the HTML and costs more CPU than the rest of
 * accepting an email; a burst of emails usually shares one body template, so
 * results are kept by the body's hash (bounded, least recently used first).
 * @module
 */
import { createHash } from 'node:crypto';
import type { ComposeEmail } from '@verzend/shared';
import { htmlToText, sanitize } from '@verzend/shared/mail-html';
import { LRUCache } from 'lru-cache';

/** Sanitised HTML and its derived text, by sha-256 of the HTML as sent (about 8 M characters). */
const safe = new LRUCache<string, { html: string; text: string }>({
  maxSize: 8 * 1024 * 1024,
  maxEntrySize: 1024 * 1024,
  sizeCalculation: (v) => Math.max(1, v.html.length + v.text.length),
});

function mailSafe(html: string): { html: string; text: string } {
  const key = createHash('sha256').update(html).digest('base64');
  let hit = safe.get(key);
  if (!hit) {
    const clean = sanitize(html);
    hit = { html: clean, text: htmlToText(clean) };
    safe.set(key, hit);
  }
  return hit;
}

/** The email with its HTML body sanitised and a text part derived when none was given. */
export function mailSafeBody<E extends Pick<ComposeEmail, 'html' | 'text'>>(email: E): E {
  if (email.html === undefined) {
    return email;
  }
  const { html, text } = mailSafe(email.html);
  return { ...email, html, text: email.text ?? text };
}
