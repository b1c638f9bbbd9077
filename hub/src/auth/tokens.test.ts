import { describe, expect, it } from 'vitest';
import { newStatusToken, newToken, sortableTime, uuidv7 } from './tokens.ts';

describe('time-ordered ids', () => {
  it('sortableTime keeps time order as text order, at a fixed width', () => {
    const times = [0, 1, 63, 64, 4095, 1_700_000_000_000, 1_700_000_000_001, 1_800_000_000_000, 2 ** 48 - 1];
    const texts = times.map(sortableTime);
    for (const t of texts) expect(t).toHaveLength(8);
    expect([...texts].sort()).toEqual(texts);
  });

  it('status tokens carry 128 random bits after the time and never repeat', () => {
    const now = 1_790_000_000_000;
    const tokens = Array.from({ length: 5000 }, () => newStatusToken(now));
    expect(new Set(tokens).size).toBe(tokens.length);
    for (const t of tokens.slice(0, 50)) {
      expect(t).toMatch(/^[A-Za-z0-9_-]{30}$/);
      expect(t.slice(0, 8)).toBe(sortableTime(now));
      expect(Buffer.from(t.slice(8), 'base64url')).toHaveLength(16);
    }
  });

  it('uuidv7 is a well-formed version 7 UUID whose text order follows its time', () => {
    const a = uuidv7(1_790_000_000_000);
    const b = uuidv7(1_790_000_000_001);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a < b).toBe(true);
    expect(Number.parseInt(a.replace(/-/g, '').slice(0, 12), 16)).toBe(1_790_000_000_000);
    const many = Array.from({ length: 5000 }, () => uuidv7(1_790_000_000_000));
    expect(new Set(many).size).toBe(many.length);
  });
});

describe('bearer tokens', () => {
  it('are 32 random bytes in base64url, never starting with a dash (a command line would read it as an option)', () => {
    // With a plain base64url draw, 2,000 tokens include one starting with '-' except once in ~10^13 runs.
    const tokens = Array.from({ length: 2000 }, newToken);
    expect(new Set(tokens).size).toBe(tokens.length);
    for (const t of tokens) {
      expect(t).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{42}$/);
      expect(Buffer.from(t, 'base64url')).toHaveLength(32);
    }
  });
});
