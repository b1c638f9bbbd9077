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

describe('the reports page’s dates', () => {
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
