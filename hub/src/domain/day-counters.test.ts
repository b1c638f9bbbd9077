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

  it('[N1] asks the stored counters only for a day it does not hold, and goes on from there', () => {
    const asked: string[] = [];
    const c = new DayCounters((serviceId, day) => (asked.push(`${serviceId} ${day}`), day === '2026-11-23' ? 41 : undefined));
    c.raise('pagos', '2026-11-28', 1);
    expect(c.get('pagos', '2026-11-28')).toBe(1);
    expect(c.get('pagos', '2026-11-23')).toBe(41);
    c.raise('pagos', '2026-11-23', 42);
    expect(c.get('pagos', '2026-11-23')).toBe(42);
    expect(c.get('reclamos', '2026-11-23')).toBeUndefined(); // a day held: nothing stored asked
    expect(asked).toEqual(['pagos 2026-11-23']);
  });
});
