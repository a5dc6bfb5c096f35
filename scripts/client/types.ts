/**
 * Turns the three services' OpenAPI documents into TypeScript types. The
 * documents come from apps built in-process (no NATS, no server), so the types
 * are always the contract of the code in this repository.
 * @module
 */
import { openApiDocument as configDocument } from '@verzend/config';
import { openApiDocument as dispatcherDocument } from '@verzend/dispatcher';
import { openApiDocument as rendererDocument } from '@verzend/renderer';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';

/** The services a client is generated for. */
export const SERVICES = ['config', 'dispatcher', 'renderer'] as const;
export type ServiceName = (typeof SERVICES)[number];

const documents: Record<ServiceName, () => Promise<Record<string, unknown>>> = {
  config: configDocument,
  dispatcher: dispatcherDocument,
  renderer: rendererDocument,
};

const header = (service: ServiceName) =>
  `/**\n * Types of the Verzend ${service} API, generated from its OpenAPI document.\n * Do not edit: run \`pnpm client:generate\`.\n * @module\n */\n\n`;

/** The generated source of `packages/client/src/generated/<service>.ts` for each service. */
export async function generateTypes(): Promise<Record<ServiceName, string>> {
  const out = {} as Record<ServiceName, string>;
  for (const service of SERVICES) {
    const doc = (await documents[service]()) as unknown as OpenAPI3;
    const ast = await openapiTS(doc, { alphabetize: false, exportType: false });
    out[service] = header(service) + astToString(ast);
  }
  return out;
}
