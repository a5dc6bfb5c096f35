/**
 * Fails an integration test that leaves a nats-server, SMTP sink, service or
 * NATS connection started by the harness running.
 */
import { afterEach, expect } from 'vitest';
import { openResources } from '../harness/resources';

afterEach(() => {
  expect(openResources(), 'the test left resources open').toEqual([]);
});
