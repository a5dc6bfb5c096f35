import { createRegistry } from '@verzend/shared';
import { describe, expect, it } from 'vitest';
import { DispatchMetrics } from './metrics';

describe('dispatch metrics', () => {
  it('gives the first accounts their own series and counts the rest as other', async () => {
    const registry = createRegistry('dispatcher', false);
    const metrics = new DispatchMetrics(registry, 2);
    for (let i = 0; i < 50; i++) {
      metrics.sends.inc({
        ...metrics.account(`c${i % 5}`, `a${i}`),
        connector: 'smtp',
        outcome: 'sent',
      });
    }
    expect(metrics.account('c0', 'a0')).toEqual({ company: 'c0', account: 'a0' });
    const text = await registry.getSingleMetricAsString('verzend_dispatch_sends_total');
    const series = text.split('\n').filter((l) => l.startsWith('verzend_dispatch_sends_total{'));
    expect(series).toHaveLength(3);
    expect(text).toContain('company="other",account="other"');
    expect(text).toMatch(
      /company="other",account="other",connector="smtp",outcome="sent",service="dispatcher"\} 48/,
    );
  });
});
