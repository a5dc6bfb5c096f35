/**
 * Refuses a request body whose media type its route does not take (415), before
 * any handler runs. The table comes from the app's own OpenAPI registry, so a
 * route's documented body types are the ones enforced. Without this, a JSON
 * route whose body is optional would treat a `text/plain` body as no body at all.
 * @module
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { UnprocessableError } from '../errors';

interface BodyRoute {
  method: string;
  pattern: RegExp;
  types: string[];
}

/** The documented request-body media types of every route, from the OpenAPI registry. */
function bodyRoutes(app: OpenAPIHono<never>): BodyRoute[] {
  const routes: BodyRoute[] = [];
  for (const def of app.openAPIRegistry.definitions) {
    if (def.type !== 'route') {
      continue;
    }
    const content = (def.route.request?.body as { content?: Record<string, unknown> } | undefined)
      ?.content;
    if (!content) {
      continue;
    }
    const source = def.route.path
      .split(/\{[^}]+\}/)
      .map((s) => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
      .join('[^/]+');
    routes.push({
      method: def.route.method.toUpperCase(),
      pattern: new RegExp(`^${source}$`),
      types: Object.keys(content).map((t) => t.toLowerCase()),
    });
  }
  return routes;
}

/** True when the request carries a body (a length above zero, or a body of unknown length). */
function hasBody(req: Request): boolean {
  const length = req.headers.get('content-length');
  return length !== null ? Number(length) > 0 : req.body !== null;
}

/** Middleware for `/v1/*`: a body must come with one of its route's documented media types. */
export function enforceMediaTypes(app: OpenAPIHono<never>): MiddlewareHandler {
  let routes: BodyRoute[] | undefined;
  return async function mediaTypes(c, next) {
    if (!['POST', 'PUT', 'PATCH'].includes(c.req.method) || !hasBody(c.req.raw)) {
      await next();
      return;
    }
    routes ??= bodyRoutes(app);
    const route = routes.find((r) => r.method === c.req.method && r.pattern.test(c.req.path));
    if (route) {
      const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (!route.types.includes(type)) {
        throw new UnprocessableError(
          'UNSUPPORTED_MEDIA_TYPE',
          `Send the body as ${route.types.join(' or ')}${type ? ` (not ${type})` : ' with a Content-Type header'}.`,
        );
      }
    }
    await next();
  };
}
