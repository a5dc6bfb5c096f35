/**
 * The connector registry: connector type → plug-in. A new provider is a new
 * folder and one line in {@link connectorFactories}; the outbox, throttle and
 * sender only ever see the {@link Connector} interface.
 * @module
 */
import { type ConnectorType, UnprocessableError } from '@verzend/shared';
import { CaptureConnector } from './capture/capture-connector';
import { createCurrentUserConnector } from './current-user';
import type { GraphRuntime } from './graph/runtime';
import { createMicrosoft365Connector } from './microsoft365';
import { SmtpConnector } from './smtp/smtp-connector';
import type { AccessTokenProvider, Connector, ConnectorDeps } from './types';

/** Builds a connector from the dispatcher's dependencies. */
export type ConnectorFactory = (deps: ConnectorDeps) => Connector;

/** Every connector the dispatcher knows, keyed by `settings.connector`. */
export const connectorFactories: Partial<Record<ConnectorType, ConnectorFactory>> = {
  smtp: (deps) => new SmtpConnector(deps),
  capture: (deps) => new CaptureConnector(deps),
  microsoft365: (deps) => createMicrosoft365Connector(graphRuntime(deps)),
  'current-user': (deps) => createCurrentUserConnector(graphRuntime(deps)),
};

function graphRuntime(deps: ConnectorDeps): GraphRuntime {
  if (!deps.graph) {
    throw new Error('The Graph connectors need deps.graph (createGraphRuntime).');
  }
  return deps.graph;
}

/** The default token provider: the account's static `accessToken` secret. */
export const staticAccessToken: AccessTokenProvider = async (account, secrets) => {
  if (!secrets.accessToken) {
    throw new UnprocessableError(
      'NEEDS_CREDENTIALS',
      `Account "${account.name}" uses OAuth 2.0 but has no access token.`,
    );
  }
  const settings = account.settings;
  return {
    user: (settings.connector === 'smtp' && settings.userName) || account.emailAddress,
    accessToken: secrets.accessToken,
    origin: 'static',
    scope: undefined,
    source: 'the access token stored on the account',
    invalidate: async () => undefined,
  };
};

/** The connectors of one dispatcher instance. */
export class ConnectorRegistry {
  readonly #connectors = new Map<ConnectorType, Connector>();

  constructor(deps: ConnectorDeps, factories = connectorFactories) {
    for (const [type, factory] of Object.entries(factories) as [
      ConnectorType,
      ConnectorFactory,
    ][]) {
      this.#connectors.set(type, factory(deps));
    }
  }

  /** The connector for a type. @throws UnprocessableError NOT_CONNECTED when none is installed. */
  get(type: ConnectorType): Connector {
    const connector = this.#connectors.get(type);
    if (!connector) {
      throw new UnprocessableError(
        'NOT_CONNECTED',
        `No connector for "${type}" is installed in this dispatcher.`,
      );
    }
    return connector;
  }

  /** Installed connector types. */
  types(): ConnectorType[] {
    return [...this.#connectors.keys()];
  }

  /** Releases pooled resources of one account on every connector (its settings changed or it was deleted). */
  async release(accountId: string): Promise<void> {
    await Promise.all([...this.#connectors.values()].map((c) => c.release?.(accountId)));
  }

  /** Closes every connector (shutdown). */
  async close(): Promise<void> {
    await Promise.allSettled([...this.#connectors.values()].map((c) => c.close()));
  }
}
