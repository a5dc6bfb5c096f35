/**
 * Leak tracking: everything the harness starts registers here and unregisters
 * when stopped. An integration test that leaves a server or connection open fails.
 *
 * Integration files share one process, so a leak must not outlive the test that made it:
 * {@link closeLeaked} stops what a failed test left behind (with the `close` each resource
 * registered), and only that test fails, not every test after it.
 * @module
 */
interface Resource {
  description: string;
  close?: () => unknown;
}

const open = new Map<number, Resource>();
let next = 1;

/**
 * Registers an open resource; returns the function that marks it closed.
 * `close`, when given, is how {@link closeLeaked} stops it if a test forgets to.
 */
export function track(description: string, close?: () => unknown): () => void {
  const id = next++;
  open.set(id, { description, close });
  return () => {
    open.delete(id);
  };
}

/** Descriptions of resources still open. */
export function openResources(): string[] {
  return [...open.values()].map((r) => r.description);
}

/**
 * Stops and forgets every resource still open; returns their descriptions.
 * A close that fails is ignored: the resource is forgotten either way.
 */
export async function closeLeaked(): Promise<string[]> {
  const leaked = [...open.values()];
  open.clear();
  await Promise.all(
    leaked.map(async (r) => {
      try {
        await r.close?.();
      } catch {
        // Forgotten anyway: the next test must start clean.
      }
    }),
  );
  return leaked.map((r) => r.description);
}
