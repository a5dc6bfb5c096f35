/**
 * Our Graph authentication: an `AuthenticationProvider` over a
 * {@link TokenSource}, and a middleware that attaches the bearer token only to
 * requests for the configured Graph origin. (The library's own handler adds
 * tokens to graph.microsoft.com hosts over https only, which would leave
 * sovereign clouds behind custom hosts and the local test double without one.)
 * @module
 */
import type {
  AuthenticationProvider,
  Context,
  Middleware,
} from '@microsoft/microsoft-graph-client';
import type { TokenSource } from '../oauth/providers';

/** Hands out tokens from a token source and remembers the last one (to drop it on a 401). */
export class TokenSourceAuthProvider implements AuthenticationProvider {
  readonly #source: TokenSource;
  readonly #signal: AbortSignal | undefined;
  lastToken: string | undefined;

  constructor(source: TokenSource, signal?: AbortSignal) {
    this.#source = source;
    this.#signal = signal;
  }

  /**
   * Fetches the token before the request is sent, so a token failure surfaces
   * as our own error instead of being wrapped by the Graph client.
   */
  async prefetch(): Promise<void> {
    this.lastToken = await this.#source.get(this.#signal);
  }

  async getAccessToken(): Promise<string> {
    if (this.lastToken === undefined) {
      this.lastToken = await this.#source.get(this.#signal);
    }
    return this.lastToken;
  }
}

/** Sets `Authorization: Bearer …` for requests to `origin`, and nothing for any other host. */
export class BearerMiddleware implements Middleware {
  readonly #provider: AuthenticationProvider;
  readonly #origin: string;
  #next: Middleware | undefined;

  constructor(provider: AuthenticationProvider, origin: string) {
    this.#provider = provider;
    this.#origin = origin;
  }

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    if (new URL(url).origin === this.#origin) {
      const token = await this.#provider.getAccessToken();
      const options = context.options ?? {};
      const headers = options.headers;
      if (headers instanceof Headers) {
        headers.set('Authorization', `Bearer ${token}`);
      } else {
        options.headers = {
          ...(headers as Record<string, string> | undefined),
          Authorization: `Bearer ${token}`,
        };
      }
      context.options = options;
    }
    if (!this.#next) {
      throw new Error('BearerMiddleware needs a next middleware');
    }
    await this.#next.execute(context);
  }

  setNext(next: Middleware): void {
    this.#next = next;
  }
}
