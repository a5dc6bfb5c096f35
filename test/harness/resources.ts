/**
 * Leak tracking: everything the harness starts registers here and unregisters
 * when stopped. An integration test that leaves a server or connection open fails.
 * @module
 */
const open = new Map<number, string>();
let next = 1;

/** Registers an open resource; returns the function that marks it closed. */
export function track(description: string): () => void {
  const id = next++;
  open.set(id, description);
  return () => {
    open.delete(id);
  };
}

/** Descriptions of resources still open. */
export function openResources(): string[] {
  return [...open.values()];
}
