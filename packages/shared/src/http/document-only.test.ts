import { describe, expect, it } from 'vitest';
import { documentOnly } from './document-only';

describe('documentOnly', () => {
  it('can be destructured but fails loudly when used', () => {
    const deps = documentOnly<{ store: { get: (id: string) => string }; make: new () => object }>(
      'deps',
    );
    const { store } = deps;
    expect(() => store.get('x')).toThrow('deps.store.get is not available in a document-only app');
    expect(() => new deps.make()).toThrow('deps.make is not available');
    // Not a thenable: awaiting it does not hang or call anything.
    expect((deps as unknown as { then?: unknown }).then).toBeUndefined();
  });
});
