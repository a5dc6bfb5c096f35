/**
 * Dependencies for an app built only to read its OpenAPI document (the typed
 * client is generated from it without starting NATS or a server): route
 * registration may hold on to them, but a handler that uses one fails loudly.
 * @module
 */

/**
 * A stand-in for `what` (any shape): property reads give further stand-ins, so
 * registration code may destructure it; calling or constructing one throws.
 */
export function documentOnly<T>(what: string): T {
  const fail = (): never => {
    throw new Error(`${what} is not available in a document-only app`);
  };
  // A plain function (not an arrow) so both calling and `new` reach the traps.
  const target = function standIn() {};
  return new Proxy(target, {
    get: (_t, key) => (key === 'then' ? undefined : documentOnly(`${what}.${String(key)}`)),
    apply: fail,
    construct: fail,
  }) as T;
}

/** Reads `/openapi.json` from an app built with {@link documentOnly} dependencies. */
export async function readOpenApiDocument(app: {
  request: (path: string) => Response | Promise<Response>;
}): Promise<Record<string, unknown>> {
  const res = await app.request('/openapi.json');
  if (!res.ok) {
    throw new Error(`/openapi.json answered ${res.status}`);
  }
  return (await res.json()) as Record<string, unknown>;
}
