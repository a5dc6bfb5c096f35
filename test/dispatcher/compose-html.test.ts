import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EmailRecord } from '@verzend/shared';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { startStack } from '../harness';
import { compose, createCaptureAccount, waitForStatus } from './helpers';

/** Finds the captured message whose Message-ID is given (the capture file name is not part of the contract). */
async function captured(dir: string, messageId: string) {
  for (const name of await readdir(dir, { recursive: true })) {
    if (!name.endsWith('.eml')) {
      continue;
    }
    const raw = await readFile(join(dir, name), 'utf8');
    if (raw.includes(messageId)) {
      return simpleParser(raw);
    }
  }
  throw new Error(`no captured message ${messageId}`);
}

describe('composed HTML bodies', () => {
  it('are sanitised with the mail-safe policy and get a derived text part', async () => {
    await using stack = await startStack({ services: ['config', 'dispatcher'] });
    await createCaptureAccount(stack);
    const res = await compose(stack, {
      to: ['ap@fabrikam.example'],
      subject: 'Hostile',
      html:
        '<p onclick="steal()">Dear customer,<script>alert(1)</script></p>' +
        '<a href="javascript:evil()">pay</a> <a href="https://pay.example/1">invoice</a>' +
        '<img src="https://tracker.example/p.gif"><img src="x" onerror="boom()">',
    });
    expect(res.status).toBe(202);
    const sent = await waitForStatus(stack, ((await res.json()) as EmailRecord).id, ['sent']);
    const mail = await captured(stack.env.CAPTURE_DIR ?? '', sent.messageId);
    const html = String(mail.html);
    expect(html).toContain('Dear customer,');
    expect(html).toContain('https://pay.example/1');
    for (const banned of ['<script', 'alert(1)', 'onclick', 'onerror', 'javascript:', 'tracker']) {
      expect(html).not.toContain(banned);
    }
    expect(mail.text).toContain('Dear customer,');
    expect(mail.text).toContain('https://pay.example/1');
  });
});
