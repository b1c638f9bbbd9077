import { describe, expect, it } from 'vitest';
import type { Report, ReportRow } from '@turnero/protocol';
import { reportCsv } from './report-csv.ts';

const row = (key: string): ReportRow => ({
  key, issued: 3, served: 2, noShows: 1, cancelled: 0, abandonmentRate: 1 / 3, waitP50Ms: 60_000, waitP90Ms: 120_000, serviceP50Ms: 300_000, serviceP90Ms: 600_000,
  ratings: [0, 0, 0, 0, 0, 0, 0, 0, 1, 1], meanRating: 9.5,
});

describe('report CSV', () => {
  it('has one width for every row (ticket slices, callbacks and cases), so a spreadsheet or BI import keeps the columns', () => {
    const report: Report = {
      officeId: 'o', from: '2026-11-23', to: '2026-11-23', timeZone: 'America/Bogota',
      office: row('o'), byService: [row('pagos')], byAgent: [row('a1')], byHour: [row('08')],
      callbacks: { requested: 4, closed: 3, resolved: 2 }, cases: { opened: 2, closed: 2, recovered: 1, recoveryRate: 0.5 },
    };
    const lines = reportCsv(report).trimEnd().split('\r\n').map((l) => l.split(','));
    expect(new Set(lines.map((l) => l.length))).toEqual(new Set([lines[0]!.length]));
    const head = lines[0]!;
    const value = (section: string, key: string) => lines.find((l) => l[0] === section && l[1] === key)?.[head.indexOf('value')];
    expect([value('callbacks', 'requested'), value('callbacks', 'closed'), value('callbacks', 'resolved')]).toEqual(['4', '3', '2']);
    expect([value('cases', 'opened'), value('cases', 'closed'), value('cases', 'recovered'), value('cases', 'recovery_rate')]).toEqual(['2', '2', '1', '0.5']);
    expect(lines.find((l) => l[0] === 'service')?.slice(0, 7)).toEqual(['service', 'pagos', '3', '2', '1', '0', '0.333']);
  });
});
