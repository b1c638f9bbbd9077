import { describe, expect, it } from 'vitest';
import { demoOffice } from '../demo.ts';
import { issueTicket } from '../domain/commands.ts';
import { claimCallback, newCallback, recordCallbackAttempt } from '../domain/followups.ts';
import { OfficeEngine } from '../office-engine.ts';
import { SqliteStore } from '../store/sqlite-store.ts';
import { officeReport, officeReportPaged } from './config-handlers.ts';

const DAY = 86_400_000;

describe('officeReport', () => {
  it('[R4] a callback requested in the range and closed days later (past the events the report reads) counts as closed and resolved', () => {
    const store = new SqliteStore({ path: ':memory:' });
    store.createOffice(demoOffice('http://hub'));
    let now = Date.UTC(2026, 10, 20, 15, 0); // Friday 10:00 in Bogotá
    let id = 0;
    const engine = new OfficeEngine(store, () => now, () => `id-${++id}`);
    const [requested] = engine.execute('cucuta-centro', (_s, c) => [
      { type: 'callback_requested', at: c.now, callback: newCallback({ officeId: 'cucuta-centro', serviceId: 'reclamos', name: 'Cliente', phone: '3001234567', reason: 'Factura', accountNumber: null, source: 'kiosk' }, c) },
    ]);
    const callback = requested!.event.type === 'callback_requested' ? requested!.event.callback : null;
    now += 5 * DAY; // resolved the next Wednesday
    engine.execute('cucuta-centro', (_s, c) => claimCallback(store.callbackById(callback!.id)!.callback, 'user-supervisor', c));
    engine.execute('cucuta-centro', (_s, c) => recordCallbackAttempt(store.callbackById(callback!.id)!.callback, 'user-supervisor', 'resolved', 'ok', c));
    expect(officeReport(engine, 'cucuta-centro', '2026-11-20', '2026-11-20').callbacks).toEqual({ requested: 1, closed: 1, resolved: 1 });
  });
});

describe('officeReportPaged', () => {
  it('gives the same report as one read, built from pages of events with the event loop free between them (a year’s report does not stall issuing)', async () => {
    const store = new SqliteStore({ path: ':memory:' });
    store.createOffice(demoOffice('http://hub'));
    let now = Date.UTC(2026, 10, 20, 15, 0);
    let id = 0;
    const engine = new OfficeEngine(store, () => now, () => `id-${++id}`);
    for (let i = 0; i < 120; i++) {
      now += 60_000;
      engine.execute('cucuta-centro', (s, c) => issueTicket(s, { serviceId: i % 2 ? 'pagos' : 'reclamos', preferentialClass: null, accountNumber: null, deviceId: null }, c), {
        ticket: { statusToken: `st-${i}-0123456789`, deviceId: null, idempotencyKey: null },
      });
    }
    engine.drainSync();
    let turns = 0;
    const ticking = setInterval(() => turns++, 0);
    try {
      const paged = await officeReportPaged(engine, 'cucuta-centro', '2026-11-20', '2026-11-20', 25);
      expect(paged).toEqual(officeReport(engine, 'cucuta-centro', '2026-11-20', '2026-11-20'));
      expect(paged.office.issued).toBe(120);
      expect(turns).toBeGreaterThan(0);
    } finally {
      clearInterval(ticking);
    }
    await expect(officeReportPaged(engine, 'cucuta-centro', '2026-11-21', '2026-11-20')).rejects.toThrow(/from must not be after to/);
  });
});
