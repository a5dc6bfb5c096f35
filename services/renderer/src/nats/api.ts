/**
 * The renderer's NATS API (services framework `verzend-renderer`, one queue
 * group so replicas share the load): `render` and `validate`. Errors travel as
 * the shared problem vocabulary (422 LAYOUT_INVALID with every issue, …).
 * @module
 */
import type { NatsConnection } from '@nats-io/nats-core';
import { type Service, Svcm } from '@nats-io/services';
import {
  jsonHandler,
  type Logger,
  RenderRequest,
  Rpc,
  Services,
  tracingOf,
  ValidateLayoutRequest,
} from '@verzend/shared';
import type { RenderService } from '../requests/render-service';

/** Starts the NATS service; stop it with `service.stop()` before draining the connection. */
export async function startRendererApi(
  nc: NatsConnection,
  renderer: RenderService,
  logger: Logger,
): Promise<Service> {
  const rpc = { logger, tracing: tracingOf(nc) };
  const service = await new Svcm(nc).add({
    name: Services.renderer.name,
    version: Services.renderer.version,
    queue: Services.renderer.queue,
    description: 'Renders Word layouts with report data into mail-safe email bodies.',
  });
  service.addEndpoint('render', {
    subject: Rpc.renderRender,
    handler: jsonHandler(RenderRequest, rpc, (r) => renderer.render(r)),
  });
  service.addEndpoint('validate', {
    subject: Rpc.renderValidate,
    handler: jsonHandler(ValidateLayoutRequest, rpc, (r) => renderer.validate(r.company, r.layout)),
  });
  // Once the server has seen the subscriptions, callers on other connections find responders.
  await nc.flush();
  return service;
}
