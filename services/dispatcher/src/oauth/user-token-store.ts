/**
 * The dispatcher's store of delegated token sets. Refresh tokens are secrets: the config
 * service keeps them encrypted per (company, account, user); the dispatcher
 * seals them before they leave and opens them when they come back (ADR-0018),
 * and only its NATS user may ask (NATS subject permissions).
 * @module
 */
import type { NatsConnection } from '@nats-io/nats-core';
import type { StoredUserToken, UserTokenKey, UserTokenStore } from '@verzend/connectors';
import {
  Rpc,
  requestJson,
  StoreUserTokenRequest,
  UserTokenRequest,
  UserTokenResponse,
} from '@verzend/shared';
import { z } from 'zod';
import type { SecretOpener } from '../accounts/secret-opener';

/** The real store: the config service's encrypted secrets, over NATS request/reply. */
export class NatsUserTokenStore implements UserTokenStore {
  readonly #nc: NatsConnection;
  readonly #secrets: SecretOpener;

  constructor(nc: NatsConnection, secrets: SecretOpener) {
    this.#nc = nc;
    this.#secrets = secrets;
  }

  async get(key: UserTokenKey): Promise<StoredUserToken | null> {
    const reply = await requestJson(
      this.#nc,
      Rpc.configGetUserToken,
      UserTokenRequest.parse(key),
      UserTokenResponse,
    );
    return reply.token
      ? this.#secrets.openUserToken(key.company, key.accountId, key.userId, reply.token)
      : null;
  }

  async put(key: UserTokenKey, token: StoredUserToken): Promise<void> {
    await requestJson(
      this.#nc,
      Rpc.configStoreUserToken,
      StoreUserTokenRequest.parse({
        ...key,
        token: this.#secrets.sealUserToken(key.company, key.accountId, key.userId, token),
      }),
      z.unknown(),
    );
  }
}
