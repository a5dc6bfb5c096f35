/**
 * `/v1/scenarios`: the scenario list, custom scenarios, and scenario → account assignment.
 * @module
 */
import { createRoute } from '@hono/zod-openapi';
import { Account } from '@verzend/connectors';
import {
  HeaderText,
  Id,
  NotFoundError,
  problemResponses,
  Scenario,
  ScenarioCode,
} from '@verzend/shared';
import { z } from 'zod';
import { items, json, jsonBody, type RouteDeps } from './common';
import { exampleAccount, exampleScenario, listOf } from './examples';

const CodeParams = z.object({ code: ScenarioCode });
const ScenarioList = items(Scenario).meta({ id: 'ScenarioList' });
const CustomScenarioCreate = z
  .object({
    code: ScenarioCode,
    name: HeaderText(250).pipe(z.string().min(1)),
  })
  .strict()
  .meta({
    id: 'CustomScenarioCreate',
    example: { code: 'custom-dunning', name: 'Dunning letters' },
  });
const Assign = z
  .object({ accountId: Id })
  .strict()
  .meta({
    id: 'ScenarioAssignment',
    example: { accountId: '0b6f3c1e-2a5d-4c8e-9f10-3d2e1c0b9a87' },
  });

/** Registers the scenario routes. */
export function registerScenarios({ app, domain }: RouteDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/scenarios',
      operationId: 'listScenarios',
      tags: ['Scenarios'],
      summary: 'List standard and custom scenarios with their assigned account',
      description: '`accountId: null` means the scenario uses the default account.',
      responses: {
        200: json(ScenarioList, 'OK', listOf(exampleScenario)),
        ...problemResponses(403),
      },
    }),
    async (c) => c.json({ items: await domain.scenarios.list(c.get('auth').company) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/scenarios',
      operationId: 'createScenario',
      tags: ['Scenarios'],
      summary: 'Create a custom scenario (code starts with "custom-")',
      request: { body: jsonBody(CustomScenarioCreate) },
      responses: {
        201: json(Scenario, 'Created', {
          ...exampleScenario,
          code: 'custom-dunning',
          name: 'Dunning letters',
          standard: false,
        }),
        ...problemResponses(400, 403, 409),
      },
    }),
    async (c) =>
      c.json(await domain.scenarios.createCustom(c.get('auth'), c.req.valid('json')), 201),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/scenarios/{code}',
      operationId: 'getScenario',
      tags: ['Scenarios'],
      summary: 'Read a scenario',
      request: { params: CodeParams },
      responses: { 200: json(Scenario, 'OK', exampleScenario), ...problemResponses(400, 403, 404) },
    }),
    async (c) =>
      c.json(await domain.scenarios.get(c.get('auth').company, c.req.valid('param').code), 200),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/scenarios/{code}',
      operationId: 'deleteScenario',
      tags: ['Scenarios'],
      summary: 'Delete a custom scenario (with its assignment and default attachments)',
      request: { params: CodeParams },
      responses: { 204: { description: 'Deleted' }, ...problemResponses(400, 403, 404, 409) },
    }),
    async (c) => {
      await domain.scenarios.deleteCustom(c.get('auth'), c.req.valid('param').code);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/scenarios/{code}/account',
      operationId: 'getScenarioAccount',
      tags: ['Scenarios'],
      summary: 'The account the scenario resolves to (assigned, else the default)',
      request: { params: CodeParams },
      responses: { 200: json(Account, 'OK', exampleAccount), ...problemResponses(400, 403, 404) },
    }),
    async (c) => {
      const company = c.get('auth').company;
      const { code } = c.req.valid('param');
      await domain.scenarios.assertKnown(company, code);
      const id = await domain.accounts.resolveId(company, code);
      if (id === null) {
        throw new NotFoundError('The company has no email account; set one up first.');
      }
      return c.json(await domain.accounts.get(company, id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/scenarios/{code}/account',
      operationId: 'assignScenario',
      tags: ['Scenarios'],
      summary: 'Assign (or reassign) the scenario to an account',
      description: 'Assigning the `default` scenario makes the account the default account.',
      request: { params: CodeParams, body: jsonBody(Assign) },
      responses: {
        200: json(Scenario, 'OK', exampleScenario),
        ...problemResponses(400, 403, 404, 409),
      },
    }),
    async (c) =>
      c.json(
        await domain.scenarios.assign(
          c.get('auth'),
          c.req.valid('param').code,
          c.req.valid('json').accountId,
        ),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/scenarios/{code}/account',
      operationId: 'unassignScenario',
      tags: ['Scenarios'],
      summary: 'Unassign the scenario (it falls back to the default account)',
      request: { params: CodeParams },
      responses: {
        200: json(Scenario, 'OK', exampleScenario),
        ...problemResponses(400, 403, 404, 409),
      },
    }),
    async (c) =>
      c.json(await domain.scenarios.unassign(c.get('auth'), c.req.valid('param').code), 200),
  );
}
