/**
 * The renderer's NATS API (services framework `verzend-renderer`, one queue
 * group so replicas share the load): `render` and `validate`. Errors travel as
 * the shared problem vocabulary (422 LAYOUT_INVALID with every issue, …).
 * @module
 */
import type { NatsConnection } from '@nats-io/nats-core';
import {
  jsonHandler,
  type Logger,
  RenderRequest,
  Rpc,
  type RpcService,
  Services,
  startRpcService,
  ValidateLayoutRequest,
} from '@verzend/shared';
import type { RenderService } from '../requests/render-service';

/** Starts the NATS service; stop it (it waits for requests in hand) before draining the connection. */
export async function startRendererApi(
  nc: NatsConnection,
  renderer: RenderService,
  logger: Logger,
): Promise<RpcService> {
  const service = await startRpcService(
    nc,
    {
      ...Services.renderer,
      description: 'Renders Word layouts with report data into mail-safe email bodies.',
    },
    logger,
  );
  const rpc = service.context;
  service.add(
    'render',
    Rpc.renderRender,
    jsonHandler(RenderRequest, rpc, (r) => renderer.render(r)),
  );
  service.add(
    'validate',
    Rpc.renderValidate,
    jsonHandler(ValidateLayoutRequest, rpc, (r) => renderer.validate(r.company, r.layout)),
  );
  await service.ready();
  return service;
}
