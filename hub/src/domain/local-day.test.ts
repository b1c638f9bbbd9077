import { describe, expect, it } from 'vitest';
import { isTimeZone as isValidTimeZone } from '@turnero/protocol';
import { formatTicketNumber, localDay, previousDay, sequenceOf } from './local-day.ts';
import { MINUTE, office } from './test-fixtures.ts';

const utc = (iso: string) => Date.parse(iso);

/** Issues one `serviceId` ticket at each instant in an office of `timeZone`; returns [day, number] per ticket. */
function issueAt(timeZone: string, instants: number[], serviceId = 'pagos'): [string, string][] {
  const o = office({ timeZone });
  return instants.map((at) => {
    o.clock.set(at);
    const t = o.issue(serviceId);
    return [t.day, t.number];
  });
}

describe('localDay', () => {
  it('[N2] is the calendar day in the office zone, as YYYY-MM-DD', () => {
    expect(localDay(utc('2026-11-23T13:00:00Z'), 'America/Bogota')).toBe('2026-11-23');
    expect(localDay(utc('2026-11-23T13:00:00Z'), 'Asia/Tokyo')).toBe('2026-11-23');
    expect(localDay(utc('2026-11-23T16:00:00Z'), 'Asia/Tokyo')).toBe('2026-11-24');
    expect(localDay(utc('2026-01-05T10:00:00Z'), 'UTC')).toBe('2026-01-05');
  });

  it('[N2] America/Bogota (UTC-5): 04:59Z is still the previous local day, 05:00Z starts the next', () => {
    expect(localDay(utc('2026-11-23T04:59:59.999Z'), 'America/Bogota')).toBe('2026-11-22');
    expect(localDay(utc('2026-11-23T05:00:00Z'), 'America/Bogota')).toBe('2026-11-23');
  });

  it('[N2] agrees with a fixed UTC-5 offset for every minute of three days in Bogota', () => {
    const start = utc('2026-12-30T00:00:00Z');
    for (let t = start; t < start + 3 * 24 * 60 * MINUTE; t += MINUTE) {
      expect(localDay(t, 'America/Bogota')).toBe(new Date(t - 5 * 60 * MINUTE).toISOString().slice(0, 10));
    }
  });

  it('[N2] America/Santiago: the night clocks go back the day lasts 25 hours; the night they go forward it starts at 01:00', () => {
    // 2026-04-05 00:00 -03 never shows: at 03:00Z the clock goes back to 23:00 of the 4th.
    expect(localDay(utc('2026-04-05T02:59:00Z'), 'America/Santiago')).toBe('2026-04-04');
    expect(localDay(utc('2026-04-05T03:30:00Z'), 'America/Santiago')).toBe('2026-04-04');
    expect(localDay(utc('2026-04-05T04:00:00Z'), 'America/Santiago')).toBe('2026-04-05');
    // 2026-09-06 00:00 -04 is skipped: 04:00Z is 01:00 -03 of the 6th.
    expect(localDay(utc('2026-09-06T03:59:59Z'), 'America/Santiago')).toBe('2026-09-05');
    expect(localDay(utc('2026-09-06T04:00:00Z'), 'America/Santiago')).toBe('2026-09-06');
  });

  it('[N2] the per-minute answer never outlives its minute: the last millisecond before midnight and the first after, zones interleaved', () => {
    const midnight = Date.UTC(2026, 10, 24, 5, 0, 0); // 00:00 in Bogota
    const seen = [
      localDay(midnight - 1, 'America/Bogota'),
      localDay(midnight - 1, 'Europe/Madrid'),
      localDay(midnight, 'America/Bogota'),
      localDay(midnight - 1, 'America/Bogota'),
      localDay(midnight + 59_999, 'America/Bogota'),
    ];
    expect(seen).toEqual(['2026-11-23', '2026-11-24', '2026-11-24', '2026-11-23', '2026-11-24']);
  });

  it('[N2] isValidTimeZone accepts IANA zones and rejects anything else', () => {
    expect(isValidTimeZone('America/Bogota')).toBe(true);
    expect(isValidTimeZone('Europe/Madrid')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});

describe('ticket numbers', () => {
  it('[N1] are PREFIX-NNN with at least three digits', () => {
    expect(formatTicketNumber('A', 1)).toBe('A-001');
    expect(formatTicketNumber('P', 42)).toBe('P-042');
    expect(formatTicketNumber('R', 999)).toBe('R-999');
    expect(formatTicketNumber('R', 1000)).toBe('R-1000');
  });

  it('[N1] sequenceOf reads the sequence back, and 0 for something that is not a number', () => {
    for (let n = 1; n <= 1500; n++) expect(sequenceOf(formatTicketNumber('F', n))).toBe(n);
    expect(sequenceOf('bogus')).toBe(0);
    expect(sequenceOf('A-x1')).toBe(0);
  });
});

describe('numbering through issueTicket', () => {
  it('[N1] counts per service: each service starts at 001 and counts on its own', () => {
    const o = office();
    expect([o.issue('pagos'), o.issue('pagos'), o.issue('reclamos'), o.issue('pagos'), o.issue('asesoria'), o.issue('reclamos')].map((t) => t.number)).toEqual([
      'P-001',
      'P-002',
      'R-001',
      'P-003',
      'A-001',
      'R-002',
    ]);
  });

  it('[N1] counts per office: another office at the same instant starts its own 001', () => {
    const a = office();
    const b = office({ timeZone: 'Europe/Madrid' });
    a.issue('pagos');
    a.issue('pagos');
    expect(b.issue('pagos').number).toBe('P-001');
  });

  it('[N1] continues from the day counter a restarted hub rebuilt', () => {
    const o = office();
    o.state.dayCounters.raise('pagos', '2026-11-22', 99);
    o.state.dayCounters.raise('pagos', '2026-11-23', 41);
    expect(o.issue('pagos').number).toBe('P-042');
  });

  it('[N2] Bogota: tickets at 04:59Z and 05:01Z of the same UTC date fall on different days; the second is 001', () => {
    expect(issueAt('America/Bogota', [utc('2026-11-23T03:00:00Z'), utc('2026-11-23T04:59:00Z'), utc('2026-11-23T05:01:00Z')])).toEqual([
      ['2026-11-22', 'P-001'],
      ['2026-11-22', 'P-002'],
      ['2026-11-23', 'P-001'],
    ]);
  });

  it('[N2] Bogota: 23:59 local and 00:01 local the next day are different days', () => {
    // 23:59 -05 = 04:59Z next UTC day; 00:01 -05 = 05:01Z.
    expect(issueAt('America/Bogota', [utc('2026-11-24T04:59:00Z'), utc('2026-11-24T05:01:00Z')])).toEqual([
      ['2026-11-23', 'P-001'],
      ['2026-11-24', 'P-001'],
    ]);
  });

  it('[N2] Bogota: numbering does not restart at UTC midnight', () => {
    // 23:50Z = 18:50 local, 00:10Z = 19:10 local: same local day.
    expect(issueAt('America/Bogota', [utc('2026-11-23T23:50:00Z'), utc('2026-11-24T00:10:00Z')])).toEqual([
      ['2026-11-23', 'P-001'],
      ['2026-11-23', 'P-002'],
    ]);
  });

  it('[N1][N2] Bogota: a ticket every 7 minutes for three days is numbered 1, 2, 3… within each local day', () => {
    const start = utc('2026-11-22T11:00:00Z');
    const instants = Array.from({ length: Math.floor((3 * 24 * 60) / 7) }, (_, i) => start + i * 7 * MINUTE);
    const issued = issueAt('America/Bogota', instants);
    const expected = new Map<string, number>();
    issued.forEach(([day, number], i) => {
      const oracle = new Date(instants[i]! - 5 * 60 * MINUTE).toISOString().slice(0, 10);
      expect(day).toBe(oracle);
      const n = (expected.get(day) ?? 0) + 1;
      expected.set(day, n);
      expect(number).toBe(formatTicketNumber('P', n));
    });
    expect([...expected.keys()]).toEqual(['2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25']);
  });

  it('[N2] Santiago, clocks going back: the repeated hour keeps counting, the restart is at the real local midnight', () => {
    const instants = ['2026-04-04T12:00Z', '2026-04-05T02:30Z', '2026-04-05T02:59Z', '2026-04-05T03:00Z', '2026-04-05T03:30Z', '2026-04-05T03:59Z', '2026-04-05T04:00Z', '2026-04-05T04:30Z'].map(utc);
    expect(issueAt('America/Santiago', instants)).toEqual([
      ['2026-04-04', 'P-001'],
      ['2026-04-04', 'P-002'], // 23:30 -03
      ['2026-04-04', 'P-003'], // 23:59 -03
      ['2026-04-04', 'P-004'], // 23:00 -04, the hour again
      ['2026-04-04', 'P-005'], // 23:30 -04
      ['2026-04-04', 'P-006'],
      ['2026-04-05', 'P-001'], // 00:00 -04
      ['2026-04-05', 'P-002'],
    ]);
  });

  it('[N2] Santiago, clocks going forward: midnight never happens, the new day starts at 01:00 with 001', () => {
    const instants = ['2026-09-05T20:00Z', '2026-09-06T03:59Z', '2026-09-06T04:00Z', '2026-09-06T04:01Z'].map(utc);
    expect(issueAt('America/Santiago', instants)).toEqual([
      ['2026-09-05', 'P-001'],
      ['2026-09-05', 'P-002'],
      ['2026-09-06', 'P-001'],
      ['2026-09-06', 'P-002'],
    ]);
  });

  it('[N1][N2] Santiago: a ticket every 10 minutes across both switch nights never repeats a number in a day', () => {
    for (const [from, switchDay] of [
      ['2026-04-04T12:00:00Z', '2026-04-05'],
      ['2026-09-05T12:00:00Z', '2026-09-06'],
    ] as const) {
      const start = utc(from);
      const instants = Array.from({ length: 24 * 6 }, (_, i) => start + i * 10 * MINUTE);
      const issued = issueAt('America/Santiago', instants);
      const seen = new Set(issued.map(([d, n]) => `${d}|${n}`));
      expect(seen.size).toBe(issued.length);
      const days = [...new Set(issued.map(([d]) => d))];
      expect(days).toHaveLength(2);
      expect(days[1]).toBe(switchDay);
      for (const day of days) {
        const numbers = issued.filter(([d]) => d === day).map(([, n]) => sequenceOf(n));
        expect(numbers).toEqual(numbers.map((_, i) => i + 1));
      }
    }
  });

  it('[N2] Madrid, the spring-forward night (02:00 → 03:00): the day starts at local midnight and counts through the gap', () => {
    // CET (+1) until 01:00Z on 2026-03-29, CEST (+2) after.
    const instants = ['2026-03-28T22:59Z', '2026-03-28T23:01Z', '2026-03-29T00:59Z', '2026-03-29T01:00Z', '2026-03-29T21:59Z', '2026-03-29T22:00Z'].map(utc);
    expect(issueAt('Europe/Madrid', instants)).toEqual([
      ['2026-03-28', 'P-001'], // 23:59 CET
      ['2026-03-29', 'P-001'], // 00:01 CET
      ['2026-03-29', 'P-002'], // 01:59 CET
      ['2026-03-29', 'P-003'], // 03:00 CEST
      ['2026-03-29', 'P-004'], // 23:59 CEST
      ['2026-03-30', 'P-001'], // 00:00 CEST
    ]);
  });

  it('[N2] Madrid, the fall-back night (03:00 → 02:00): one 25-hour day, restart at the next local midnight', () => {
    const instants = ['2026-10-24T21:59Z', '2026-10-24T22:00Z', '2026-10-25T00:30Z', '2026-10-25T01:30Z', '2026-10-25T22:59Z', '2026-10-25T23:00Z'].map(utc);
    expect(issueAt('Europe/Madrid', instants)).toEqual([
      ['2026-10-24', 'P-001'], // 23:59 CEST
      ['2026-10-25', 'P-001'], // 00:00 CEST
      ['2026-10-25', 'P-002'], // 02:30 CEST
      ['2026-10-25', 'P-003'], // 02:30 CET, the hour again
      ['2026-10-25', 'P-004'], // 23:59 CET
      ['2026-10-26', 'P-001'], // 00:00 CET
    ]);
  });
});

describe('previousDay', () => {
  it('crosses months, years and leap days', () => {
    expect(previousDay('2026-11-23')).toBe('2026-11-22');
    expect(previousDay('2026-03-01')).toBe('2026-02-28');
    expect(previousDay('2028-03-01')).toBe('2028-02-29');
    expect(previousDay('2027-01-01')).toBe('2026-12-31');
  });
});
