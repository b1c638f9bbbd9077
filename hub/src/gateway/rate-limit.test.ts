import { describe, expect, it } from 'vitest';
import { AttemptLimiter, TokenBucket } from './rate-limit.ts';

describe('AttemptLimiter', () => {
  it('refuses a key after max failures within the window, and lets it through once they are old', () => {
    const limiter = new AttemptLimiter(2, 1000);
    for (const t of [0, 10]) {
      expect(limiter.begin('a', t)).toBe(true);
      limiter.end('a', t, true);
    }
    expect(limiter.begin('a', 20)).toBe(false);
    expect(limiter.begin('b', 20)).toBe(true);
    limiter.end('b', 20, false);
    expect(limiter.begin('a', 1011)).toBe(true);
  });

  it('failures stamped ahead of a clock that was then set back do not lock for the size of the step', () => {
    const limiter = new AttemptLimiter(1, 1000);
    limiter.begin('a', 3_600_000);
    limiter.end('a', 3_600_000, true);
    expect(limiter.begin('a', 0)).toBe(true);
  });

  it('forgets keys whose failures are all past the window (guesses sprayed over many names do not grow it for good)', () => {
    const limiter = new AttemptLimiter(10, 1000);
    for (let i = 0; i < 5000; i++) {
      limiter.begin(`name-${i}`, 0);
      limiter.end(`name-${i}`, 0, true);
    }
    expect(limiter.keys).toBeGreaterThan(1000);
    limiter.begin('later', 5000);
    limiter.end('later', 5000, true);
    expect(limiter.keys).toBeLessThanOrEqual(1);
  });
});

describe('TokenBucket', () => {
  it('lets a burst through, then refills at its rate', () => {
    const bucket = new TokenBucket(2, 60, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([true, true, false]);
    expect(bucket.take(1000)).toBe(true);
  });

  it('a clock set back (NTP, a clock put right) refills nothing and takes nothing away', () => {
    const bucket = new TokenBucket(2, 60, 3_600_000);
    expect(bucket.take(0)).toBe(true); // an hour back
    expect(bucket.take(0)).toBe(true);
    expect(bucket.take(0)).toBe(false);
    expect(bucket.take(1000)).toBe(true); // refills from the new time, not an hour later
  });
});
