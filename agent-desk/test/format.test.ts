import { describe, expect, it } from 'vitest';
import { ErrorCode, HubError, refused } from '@turnero/protocol';
import { formatClock, formatDay, formatDecimal, formatMinutes, formatTimer, formatWhen } from '../renderer/shared/format.ts';
import { deskErrorCode, errorKey } from '../renderer/shared/error-text.ts';
import { routeOf } from '../renderer/routes.ts';

describe('desk formatting and small helpers', () => {
  it('formats timers, waits, clock times and days', () => {
    expect(formatTimer(0)).toBe('0:00');
    expect(formatTimer(-5_000)).toBe('0:00');
    expect(formatTimer(65_999)).toBe('1:05');
    expect(formatTimer(3_729_000)).toBe('1:02:09');
    expect(formatMinutes(59_999)).toBe('0 min');
    expect(formatMinutes(12 * 60_000)).toBe('12 min');
    expect(formatMinutes(65 * 60_000)).toBe('1 h 05 min');
    // 15:32 UTC is 10:32 in Bogotá (UTC−5, no daylight saving).
    expect(formatClock(Date.UTC(2025, 2, 14, 15, 32), 'America/Bogota', 'es')).toBe('10:32');
    expect(formatDay('2025-03-14', 'es')).toBe('14/03/2025');
    expect(formatDecimal(8.46, 'es')).toBe('8,5');
    expect(formatDecimal(3, 'en')).toBe('3.0');
    expect(formatDay('2025-03-14', 'en')).toBe('03/14/2025');
    // A list that spans days says the day of what is not from today (in the office's zone).
    const now = Date.UTC(2025, 2, 14, 15, 32);
    expect(formatWhen(Date.UTC(2025, 2, 14, 5, 10), now, 'America/Bogota', 'es')).toBe('00:10');
    expect(formatWhen(Date.UTC(2025, 2, 14, 4, 50), now, 'America/Bogota', 'es')).toBe('13/03 23:50');
    expect(formatWhen(Date.UTC(2025, 2, 11, 15, 0), now, 'America/Bogota', 'en')).toBe('03/11 10:00');
  });

  it('has a plain text for the hub’s refusals and a generic one for the rest', () => {
    expect(errorKey('COUNTER_HELD')).toBe('error.COUNTER_HELD');
    expect(errorKey('CONNECTION_LOST')).toBe('error.OFFLINE');
    expect(errorKey('SOMETHING_NEW')).toBe('error.other');
  });

  it('tells an agent whose transfer target closed meanwhile to transfer to the service, not “invalid request”', () => {
    expect(errorKey(deskErrorCode(refused({ reason: 'transfer_counter_closed' }, 'closed')))).toBe('error.TRANSFER_COUNTER_CLOSED');
    expect(deskErrorCode(refused({ reason: 'transfer_mode' }, 'mode'))).toBe(ErrorCode.INVALID_ARGUMENT);
    expect(deskErrorCode(new HubError(ErrorCode.QUEUE_EMPTY, 'none'))).toBe(ErrorCode.QUEUE_EMPTY);
    expect(deskErrorCode(new Error('boom'))).toBe(ErrorCode.INTERNAL);
  });

  it('routes #/pad to the rating pad and anything else to the desk', () => {
    expect(routeOf('#/pad')).toBe('pad');
    expect(routeOf('#pad')).toBe('pad');
    expect(routeOf('#/pad&token=abcdefghijklmnopqrstuvwxyz')).toBe('pad');
    expect(routeOf('')).toBe('desk');
    expect(routeOf('#/padding')).toBe('desk');
  });
});
