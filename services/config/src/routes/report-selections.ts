/**
 * `/v1/report-selections`: per usage, which reports and layouts make the email
 * body and attachment, with per-customer overrides.
 * @module
 */
import { createRoute } from '@hono/zod-openapi';
import {
  problemResponses,
  ReportSelection,
  ReportSelectionEntry,
  ReportSelectionResponse,
  ReportUsage,
} from '@verzend/shared';
import { z } from 'zod';
import { items, json, jsonBody, type RouteDeps } from './common';
import { exampleReportSelection, listOf } from './examples';

const UsageParams = z.object({ usage: ReportUsage });
const CustomerQuery = z.object({
  customerNo: z.string().min(1).max(20).optional().meta({
    description: 'A customer override; omit for the company-wide selection.',
    example: '10000',
  }),
});
const SelectionList = items(ReportSelection).meta({ id: 'ReportSelectionList' });
const SelectionPut = z
  .object({
    customerNo: z.string().min(1).max(20).nullable().default(null),
    entries: z.array(ReportSelectionEntry).min(1).max(20),
  })
  .strict()
  .meta({
    id: 'ReportSelectionPut',
    example: {
      customerNo: null,
      entries: [
        {
          sequence: 1,
          reportId: 1306,
          useForEmailBody: true,
          bodyLayoutId: 'builtin-sales-invoice-email',
          useForEmailAttachment: true,
        },
      ],
    },
  });
const Effective = ReportSelectionResponse.meta({ id: 'EffectiveReportSelection' });

/** Registers the report-selection routes. */
export function registerReportSelections({ app, domain }: RouteDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/report-selections',
      operationId: 'listReportSelections',
      tags: ['Report selections'],
      summary: 'List report selections (company-wide and customer overrides)',
      request: { query: z.object({ usage: ReportUsage.optional() }) },
      responses: {
        200: json(SelectionList, 'OK', listOf(exampleReportSelection)),
        ...problemResponses(400, 403),
      },
    }),
    async (c) =>
      c.json(
        {
          items: await domain.reportSelections.list(
            c.get('auth').company,
            c.req.valid('query').usage,
          ),
        },
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/report-selections/{usage}',
      operationId: 'getReportSelection',
      tags: ['Report selections'],
      summary: 'Read the selection of a usage (or of a customer override)',
      request: { params: UsageParams, query: CustomerQuery },
      responses: {
        200: json(ReportSelection, 'OK', exampleReportSelection),
        ...problemResponses(400, 403, 404),
      },
    }),
    async (c) =>
      c.json(
        await domain.reportSelections.get(
          c.get('auth').company,
          c.req.valid('param').usage,
          c.req.valid('query').customerNo ?? null,
        ),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/report-selections/{usage}/effective',
      operationId: 'getEffectiveReportSelection',
      tags: ['Report selections'],
      summary: "The selection that applies (the customer's override, else company-wide)",
      request: { params: UsageParams, query: CustomerQuery },
      responses: {
        200: json(Effective, 'OK', { selection: exampleReportSelection }),
        ...problemResponses(400, 403),
      },
    }),
    async (c) =>
      c.json(
        {
          selection: await domain.reportSelections.effective(
            c.get('auth').company,
            c.req.valid('param').usage,
            c.req.valid('query').customerNo,
          ),
        },
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/report-selections/{usage}',
      operationId: 'putReportSelection',
      tags: ['Report selections'],
      summary: 'Set the selection of a usage (customerNo for a customer override)',
      request: { params: UsageParams, body: jsonBody(SelectionPut) },
      responses: {
        200: json(ReportSelection, 'OK', exampleReportSelection),
        ...problemResponses(400, 403),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      return c.json(
        await domain.reportSelections.set(
          c.get('auth'),
          c.req.valid('param').usage,
          body.customerNo,
          body.entries,
        ),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/report-selections/{usage}',
      operationId: 'deleteReportSelection',
      tags: ['Report selections'],
      summary: 'Remove the selection of a usage (or a customer override)',
      request: { params: UsageParams, query: CustomerQuery },
      responses: { 204: { description: 'Deleted' }, ...problemResponses(400, 403, 404) },
    }),
    async (c) => {
      await domain.reportSelections.delete(
        c.get('auth'),
        c.req.valid('param').usage,
        c.req.valid('query').customerNo ?? null,
      );
      return c.body(null, 204);
    },
  );
}
