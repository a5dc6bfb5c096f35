/**
 * `/v1/sending-profiles`: document sending profiles (email part).
 * @module
 */
import { createRoute } from '@hono/zod-openapi';
import { problemResponses, SendingProfile } from '@verzend/shared';
import { z } from 'zod';
import { items, json, jsonBody, type RouteDeps } from './common';
import { exampleSendingProfile, listOf } from './examples';

const CodeParams = z.object({ code: SendingProfile.shape.code.meta({ example: 'EMAIL' }) });
const ProfileList = items(SendingProfile).meta({ id: 'SendingProfileList' });
const ProfilePut = SendingProfile.omit({ code: true })
  .strict()
  .meta({
    id: 'SendingProfilePut',
    example: {
      description: 'Email, default settings',
      email: 'yes-use-default',
      attachmentFormat: 'pdf',
      isDefault: true,
    },
  });

/** Registers the sending-profile routes. */
export function registerSendingProfiles({ app, domain }: RouteDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/sending-profiles',
      operationId: 'listSendingProfiles',
      tags: ['Sending profiles'],
      summary: 'List document sending profiles',
      responses: {
        200: json(ProfileList, 'OK', listOf(exampleSendingProfile)),
        ...problemResponses(403),
      },
    }),
    async (c) => c.json({ items: await domain.sendingProfiles.list(c.get('auth').company) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/sending-profiles/{code}',
      operationId: 'getSendingProfile',
      tags: ['Sending profiles'],
      summary: 'Read a sending profile',
      request: { params: CodeParams },
      responses: { 200: json(SendingProfile), ...problemResponses(400, 403, 404) },
    }),
    async (c) =>
      c.json(
        await domain.sendingProfiles.get(c.get('auth').company, c.req.valid('param').code),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/sending-profiles/{code}',
      operationId: 'putSendingProfile',
      tags: ['Sending profiles'],
      summary: 'Create or replace a sending profile (isDefault makes it the only default)',
      request: { params: CodeParams, body: jsonBody(ProfilePut) },
      responses: { 200: json(SendingProfile), ...problemResponses(400, 403) },
    }),
    async (c) =>
      c.json(
        await domain.sendingProfiles.set(c.get('auth'), {
          ...c.req.valid('json'),
          code: c.req.valid('param').code,
        }),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/sending-profiles/{code}',
      operationId: 'deleteSendingProfile',
      tags: ['Sending profiles'],
      summary: 'Delete a sending profile',
      request: { params: CodeParams },
      responses: { 204: { description: 'Deleted' }, ...problemResponses(400, 403, 404) },
    }),
    async (c) => {
      await domain.sendingProfiles.delete(c.get('auth'), c.req.valid('param').code);
      return c.body(null, 204);
    },
  );
}
