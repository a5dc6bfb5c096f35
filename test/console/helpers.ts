/**
 * Shared steps of the console browser test: checks, waits, fixtures.
 * @module
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { expectAccessible, snapshot } from './stack';

export const ADMIN = 'anna@cronus.example';
export const USER = 'bob@cronus.example';
export const LAYOUTS = join(import.meta.dirname, '..', 'fixtures', 'layouts');

/** Reloads until the text shows (the sender works in the background). */
export async function reloadUntil(
  page: Page,
  text: string | RegExp,
  timeoutMs = 20_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if ((await page.getByText(text).count()) > 0) {
      return;
    }
    if (Date.now() > until) {
      throw new Error(`"${text}" did not show on ${page.url()}`);
    }
    await new Promise((r) => setTimeout(r, 300));
    await page.reload();
  }
}

/** A 1×1 PNG named logo.png. */
export async function pngFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'verzend-png-'));
  const path = join(dir, 'logo.png');
  await writeFile(
    path,
    Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    ),
  );
  return path;
}

/** Checks (axe-core at 1280 px and at phone width) and screenshots the page the browser is on. */
export async function check(page: Page, name: string): Promise<void> {
  await expectAccessible(page, name);
  await snapshot(page, name, true);
}

export async function json<T>(res: Response): Promise<T> {
  expect(res.ok, `${res.url} answered ${res.status}`).toBe(true);
  return (await res.json()) as T;
}
