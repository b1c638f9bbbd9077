import { describe, expect, it } from 'vitest';
import { RecentDays } from './recent-days.ts';

describe('RecentDays', () => {
  it('makes a day\'s value once and drops the day first recorded on beyond the number kept, whatever its date', () => {
    let made = 0;
    const days = new RecentDays<string[]>(2, () => (made++, []));
    days.at('2026-11-23').push('a');
    days.at('2026-11-23').push('b');
    expect([made, days.get('2026-11-23')]).toEqual([1, ['a', 'b']]);
    days.at('2026-11-20'); // an earlier date, recorded on later: it is the newer of the two
    days.at('2026-11-24');
    expect(days.days()).toEqual(['2026-11-20', '2026-11-24']);
    expect(days.get('2026-11-23')).toBeUndefined();
    expect([...days.entries()].map(([d]) => d)).toEqual(days.days());
  });
});
