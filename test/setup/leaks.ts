/**
 * Fails an integration test that leaves a nats-server, SMTP sink, service or
 * NATS connection started by the harness running, and stops what it left, so the
 * tests after it start clean.
 */
import { afterEach, expect } from 'vitest';
import { closeLeaked } from '../harness/resources';

afterEach(async () => {
  expect(await closeLeaked(), 'the test left resources open').toEqual([]);
});
