import { describe, expect, it } from 'vitest';
import '@turnero/app-kit/testing/runes';
import type { Report } from '@turnero/protocol';
import { translate } from '@turnero/app-kit/translate';
import type { DeskSession } from '../renderer/shared/desk-session.svelte.ts';
import { ReportState } from '../renderer/supervisor/reports/report-state.svelte.ts';
import { en } from '../renderer/shared/strings-en.ts';
import { es } from '../renderer/shared/strings-es.ts';
import { T0 } from './fixtures.ts';

/** A session whose hub answers `report` with the range asked (only what the reports page reads of it). */
function session(asked: unknown[] = []): DeskSession {
  return {
    office: { clock: { now: () => T0 }, book: null },
    connection: { opts: { tokens: { get: () => 'tok' } } },
    request: async (_type: string, payload: { from: string; to: string }) => {
      asked.push(payload);
      return { from: payload.from, to: payload.to } as Report;
    },
  } as unknown as DeskSession;
}

describe('the reports page’s CSV downloads', () => {
  it('export the range on screen, not dates typed since and not yet asked for', async () => {
    const asked: string[] = [];
    const rs = new ReportState(session(), undefined, async (url) => {
      asked.push(String(url));
      return new Response('csv');
    });
    rs.from = '2025-03-01';
    rs.to = '2025-03-07';
    await rs.run();
    // The supervisor starts typing another range (half done: the 'to' field cleared) and downloads what they see.
    rs.from = '2025-04-01';
    rs.to = '';
    const file = await rs.csv('report', 'http://hub');
    expect(asked).toEqual(['http://hub/api/report.csv?from=2025-03-01&to=2025-03-07']);
    expect(file?.name).toBe('turnero-report-2025-03-01_2025-03-07.csv');
  });

  it('before any report, the tickets CSV exports the dates in the form', async () => {
    const asked: string[] = [];
    const rs = new ReportState(session(), undefined, async (url) => {
      asked.push(String(url));
      return new Response('csv');
    });
    rs.from = '2025-03-01';
    rs.to = '2025-03-02';
    await rs.csv('tickets', 'http://hub');
    expect(asked).toEqual(['http://hub/api/tickets.csv?from=2025-03-01&to=2025-03-02']);
  });
});

describe('a drilled-down office’s CSV downloads (central staff)', () => {
  it('both come from the hub’s export, naming the office, with the session token', async () => {
    const asked: [string, unknown][] = [];
    const rs = new ReportState(session(), 'cucuta-centro', async (url, init) => {
      asked.push([String(url), init?.headers]);
      return new Response('section,key\r\n');
    });
    rs.from = '2025-03-01';
    rs.to = '2025-03-07';
    await rs.run();
    const report = await rs.csv('report', 'http://hub');
    await rs.csv('tickets', 'http://hub');
    expect(asked).toEqual([
      ['http://hub/api/report.csv?from=2025-03-01&to=2025-03-07&officeId=cucuta-centro', { Authorization: 'Bearer tok' }],
      ['http://hub/api/tickets.csv?from=2025-03-01&to=2025-03-07&officeId=cucuta-centro', { Authorization: 'Bearer tok' }],
    ]);
    expect(report?.name).toBe('turnero-report-2025-03-01_2025-03-07.csv');
    expect(await report?.blob.text()).toBe('section,key\r\n');
  });

  it('a refusal of the hub is an error with its status and words', async () => {
    const rs = new ReportState(session(), 'cucuta-centro', async () => new Response('central staff only', { status: 403 }));
    rs.from = '2025-03-01';
    rs.to = '2025-03-01';
    await expect(rs.csv('tickets', 'http://hub')).rejects.toThrow('403 central staff only');
  });
});

describe('the reports page’s dates', () => {
  it('a day the calendar does not have (2026-02-30) is not a day: nothing is asked', async () => {
    const asked: unknown[] = [];
    const fetched: string[] = [];
    const rs = new ReportState(session(asked), undefined, async (url) => {
      fetched.push(String(url));
      return new Response('csv');
    });
    rs.from = '2026-02-30';
    rs.to = '2026-03-01';
    await rs.run();
    expect(await rs.csv('tickets', 'http://hub')).toBeNull();
    expect([asked, fetched, rs.datesMissing]).toEqual([[], [], true]);
  });

  it('an empty date is said in the console’s language, and nothing is asked of the hub (whose schema error is English)', async () => {
    const asked: unknown[] = [];
    const fetched: string[] = [];
    const rs = new ReportState(session(asked), undefined, async (url) => {
      fetched.push(String(url));
      return new Response('csv');
    });
    rs.from = '2025-03-01';
    rs.to = '';
    await rs.run();
    expect([asked, rs.datesMissing, rs.error, rs.busy]).toEqual([[], true, null, false]);
    // Before any report the tickets CSV is of the form's dates: not asked either.
    expect(await rs.csv('tickets', 'http://hub')).toBeNull();
    expect(fetched).toEqual([]);
    expect(translate({ es, en }, 'es', 'sup.reports.datesMissing')).toBe('Elija la fecha inicial y la final del reporte.');
    expect(translate({ es, en }, 'en', 'sup.reports.datesMissing')).toBe('Choose both the start and the end date of the report.');
    // Both dates again: the report is asked, the message goes.
    rs.to = '2025-03-07';
    await rs.run();
    expect([asked, rs.datesMissing]).toEqual([[{ from: '2025-03-01', to: '2025-03-07' }], false]);
  });
});
