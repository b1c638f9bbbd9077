import { afterEach, describe, expect, it, vi } from 'vitest';
import { realTimers } from './timers.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('realTimers', () => {
  it('runs a function after its time, and not once cleared', () => {
    vi.useFakeTimers();
    const ran: string[] = [];
    realTimers.set(() => ran.push('kept'), 1000);
    const dropped = realTimers.set(() => ran.push('dropped'), 500);
    realTimers.clear(dropped);
    vi.advanceTimersByTime(999);
    expect(ran).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(ran).toEqual(['kept']);
  });
});
