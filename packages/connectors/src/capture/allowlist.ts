/**
 * The capture account's recipient allowlist: entries are full addresses or
 * `@domain`s (case-insensitive). An empty list allows everyone.
 * @module
 */

/** Returns the recipients the allowlist does not cover. */
export function notAllowed(recipients: string[], allowlist: string[]): string[] {
  if (allowlist.length === 0) {
    return [];
  }
  const addresses = new Set<string>();
  const domains = new Set<string>();
  for (const entry of allowlist) {
    const e = entry.trim().toLowerCase();
    if (e.startsWith('@')) {
      domains.add(e.slice(1));
    } else if (e.length > 0) {
      addresses.add(e);
    }
  }
  return recipients.filter((r) => {
    const address = r.toLowerCase();
    const domain = address.slice(address.lastIndexOf('@') + 1);
    return !addresses.has(address) && !domains.has(domain);
  });
}
