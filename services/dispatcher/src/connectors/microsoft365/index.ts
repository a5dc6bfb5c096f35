/** Microsoft 365 (shared mailbox) connector. @module */
export { createMicrosoft365Connector } from './connector';
