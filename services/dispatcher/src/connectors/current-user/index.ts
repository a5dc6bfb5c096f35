/** Current User connector. @module */
export { createCurrentUserConnector } from './connector';
