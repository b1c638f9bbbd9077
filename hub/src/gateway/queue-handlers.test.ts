import { describe, expect, it } from 'vitest';
import { ErrorCode, HubError, newTicket } from '@turnero/protocol';
import { demoOffice } from '../demo.ts';
import { issueTicket, openCounter } from '../domain/commands.ts';
import { OfficeEngine } from '../office-engine.ts';
import { SqliteStore } from '../store/sqlite-store.ts';
import { queueHandlers } from './queue-handlers.ts';

/** An engine whose live state has no such ticket (ended, or never this office's) and whose store holds `stored`. */
function engineWith(stored: ReturnType<typeof newTicket>) {
  return {
    execute: () => {
      throw new HubError(ErrorCode.NOT_FOUND, 'no such ticket');
    },
    state: () => ({ active: new Map(), sessions: new Map([['c1', { agentId: 'u1' }]]) }),
    store: { ticketById: (id: string) => (id === stored.id ? { ticket: stored } : null) },
  } as unknown as OfficeEngine;
}

const ticket = (officeId: string) => ({
  ...newTicket({ id: 't1', officeId, serviceId: 'pagos', number: 'P-007', day: '2026-12-05', preferentialClass: null, accountNumber: null, arrivedAt: 0 }),
  status: 'done' as const,
});
const conn = (officeId: string) => ({ principal: { kind: 'user', id: 'u1', officeId, name: 'A', role: 'supervisor', counterId: null } }) as never;

describe('queue handlers on a ticket the live state no longer holds', () => {
  it('[T9] one of the office’s own ended tickets is a refused transition that says its status', () => {
    const handlers = queueHandlers(engineWith(ticket('o1')));
    expect(() => handlers.cancel_ticket(conn('o1'), { ticketId: 't1', reason: 'x' })).toThrow(expect.objectContaining({ code: ErrorCode.INVALID_TRANSITION, details: { status: 'done' } }));
  });

  it('another office’s ticket stays unknown (NOT_FOUND): its number and status are not told', () => {
    const handlers = queueHandlers(engineWith(ticket('o2')));
    for (const act of [() => handlers.cancel_ticket(conn('o1'), { ticketId: 't1', reason: 'x' }), () => handlers.finish_service(conn('o1'), { ticketId: 't1' }), () => handlers.call_ticket(conn('o1'), { ticketId: 't1', reason: 'x' })]) {
      let error: unknown;
      try {
        act();
      } catch (e) {
        error = e;
      }
      expect(error).toMatchObject({ code: ErrorCode.NOT_FOUND });
      expect(String((error as Error).message)).not.toContain('P-007');
    }
  });
});

describe('call_next right after midnight', () => {
  it('[D1] answers with the call when last night’s waiting tickets end in the same decision (they come first in its events)', () => {
    const O = 'cucuta-centro';
    const store = new SqliteStore({ path: ':memory:' });
    store.createOffice(demoOffice('http://hub'));
    let now = Date.UTC(2026, 10, 21, 4, 50); // 23:50 in Bogotá
    let id = 0;
    const engine = new OfficeEngine(store, () => now, () => `id-${++id}`, { groupCommit: false });
    const issue = (i: number) =>
      engine.execute(O, (s, c) => issueTicket(s, { serviceId: 'facturacion', preferentialClass: null, accountNumber: null, deviceId: null }, c), { ticket: { statusToken: `st-${i}-0123456789`, deviceId: null, idempotencyKey: null } });
    issue(1);
    engine.execute(O, (s, c) => openCounter(s, { agentId: 'user-agente1', agentName: 'A' }, 'modulo-1', c));
    now = Date.UTC(2026, 10, 21, 5, 0, 0, 5); // 00:00:00.005: the minute's sweep has not ended the past day yet
    issue(2);
    const result = queueHandlers(engine).call_next({ principal: { kind: 'user', id: 'user-agente1', officeId: O, name: 'A', role: 'agent', counterId: 'modulo-1' } } as never, {} as never);
    const events = (result.events ?? []).map((e) => e.event.type);
    expect(events[0]).toBe('ticket_cancelled');
    expect(events.at(-1)).toBe('ticket_called');
    expect((result.data as { ticket: { number: string; day: string } }).ticket).toMatchObject({ day: '2026-11-21', status: 'called' });
    store.close();
  });
});
