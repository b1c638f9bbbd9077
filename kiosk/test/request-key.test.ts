import { describe, expect, it } from 'vitest';
import { RequestKey } from '../renderer/lib/request-key.ts';

describe('RequestKey', () => {
  it('keeps one key per request: the same request again, even after another one, has its first key', () => {
    let n = 0;
    const key = new RequestKey(() => `k${++n}`);
    expect(key.for({ a: 1 })).toBe('k1');
    expect(key.for({ a: 1 })).toBe('k1');
    expect(key.for({ a: 2 })).toBe('k2');
    expect(key.for({ a: 2 })).toBe('k2');
    expect(key.for({ a: 1 })).toBe('k1'); // back to the first request: its ticket, not a second one
  });

  it('adopts a key a request was sent with before a restart: asked again, it goes with that key', () => {
    let n = 0;
    const key = new RequestKey(() => `k${++n}`);
    key.adopt({ a: 1 }, 'sent-before');
    expect(key.for({ a: 1 })).toBe('sent-before');
    expect(key.for({ a: 2 })).toBe('k1');
  });
});
