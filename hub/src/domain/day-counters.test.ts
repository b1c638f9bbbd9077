import { describe, expect, it } from 'vitest';
import { DayCounters } from './day-counters.ts';

describe('DayCounters', () => {
  it('[N1] never lowers a counter, and keeps only the last three days issued on', () => {
    const c = new DayCounters();
    c.raise('pagos', '2026-11-23', 5);
    c.raise('pagos', '2026-11-23', 2);
    expect(c.get('pagos', '2026-11-23')).toBe(5);
    for (const day of ['2026-11-24', '2026-11-25', '2026-11-26']) c.raise('reclamos', day, 1);
    expect(c.days()).toEqual(['2026-11-24', '2026-11-25', '2026-11-26']);
    expect(c.get('pagos', '2026-11-23')).toBeUndefined();
  });

  it('[N1] counts days in the order first issued on, not by date: a day seen again is not let go', () => {
    const c = new DayCounters();
    c.raise('pagos', '2026-11-23', 7);
    c.raise('pagos', '2026-11-28', 1); // a clock set five days ahead
    c.raise('pagos', '2026-11-23', 8); // put right
    c.raise('pagos', '2026-11-24', 1);
    expect(c.entries()).toEqual([
      ['2026-11-23', 'pagos', 8],
      ['2026-11-28', 'pagos', 1],
      ['2026-11-24', 'pagos', 1],
    ]);
  });
});
