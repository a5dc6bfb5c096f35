// Entry of a render worker thread. Services run TypeScript sources through tsx;
// a worker thread starts without the parent's loader hooks, so it registers tsx
// itself before loading the worker module.
import { register } from 'tsx/esm/api';

register();
await import('./render-worker.ts');
