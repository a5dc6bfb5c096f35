/**
 * `/v1/payment-services`: PayPal Payments Standard.
 * @module
 */
import { createRoute } from '@hono/zod-openapi';
import { PaymentSettings, PayPalSettings, problemResponses } from '@verzend/shared';
import { json, jsonBody, type RouteDeps } from './common';
import { examplePayPal } from './examples';

const Settings = PaymentSettings.meta({
  id: 'PaymentSettings',
  example: {
    paypal: {
      enabled: true,
      merchantEmail: 'payments@cronus.example',
      environment: 'sandbox',
      linkText: 'Pay with PayPal',
    },
  },
});
const PayPalPut = PayPalSettings.strict().meta({
  id: 'PayPalSettingsPut',
  example: {
    enabled: true,
    merchantEmail: 'payments@cronus.example',
    environment: 'live',
    linkText: 'Pay with PayPal',
  },
});

/** Registers the payment-service routes. */
export function registerPaymentServices({ app, domain }: RouteDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/payment-services',
      operationId: 'getPaymentServices',
      tags: ['Payment services'],
      summary: "The company's payment services (paypal null when not set up)",
      responses: { 200: json(Settings), ...problemResponses(403) },
    }),
    async (c) => c.json(await domain.payments.get(c.get('auth').company), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/payment-services/paypal',
      operationId: 'putPayPal',
      tags: ['Payment services'],
      summary: 'Set up PayPal Payments Standard',
      request: { body: jsonBody(PayPalPut) },
      responses: { 200: json(PayPalSettings, 'OK', examplePayPal), ...problemResponses(400, 403) },
    }),
    async (c) => c.json(await domain.payments.setPayPal(c.get('auth'), c.req.valid('json')), 200),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/payment-services/paypal',
      operationId: 'deletePayPal',
      tags: ['Payment services'],
      summary: 'Remove PayPal',
      responses: { 204: { description: 'Deleted' }, ...problemResponses(403, 404) },
    }),
    async (c) => {
      await domain.payments.deletePayPal(c.get('auth'));
      return c.body(null, 204);
    },
  );
}
