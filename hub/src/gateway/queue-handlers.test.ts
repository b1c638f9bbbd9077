import { describe, expect, it } from 'vitest';
import { ErrorCode, HubError, newTicket } from '@turnero/protocol';
import type { OfficeEngine } from '../office-engine.ts';
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
