import { describe, expect, it } from 'vitest';
import type { Callback, HubEvent, RecoveryCase, Ticket } from '@turnero/protocol';
import { buildReport, percentile, reportBuilder } from './report.ts';

/** 2026-11-23 in Bogotá (UTC-5), hour h and minute m local. */
const T = (h: number, m: number, day = 23) => Date.UTC(2026, 10, day, h + 5, m);
const MIN = 60_000;

function ticket(id: string, number: string, serviceId: string, arrivedAt: number, day = '2026-11-23'): Ticket {
  return {
    id, officeId: 'o', serviceId, number, day, status: 'waiting', preferentialClass: null, accountNumber: null, arrivedAt, queuedAt: arrivedAt,
    calledAt: null, startedAt: null, endedAt: null, counterId: null, targetCounterId: null, agentId: null, recalls: 0, transfers: 0, notes: [], rating: null, printed: 'pending',
  };
}
const issued = (t: Ticket): HubEvent => ({ type: 'ticket_issued', at: t.arrivedAt, ticket: t, deviceId: null });
const called = (t: Ticket, at: number, agentId: string): HubEvent => ({ type: 'ticket_called', at, ticketId: t.id, number: t.number, serviceId: t.serviceId, counterId: 'c1', counterName: 'Módulo 1', agentId, preferential: false, rule: 'normal', manualReason: null });
const started = (t: Ticket, at: number): HubEvent => ({ type: 'service_started', at, ticketId: t.id });
const finished = (t: Ticket, at: number): HubEvent => ({ type: 'service_finished', at, ticketId: t.id });
const rated = (t: Ticket, at: number, rating: number, agentId: string): HubEvent => ({ type: 'ticket_rated', at, ticketId: t.id, rating, counterId: 'c1', agentId, source: 'keypad' });

const cb = (id: string, createdAt: number): Callback => ({ id, officeId: 'o', serviceId: null, name: 'X', phone: '3000000000', reason: 'r', reference: `TC-${id}`, createdAt, status: 'open', source: 'kiosk', accountNumber: null, claimedBy: null, attempts: [], outcome: null, closedAt: null });
const kase: RecoveryCase = { id: 'k1', officeId: 'o', ticketId: 't2', number: 'F-002', serviceId: 'facturacion', counterId: 'c1', agentId: 'B', accountNumber: null, rating: 3, openedAt: T(8, 28), status: 'open', followUps: [], outcome: null, closedAt: null };

/** A hand-computed day: the expected figures below were worked out on paper from these events. */
function day(): HubEvent[] {
  const t1 = ticket('t1', 'F-001', 'facturacion', T(8, 0));
  const t2 = ticket('t2', 'F-002', 'facturacion', T(8, 10));
  const t3 = ticket('t3', 'R-001', 'reclamos', T(8, 30));
  const t4 = ticket('t4', 'R-002', 'reclamos', T(9, 0));
  const t5 = ticket('t5', 'P-001', 'pagos', T(9, 10));
  const yesterday = ticket('t0', 'F-099', 'facturacion', T(17, 0, 22), '2026-11-22');
  return [
    issued(yesterday),
    issued(t1), called(t1, T(8, 5), 'A'), started(t1, T(8, 6)),
    issued(t2), called(t2, T(8, 20), 'B'), started(t2, T(8, 21)),
    finished(t1, T(8, 16)), rated(t1, T(8, 17), 9, 'A'),
    finished(t2, T(8, 27)), rated(t2, T(8, 28), 3, 'B'), { type: 'case_opened', at: T(8, 28), case: kase },
    issued(t3), called(t3, T(8, 32), 'A'), { type: 'ticket_no_show', at: T(8, 40), ticketId: 't3', reason: 'agent' },
    called(yesterday, T(8, 45), 'A'), started(yesterday, T(8, 46)), finished(yesterday, T(8, 50)),
    issued(t4), { type: 'ticket_cancelled', at: T(9, 5), ticketId: 't4', reason: 'se fue' },
    { type: 'callback_requested', at: T(9, 0), callback: cb('cb1', T(9, 0)) },
    { type: 'callback_requested', at: T(9, 2), callback: cb('cb2', T(9, 2)) },
    issued(t5), called(t5, T(9, 30), 'A'), started(t5, T(9, 31)),
    { type: 'ticket_transferred', at: T(9, 35), ticketId: 't5', fromServiceId: 'pagos', toServiceId: 'facturacion', toCounterId: null, note: '' },
    called(t5, T(9, 40), 'B'), started(t5, T(9, 41)), finished(t5, T(9, 49)), rated(t5, T(9, 50), 10, 'B'),
    { type: 'callback_updated', at: T(10, 0), callback: { ...cb('cb1', T(9, 0)), status: 'closed', outcome: 'resolved', closedAt: T(10, 0) } },
    { type: 'case_updated', at: T(11, 0), case: { ...kase, status: 'closed', outcome: 'recovered', closedAt: T(11, 0) } },
  ];
}

describe('report from the event log', () => {
  const r = buildReport(day(), { officeId: 'o', timeZone: 'America/Bogota', from: '2026-11-23', to: '2026-11-23' });

  it('[R2] nearest-rank percentiles', () => {
    expect(percentile([20, 5, 10, 2], 50)).toBe(5);
    expect(percentile([20, 5, 10, 2], 90)).toBe(20);
    expect(percentile([], 50)).toBeNull();
    expect(percentile([7], 90)).toBe(7);
  });

  it('[R1] office totals match the hand-computed day', () => {
    expect(r.office).toMatchObject({ issued: 5, served: 3, noShows: 1, cancelled: 1, abandonmentRate: 0.4 });
    expect(r.office.waitP50Ms).toBe(5 * MIN);
    expect(r.office.waitP90Ms).toBe(20 * MIN);
    expect(r.office.serviceP50Ms).toBe(6 * MIN);
    expect(r.office.serviceP90Ms).toBe(10 * MIN);
    expect(r.office.ratings).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 1, 1]);
    expect(r.office.meanRating).toBeCloseTo(22 / 3);
  });

  it('[R3] per service: issued for the first service, served and timed where it was served', () => {
    const by = Object.fromEntries(r.byService.map((x) => [x.key, x]));
    expect(by.facturacion).toMatchObject({ issued: 2, served: 3, waitP50Ms: 5 * MIN, waitP90Ms: 10 * MIN, serviceP50Ms: 8 * MIN, serviceP90Ms: 10 * MIN });
    expect(by.pagos).toMatchObject({ issued: 1, served: 0, waitP50Ms: 20 * MIN, serviceP50Ms: 4 * MIN });
    expect(by.reclamos).toMatchObject({ issued: 2, served: 0, noShows: 1, cancelled: 1, abandonmentRate: 1, waitP50Ms: 2 * MIN });
  });

  it('[R3] per agent and per hour of arrival (local time)', () => {
    const agents = Object.fromEntries(r.byAgent.map((x) => [x.key, x]));
    expect(agents.A).toMatchObject({ served: 1, noShows: 1, serviceP50Ms: 4 * MIN, serviceP90Ms: 10 * MIN, meanRating: 9 });
    expect(agents.B).toMatchObject({ served: 2, serviceP50Ms: 6 * MIN, serviceP90Ms: 8 * MIN, meanRating: 6.5 });
    expect(r.byHour.map((h) => [h.key, h.issued])).toEqual([['08', 3], ['09', 2]]);
    // 09: P-001's 4 min at Pagos (ended by its transfer) and 8 min at Facturación.
    expect(r.byHour.find((h) => h.key === '09')).toMatchObject({ serviceP50Ms: 4 * MIN, serviceP90Ms: 8 * MIN });
  });

  it('[R3] a service\'s no-shows and cancellations are of the tickets issued for it: its abandonment is at most 100%', () => {
    const a = ticket('a', 'P-020', 'pagos', T(10, 0));
    const b = ticket('b', 'F-020', 'facturacion', T(10, 1));
    const report = buildReport(
      [
        issued(a), called(a, T(10, 2), 'C'), started(a, T(10, 3)),
        { type: 'ticket_transferred', at: T(10, 10), ticketId: 'a', fromServiceId: 'pagos', toServiceId: 'facturacion', toCounterId: null, note: '' },
        called(a, T(10, 20), 'D'), { type: 'ticket_no_show', at: T(10, 25), ticketId: 'a', reason: 'agent' },
        issued(b), called(b, T(10, 30), 'D'), { type: 'ticket_no_show', at: T(10, 35), ticketId: 'b', reason: 'agent' },
      ],
      { officeId: 'o', timeZone: 'America/Bogota', from: '2026-11-23', to: '2026-11-23' },
    );
    const by = Object.fromEntries(report.byService.map((x) => [x.key, x]));
    expect(by.facturacion).toMatchObject({ issued: 1, noShows: 1, abandonmentRate: 1 });
    expect(by.pagos).toMatchObject({ issued: 1, noShows: 1, abandonmentRate: 1 });
    expect(report.office).toMatchObject({ issued: 2, noShows: 2, abandonmentRate: 1 });
  });

  it('[R4] callbacks and recoveries', () => {
    expect(r.callbacks).toEqual({ requested: 2, resolved: 1, closed: 1 });
    expect(r.cases).toEqual({ opened: 1, closed: 1, recovered: 1, recoveryRate: 1 });
  });

  it('a report finished, fed more and finished again is the report of all its events (the central keeps today this way)', () => {
    const opts = { officeId: 'o', timeZone: 'America/Bogota', from: '2026-11-23', to: '2026-11-23' };
    const events = day();
    for (const cut of [1, 10, 20, events.length - 2]) {
      const builder = reportBuilder(opts);
      for (const e of events.slice(0, cut)) builder.add(e);
      expect(builder.finish()).toEqual(buildReport(events.slice(0, cut), opts));
      expect(builder.finish()).toEqual(buildReport(events.slice(0, cut), opts)); // twice: nothing counted again
      for (const e of events.slice(cut)) builder.add(e);
      expect(builder.finish()).toEqual(r);
      expect(builder.finish()).toEqual(r);
    }
  });

  it('[A8] a counter released by a supervisor: the served ticket counts as served without a service time, the one put back is no service time either', () => {
    const a = ticket('a', 'P-010', 'pagos', T(10, 0));
    const b = ticket('b', 'P-011', 'pagos', T(10, 1));
    const released = buildReport(
      [
        issued(a), called(a, T(10, 2), 'C'), started(a, T(10, 3)),
        { type: 'service_finished', at: T(17, 0), ticketId: 'a', releasedBy: 'sup' },
        issued(b), called(b, T(10, 20), 'D'), started(b, T(10, 21)),
        { type: 'ticket_transferred', at: T(16, 0), ticketId: 'b', fromServiceId: 'pagos', toServiceId: 'pagos', toCounterId: null, note: '', releasedBy: 'sup' },
        called(b, T(16, 5), 'E'), started(b, T(16, 6)), finished(b, T(16, 10)),
      ],
      { officeId: 'o', timeZone: 'America/Bogota', from: '2026-11-23', to: '2026-11-23' },
    );
    expect(released.office).toMatchObject({ issued: 2, served: 2, serviceP50Ms: 4 * MIN, serviceP90Ms: 4 * MIN });
    const agents = Object.fromEntries(released.byAgent.map((x) => [x.key, x]));
    expect(agents.C).toMatchObject({ served: 1, serviceP50Ms: null });
    expect(agents.D?.serviceP50Ms ?? null).toBeNull();
  });

  it('leaves out tickets of other days', () => {
    const other = buildReport(day(), { officeId: 'o', timeZone: 'America/Bogota', from: '2026-11-22', to: '2026-11-22' });
    expect(other.office).toMatchObject({ issued: 1, served: 1 });
    expect(other.callbacks.requested).toBe(0);
  });
});
