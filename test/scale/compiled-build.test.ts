/**
 * The compiled build as production runs it (`node services/<name>/dist/main.js`, what the
 * images start): a posted invoice goes through every service and arrives with the PDF the
 * renderer's LibreOffice pool printed. Files a compiled module opens beside itself (the
 * printing bridge) must be in `dist`, or printing fails only once deployed.
 */
import { describe, expect, it } from 'vitest';
import { SmtpSink } from '../harness';
import { buildOnce, NatsNodes, startDeployment } from './deployment';
import { drained, postEvents, setUpCompany } from './run';

describe('the compiled build', () => {
  it('sends a posted invoice with the PDF the compiled renderer printed', async () => {
    buildOnce();
    await using sink = await SmtpSink.start();
    const nats = await NatsNodes.start(1);
    const d = await startDeployment({
      nats,
      replicas: { config: 1, renderer: 1, dispatcher: 1 },
      serviceEnv: { renderer: { PRINT_WORKERS: '1' } },
    });
    try {
      await setUpCompany(d, sink, { attachDocument: true });
      const erp = await nats.erpClient(d.company);
      await postEvents(erp, d.company, 1, { prefix: 'PDF' });
      await erp.close();
      await drained(sink, 1, 90_000);
      const mail = sink.messages[0]?.parsed;
      expect(mail?.attachments.map((a) => a.contentType)).toEqual(['application/pdf']);
      expect(mail?.attachments[0]?.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const renderer = d.of('renderer')[0];
      expect(renderer?.warnings.filter((w) => w.includes('LibreOffice'))).toEqual([]);
    } finally {
      await d.dispose();
      await nats.dispose();
    }
  }, 180_000);
});
