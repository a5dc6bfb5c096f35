/**
 * What every console request carries: the session (if signed in), the
 * language, the CSRF token, and a typed API client acting as the user.
 * @module
 */
import type { VerzendClient } from '@verzend/client';
import type { Context } from 'hono';
import type { I18n } from './i18n';
import type { Session } from './session/session';

/** Hono env of the console app. */
export interface ConsoleEnv {
  Variables: {
    requestId: string;
    i18n: I18n;
    session: Session | undefined;
    /** The session's CSRF token ('' when signed out). */
    csrf: string;
    /** The APIs, called as the signed-in user (a fresh service token per call). */
    api: VerzendClient;
    /** Whether an identity provider is configured. */
    signInConfigured: boolean;
    /** URLs of the built browser scripts, by entry name. */
    assets: Readonly<Record<string, string>>;
  };
}

/** A console request context. */
export type Ctx = Context<ConsoleEnv>;
