/**
 * Tests must be quiet: anything a service wants to say goes through the injected
 * pino logger (silent in tests). A stray `console.*` call fails the test.
 */
for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
  console[method] = (...args: unknown[]) => {
    throw new Error(`console.${method} called during a test: ${args.map(String).join(' ')}`);
  };
}
