/** @verzend/config — public surface for the harness and the one-machine runner. @module */
export { type App, type AppDeps, createApp } from './app';
export { type Env, readEnv, zEnv } from './env';
export { checkDocx } from './layouts/docx-check';
export { minimalDocx } from './layouts/minimal-docx';
export { type ErpUser, makeErpUser } from './nats/erp-user';
export { openApiDocument } from './openapi-document';
export { type RotationReport, rotateSecrets } from './secrets/rotate';
export { type StartOptions, startConfigService } from './service';
