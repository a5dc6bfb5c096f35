/**
 * `/v1/company`: the company record and copy company.
 * @module
 */
import { createRoute } from '@hono/zod-openapi';
import { Company, CompanyId, HeaderText, problemResponses } from '@verzend/shared';
import { z } from 'zod';
import { json, jsonBody, type RouteDeps } from './common';

const CompanyOut = Company.meta({
  id: 'Company',
  example: {
    id: 'cronus',
    name: 'CRONUS International Ltd.',
    isTest: false,
    createdAt: '2026-11-27T09:00:00.000Z',
  },
});
const CompanyPut = z
  .object({ name: HeaderText(250).pipe(z.string().min(1)), isTest: z.boolean().optional() })
  .strict()
  .meta({ id: 'CompanyPut', example: { name: 'CRONUS International Ltd.', isTest: false } });
const CopyRequest = z
  .object({
    targetCompany: CompanyId,
    name: HeaderText(250).pipe(z.string().min(1)),
    isTest: z.boolean().optional(),
  })
  .strict()
  .meta({
    id: 'CopyCompanyRequest',
    example: { targetCompany: 'cronus-test', name: 'CRONUS (test)', isTest: true },
  });
const CopyResult = z
  .object({
    company: Company,
    copied: z.record(z.string(), z.number().int()),
    accountsNeedingCredentials: z.array(z.string()),
  })
  .meta({
    id: 'CopyCompanyResult',
    example: {
      company: {
        id: 'cronus-test',
        name: 'CRONUS (test)',
        isTest: true,
        createdAt: '2026-11-27T09:00:00.000Z',
      },
      copied: { account: 2, scenario: 3, layout: 1 },
      accountsNeedingCredentials: ['0b6f3c1e-2a5d-4c8e-9f10-3d2e1c0b9a87'],
    },
  });

/** Registers the company routes. */
export function registerCompany({ app, domain }: RouteDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/company',
      operationId: 'getCompany',
      tags: ['Company'],
      summary: "Your company's record",
      responses: { 200: json(CompanyOut), ...problemResponses(403, 404) },
    }),
    async (c) => c.json(await domain.companies.get(c.get('auth').company), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/company',
      operationId: 'putCompany',
      tags: ['Company'],
      summary: "Create or change your company's record",
      request: { body: jsonBody(CompanyPut) },
      responses: { 200: json(CompanyOut), ...problemResponses(400, 403, 409) },
    }),
    async (c) => c.json(await domain.companies.set(c.get('auth'), c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/company/copy',
      operationId: 'copyCompany',
      tags: ['Company'],
      summary: 'Copy your company into a new company (never its secrets)',
      description:
        'Copies accounts, scenarios, default attachments, view policies, layouts, report selections, sending profiles and payment settings. Secrets stay behind: copied accounts report needsCredentials and cannot send until an administrator updates them. The target company must not exist yet (409).',
      request: { body: jsonBody(CopyRequest) },
      responses: { 201: json(CopyResult, 'Copied'), ...problemResponses(400, 403, 409) },
    }),
    async (c) => {
      const body = c.req.valid('json');
      return c.json(
        await domain.companies.copy(c.get('auth'), body.targetCompany, body.name, body.isTest),
        201,
      );
    },
  );
}
