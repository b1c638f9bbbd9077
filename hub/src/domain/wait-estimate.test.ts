import { describe, expect, it } from 'vitest';
import { estimateWaitMinutes, meanServiceMs, MIN_SAMPLES, pushSample, SAMPLE_SIZE } from './wait-estimate.ts';
import { MINUTE } from './test-fixtures.ts';

describe('meanServiceMs', () => {
  it('[W1] uses the configured default until there are 3 samples', () => {
    expect(MIN_SAMPLES).toBe(3);
    expect(meanServiceMs([], 6)).toBe(6 * MINUTE);
    expect(meanServiceMs([MINUTE], 6)).toBe(6 * MINUTE);
    expect(meanServiceMs([MINUTE, 2 * MINUTE], 6)).toBe(6 * MINUTE);
    expect(meanServiceMs([MINUTE, 2 * MINUTE, 6 * MINUTE], 6)).toBe(3 * MINUTE);
  });

  it('[W1] accepts a fractional default', () => {
    expect(meanServiceMs([], 2.5)).toBe(150_000);
  });
});

describe('pushSample', () => {
  it('[W1] keeps only the last 20 samples, oldest dropped first', () => {
    expect(SAMPLE_SIZE).toBe(20);
    const samples: number[] = [];
    for (let i = 1; i <= 25; i++) pushSample(samples, i * MINUTE);
    expect(samples).toEqual(Array.from({ length: 20 }, (_, i) => (i + 6) * MINUTE));
    expect(meanServiceMs(samples, 99)).toBe(15.5 * MINUTE);
  });

  it('[W1] trims a list that was already too long', () => {
    const samples = Array.from({ length: 30 }, (_, i) => i);
    pushSample(samples, 30);
    expect(samples).toEqual(Array.from({ length: 20 }, (_, i) => i + 11));
  });
});

describe('estimateWaitMinutes', () => {
  it('[W1] ignores a service time a clock step made impossible: negative, or longer than four hours', () => {
    const samples: number[] = [];
    for (const ms of [-5 * MINUTE, 5 * MINUTE, 5 * 60 * MINUTE, 7 * MINUTE, 6 * MINUTE]) pushSample(samples, ms);
    expect(samples).toEqual([5 * MINUTE, 7 * MINUTE, 6 * MINUTE]);
    expect(meanServiceMs(samples, 10)).toBe(6 * MINUTE);
  });

  it('[W2] is ceil(people waiting × mean ÷ counters open), in minutes', () => {
    expect(estimateWaitMinutes(3, 5 * MINUTE, 2)).toBe(8); // 7.5 → 8
    expect(estimateWaitMinutes(4, 5 * MINUTE, 2)).toBe(10);
    expect(estimateWaitMinutes(1, 1, 1)).toBe(1); // any wait rounds up to a minute
    expect(estimateWaitMinutes(10, 3.2 * MINUTE, 3)).toBe(11); // 10.67 → 11
  });

  it('[W2] is 0 with nobody waiting', () => {
    expect(estimateWaitMinutes(0, 5 * MINUTE, 2)).toBe(0);
  });

  it('[W2] is unknown (null) when no counter is open', () => {
    expect(estimateWaitMinutes(3, 5 * MINUTE, 0)).toBeNull();
    expect(estimateWaitMinutes(0, 5 * MINUTE, 0)).toBeNull();
  });
});
