import { describe, expect, it } from 'vitest';
import { IssuedKeys } from './issued-keys.ts';

describe('IssuedKeys', () => {
  it('[P3] finds the ticket a device key got, per device', () => {
    const keys = new IssuedKeys();
    keys.add('2026-11-23', 'kiosk-1', 'k1', 't1');
    expect(keys.get('kiosk-1', 'k1')).toBe('t1');
    expect(keys.get('kiosk-2', 'k1')).toBeNull();
    expect(keys.get('kiosk-1', 'k2')).toBeNull();
  });

  it('[P3] the same key from two devices names two tickets, found on either day held', () => {
    const keys = new IssuedKeys();
    keys.add('2026-11-22', 'kiosk-1', 'k', 't1');
    keys.add('2026-11-23', 'kiosk-2', 'k', 't2');
    keys.add('2026-11-23', 'kiosk-1', 'j', 't3');
    expect([keys.get('kiosk-1', 'k'), keys.get('kiosk-2', 'k'), keys.get('kiosk-1', 'j')]).toEqual(['t1', 't2', 't3']);
    expect([keys.get('kiosk-3', 'k'), keys.get('kiosk-2', 'j')]).toEqual([null, null]);
  });

  it('keeps the last three days issued on and forgets older ones', () => {
    const keys = new IssuedKeys();
    keys.add('2026-11-20', 'kiosk-1', 'a', 't-a');
    keys.add('2026-11-21', 'kiosk-1', 'b', 't-b');
    keys.add('2026-11-23', 'kiosk-1', 'c', 't-c'); // a day with no tickets in between counts for nothing
    expect(keys.days()).toEqual(['2026-11-20', '2026-11-21', '2026-11-23']);
    keys.add('2026-11-24', 'kiosk-1', 'd', 't-d');
    expect(keys.days()).toEqual(['2026-11-21', '2026-11-23', '2026-11-24']);
    expect([keys.get('kiosk-1', 'a'), keys.get('kiosk-1', 'b'), keys.get('kiosk-1', 'd')]).toEqual([null, 't-b', 't-d']);
  });

  it('[P3] forgets days in the order they were first issued on, not by date: a clock set ahead and put right keeps today', () => {
    const keys = new IssuedKeys();
    keys.add('2026-11-22', 'kiosk-1', 'y', 't-y');
    keys.add('2026-11-23', 'kiosk-1', 'c', 't-c');
    keys.add('2026-11-28', 'kiosk-1', 'ahead', 't-ahead'); // the clock five days ahead
    keys.add('2026-11-23', 'kiosk-1', 'c2', 't-c2'); // put right: today is no new day
    expect(keys.days()).toEqual(['2026-11-22', '2026-11-23', '2026-11-28']);
    expect(keys.get('kiosk-1', 'c')).toBe('t-c');
    keys.add('2026-11-24', 'kiosk-1', 'd', 't-d'); // the next day pushes out the first issued on
    expect(keys.days()).toEqual(['2026-11-23', '2026-11-28', '2026-11-24']);
    expect([keys.get('kiosk-1', 'y'), keys.get('kiosk-1', 'c2')]).toEqual([null, 't-c2']);
  });
});
