/**
 * Composed bodies get the same mail-safe policy as rendered ones (one policy,
 * in `@verzend/shared/mail-html`): no script, event handlers or `javascript:`
 * URLs reach a recipient, and an HTML body without a text part gets one derived
 * from it. Rendered bodies are already safe and do not pass through here.
 * @module
 */
import type { ComposeEmail } from '@verzend/shared';
import { htmlToText, sanitize } from '@verzend/shared/mail-html';

/** The email with its HTML body sanitised and a text part derived when none was given. */
export function mailSafeBody<E extends Pick<ComposeEmail, 'html' | 'text'>>(email: E): E {
  if (email.html === undefined) {
    return email;
  }
  const html = sanitize(email.html);
  return { ...email, html, text: email.text ?? htmlToText(html) };
}
