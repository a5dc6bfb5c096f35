/**
 * @verzend/client — a typed client for the three Verzend APIs (config,
 * dispatcher, renderer), generated from their OpenAPI documents, so the
 * console and ERP integrators use one contract.
 *
 * ```ts
 * const verzend = createVerzendClient({ baseUrls, token: () => getToken() });
 * const { data, error } = await verzend.config.GET('/v1/accounts');
 * ```
 * @module
 */
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components as ConfigComponents, paths as ConfigPaths } from './generated/config';
import type {
  components as DispatcherComponents,
  paths as DispatcherPaths,
} from './generated/dispatcher';
import type {
  components as RendererComponents,
  paths as RendererPaths,
} from './generated/renderer';

export type {
  ConfigComponents,
  ConfigPaths,
  DispatcherComponents,
  DispatcherPaths,
  RendererComponents,
  RendererPaths,
};

/** A named schema of the config API, e.g. `ConfigSchema<'Account'>`. */
export type ConfigSchema<N extends keyof ConfigComponents['schemas']> =
  ConfigComponents['schemas'][N];
/** A named schema of the dispatcher API, e.g. `DispatcherSchema<'EmailRecord'>`. */
export type DispatcherSchema<N extends keyof DispatcherComponents['schemas']> =
  DispatcherComponents['schemas'][N];
/** A named schema of the renderer API. */
export type RendererSchema<N extends keyof RendererComponents['schemas']> =
  RendererComponents['schemas'][N];
/** The RFC 9457 problem every API answers errors with. */
export type Problem = ConfigComponents['schemas']['Problem'];

/** Options for {@link createVerzendClient}. */
export interface VerzendClientOptions {
  /** Base URL of each service, e.g. `http://127.0.0.1:8081`. */
  baseUrls: { config: string; dispatcher: string; renderer: string };
  /** The bearer token (or a function giving a fresh one per request). */
  token?: string | (() => string | Promise<string>);
  /** A fetch implementation (defaults to the global one). */
  fetch?: (request: Request) => Promise<Response>;
}

/** The three typed clients. */
export interface VerzendClient {
  config: Client<ConfigPaths>;
  dispatcher: Client<DispatcherPaths>;
  renderer: Client<RendererPaths>;
}

/** Creates typed clients for the three services, sharing one bearer token source. */
export function createVerzendClient(opts: VerzendClientOptions): VerzendClient {
  const bearer: Middleware = {
    async onRequest({ request }) {
      if (opts.token !== undefined && !request.headers.has('authorization')) {
        const token = typeof opts.token === 'string' ? opts.token : await opts.token();
        request.headers.set('authorization', `Bearer ${token}`);
      }
      return request;
    },
  };
  const make = <P extends {}>(baseUrl: string) => {
    const client = createClient<P>({
      baseUrl,
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
    });
    client.use(bearer);
    return client;
  };
  return {
    config: make<ConfigPaths>(opts.baseUrls.config),
    dispatcher: make<DispatcherPaths>(opts.baseUrls.dispatcher),
    renderer: make<RendererPaths>(opts.baseUrls.renderer),
  };
}
