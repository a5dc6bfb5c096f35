/** Capture connector: keeps the MIME instead of sending. @module */
import type { ConnectorPlugin } from '../contract';
import { CaptureConnector } from './capture-connector';
import { type CaptureSettings, captureDefinition } from './definition';

export { CaptureConnector } from './capture-connector';
export { CaptureSettings, captureDefinition } from './definition';

/** The Capture plug-in. */
export const capture: ConnectorPlugin<CaptureSettings> = {
  definition: captureDefinition,
  create: (deps) => new CaptureConnector(deps),
};
