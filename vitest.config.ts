import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (tests beside the code, no servers) and `integration`
 * (cross-service tests in `test/` against a real nats-server and SMTP sink).
 */
export default defineConfig({
  test: {
    silent: 'passed-only',
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'packages/*/src/**/*.test.ts',
            'services/*/src/**/*.test.ts',
            'apps/*/src/**/*.test.{ts,tsx}',
          ],
          setupFiles: ['./test/setup/fail-on-console.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          setupFiles: ['./test/setup/fail-on-console.ts', './test/setup/leaks.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          // One module graph for all integration files: importing the three services costs
          // seconds per file; every test already isolates itself by company id and private servers.
          isolate: false,
        },
      },
    ],
  },
});
