import { describe, expect, it } from 'vitest';
import { demoOffice } from '../demo.ts';
import { actOnTicket, callTicket, endPastDays, issueTicket, openCounter } from '../domain/commands.ts';
import { claimCallback, newCallback, recordCallbackAttempt } from '../domain/followups.ts';
import { OfficeEngine } from '../office-engine.ts';
import { SqliteStore } from '../store/sqlite-store.ts';
import { officeReportPaged } from './config-handlers.ts';

const DAY = 86_400_000;
const OFFICE = 'cucuta-centro';

/** The demo office on an in-memory store, its clock at `clock.now` (the test moves it), and a walk-in ticket issued there. */
function demo(start: number) {
  const store = new SqliteStore({ path: ':memory:' });
  store.createOffice(demoOffice('http://hub'));
  const clock = { now: start };
  let id = 0;
  const engine = new OfficeEngine(store, () => clock.now, () => `id-${++id}`);
  let tokens = 0;
  /** Issues a ticket of `serviceId` now; returns its id. */
  const issue = (serviceId: string): string => {
    const [issued] = engine.execute(OFFICE, (s, c) => issueTicket(s, { serviceId, preferentialClass: null, accountNumber: null, deviceId: null }, c), {
      ticket: { statusToken: `st-${++tokens}-0123456789`, deviceId: null, idempotencyKey: null },
    });
    return issued?.event.type === 'ticket_issued' ? issued.event.ticket.id : '';
  };
  return { store, engine, clock, issue };
}

describe('office report', () => {
  it('[R4] a callback requested in the range and closed days later (past the events the report reads) counts as closed and resolved', async () => {
    const { store, engine, clock } = demo(Date.UTC(2026, 10, 20, 15, 0)); // Friday 10:00 in Bogotá
    const [requested] = engine.execute(OFFICE, (_s, c) => [
      { type: 'callback_requested', at: c.now, callback: newCallback({ officeId: OFFICE, serviceId: 'reclamos', name: 'Cliente', phone: '3001234567', reason: 'Factura', accountNumber: null, source: 'kiosk' }, c) },
    ]);
    const callback = requested!.event.type === 'callback_requested' ? requested!.event.callback : null;
    clock.now += 5 * DAY; // resolved the next Wednesday
    engine.execute(OFFICE, (_s, c) => claimCallback(store.callbackById(callback!.id)!.callback, 'user-supervisor', c));
    engine.execute(OFFICE, (_s, c) => recordCallbackAttempt(store.callbackById(callback!.id)!.callback, 'user-supervisor', 'resolved', 'ok', c));
    expect((await officeReportPaged(engine, OFFICE, '2026-11-20', '2026-11-20')).callbacks).toEqual({ requested: 1, closed: 1, resolved: 1 });
  });

  it('[R1] a ticket left waiting on a Friday and cancelled when the hub starts again after a long weekend counts as cancelled', async () => {
    const { engine, clock, issue } = demo(Date.UTC(2026, 10, 20, 22, 0)); // Friday 17:00 in Bogotá
    issue('pagos');
    issue('pagos');
    // The hub was off from Friday evening; Monday was a holiday: it starts on Tuesday morning.
    clock.now = Date.UTC(2026, 10, 24, 12, 30);
    const swept = engine.execute(OFFICE, endPastDays);
    expect(swept.filter((e) => e.event.type === 'ticket_cancelled')).toHaveLength(2);
    // Tuesday's own ticket, read too, is not the Friday's.
    clock.now += 60_000;
    issue('pagos');
    engine.drainSync();
    const report = await officeReportPaged(engine, OFFICE, '2026-11-20', '2026-11-20');
    expect(report.office).toMatchObject({ issued: 2, cancelled: 2 });
    expect((await officeReportPaged(engine, OFFICE, '2026-11-24', '2026-11-24')).office).toMatchObject({ issued: 1, cancelled: 0 });
  });
});

describe('office report labels', () => {
  it('names each service row (es/en) and agent row (display name) from that office’s catalogue and users: a central’s console has neither in its own book', async () => {
    const { store, engine, clock, issue } = demo(Date.UTC(2026, 10, 20, 15, 0));
    store.createUser({ id: 'user-agente1', username: 'agente1', displayName: 'Laura Pérez', role: 'agent', officeId: OFFICE, active: true }, 'hash', 0);
    const ticketId = issue('facturacion');
    const otherId = issue('reclamos');
    // Opened under another name than the user's now: the office's users come first.
    engine.execute(OFFICE, (s, c) => openCounter(s, { agentId: 'user-agente1', agentName: 'L. Pérez' }, 'modulo-1', c));
    // One who is not (or no longer) a user of the office: the name the counter was opened under.
    engine.execute(OFFICE, (s, c) => openCounter(s, { agentId: 'user-gone', agentName: 'Pedro Ruiz' }, 'modulo-2', c));
    const actor = { agentId: 'user-agente1', counterId: 'modulo-1' };
    clock.now += 60_000;
    engine.execute(OFFICE, (s, c) => callTicket(s, actor, ticketId, 'prueba', c));
    engine.execute(OFFICE, (s, c) => actOnTicket(s, actor, ticketId, 'start', c));
    engine.execute(OFFICE, (s, c) => actOnTicket(s, actor, ticketId, 'finish', c));
    const gone = { agentId: 'user-gone', counterId: 'modulo-2' };
    engine.execute(OFFICE, (s, c) => callTicket(s, gone, otherId, 'prueba', c));
    engine.execute(OFFICE, (s, c) => actOnTicket(s, gone, otherId, 'no_show', c));

    const report = await officeReportPaged(engine, OFFICE, '2026-11-20', '2026-11-20');
    expect(report.byService.map((r) => [r.key, r.label])).toEqual([
      ['facturacion', { es: 'Facturación', en: 'Billing' }],
      ['reclamos', { es: 'Reclamos', en: 'Complaints' }],
    ]);
    expect(report.byAgent.map((r) => [r.key, r.label])).toEqual([
      ['user-agente1', { es: 'Laura Pérez', en: 'Laura Pérez' }],
      ['user-gone', { es: 'Pedro Ruiz', en: 'Pedro Ruiz' }],
    ]);
    expect(report.office.label).toBeUndefined();
  });
});

describe('officeReportPaged', () => {
  it('gives the same report as one read, built from pages of events with the event loop free between them (a year’s report does not stall issuing)', async () => {
    const { engine, clock, issue } = demo(Date.UTC(2026, 10, 20, 15, 0));
    for (let i = 0; i < 120; i++) {
      clock.now += 60_000;
      issue(i % 2 ? 'pagos' : 'reclamos');
    }
    engine.drainSync();
    let turns = 0;
    const ticking = setInterval(() => turns++, 0);
    try {
      const paged = await officeReportPaged(engine, OFFICE, '2026-11-20', '2026-11-20', 25);
      expect(paged).toEqual(await officeReportPaged(engine, OFFICE, '2026-11-20', '2026-11-20', 100_000)); // one page
      expect(paged.office.issued).toBe(120);
      expect(turns).toBeGreaterThan(0);
    } finally {
      clearInterval(ticking);
    }
    await expect(officeReportPaged(engine, OFFICE, '2026-11-21', '2026-11-20')).rejects.toThrow(/from must not be after to/);
  });
});
