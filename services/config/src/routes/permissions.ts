/**
 * Permission gate for every `/v1/*` route: reading needs email-read, every
 * change needs email-admin. One middleware instead of a check per handler, so
 * a new change route can never forget it (and it answers 403 before any
 * validation or lookup reveals anything).
 * @module
 */
import { type Permission, requirePermission, type ServiceApp } from '@verzend/shared';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The permission a request needs. */
export function permissionFor(method: string): Permission {
  return READ_METHODS.has(method.toUpperCase()) ? 'email-read' : 'email-admin';
}

/** Installs the gate (after authentication, before the routes). */
export function registerPermissions(app: ServiceApp): void {
  app.use('/v1/*', async function permissions(c, next) {
    requirePermission(c.get('auth'), permissionFor(c.req.method));
    await next();
  });
}
