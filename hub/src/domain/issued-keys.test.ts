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

  it('keeps the latest day and the one before it, forgets older days', () => {
    const keys = new IssuedKeys();
    keys.add('2026-11-21', 'kiosk-1', 'a', 't-a');
    keys.add('2026-11-22', 'kiosk-1', 'b', 't-b');
    expect(keys.days()).toEqual(['2026-11-21', '2026-11-22']);
    keys.add('2026-11-23', 'kiosk-1', 'c', 't-c');
    expect(keys.days()).toEqual(['2026-11-22', '2026-11-23']);
    expect(keys.get('kiosk-1', 'a')).toBeNull();
    expect(keys.get('kiosk-1', 'b')).toBe('t-b');
    // A day with no tickets in between: the previous calendar day is kept, not the previous busy day.
    keys.add('2026-11-25', 'kiosk-1', 'd', 't-d');
    expect(keys.days()).toEqual(['2026-11-25']);
    expect(keys.get('kiosk-1', 'c')).toBeNull();
  });

  it('a key of an older day arriving late does not push out the newer days', () => {
    const keys = new IssuedKeys();
    keys.add('2026-11-23', 'kiosk-1', 'c', 't-c');
    keys.add('2026-11-22', 'kiosk-1', 'b', 't-b');
    keys.add('2026-11-20', 'kiosk-1', 'z', 't-z');
    expect(keys.days()).toEqual(['2026-11-22', '2026-11-23']);
    expect(keys.get('kiosk-1', 'c')).toBe('t-c');
    expect(keys.get('kiosk-1', 'z')).toBeNull();
  });
});
