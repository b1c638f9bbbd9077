import { describe, expect, it } from 'vitest';
import { RequestKey } from '../renderer/lib/request-key.ts';

describe('RequestKey', () => {
  it('keeps its key for the same request and makes a new one for a changed request', () => {
    let n = 0;
    const key = new RequestKey(() => `k${++n}`);
    expect(key.for({ a: 1 })).toBe('k1');
    expect(key.for({ a: 1 })).toBe('k1');
    expect(key.for({ a: 2 })).toBe('k2');
    expect(key.for({ a: 2 })).toBe('k2');
    expect(key.for({ a: 1 })).toBe('k3');
  });
});
