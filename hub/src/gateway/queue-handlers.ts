import { ErrorCode, HubError, type RequestPayload, type RequestType, type SequencedEvent, type Ticket } from '@turnero/protocol';
import * as cmd from '../domain/commands.ts';
import { counterView, type OfficeState } from '../domain/office-state.ts';
import type { OfficeEngine } from '../office-engine.ts';
import type { Connection } from './connection.ts';

export interface HandlerResult {
  data: unknown;
  events?: SequencedEvent[];
}

type QueueRequest =
  | 'open_counter'
  | 'close_counter'
  | 'release_counter'
  | 'set_agent_status'
  | 'call_next'
  | 'call_ticket'
  | 'recall'
  | 'requeue'
  | 'start_service'
  | 'finish_service'
  | 'mark_no_show'
  | 'transfer'
  | 'cancel_ticket';

type Handler<T extends RequestType> = (conn: Connection & { principal: NonNullable<Connection['principal']> }, payload: RequestPayload<T>) => HandlerResult;

/** The counter this user holds in their office; every agent action happens there (SPEC A1). */
function actorOf(state: OfficeState, userId: string): cmd.Actor {
  for (const [counterId, s] of state.sessions) if (s.agentId === userId) return { agentId: userId, counterId };
  throw new HubError(ErrorCode.NO_COUNTER, 'open a counter first');
}

function ticketAfter(engine: OfficeEngine, officeId: string, ticketId: string): Ticket {
  const live = engine.state(officeId).active.get(ticketId);
  if (live) return live;
  const stored = engine.store.ticketById(ticketId);
  if (!stored) throw new HubError(ErrorCode.INTERNAL, `ticket ${ticketId} vanished`);
  return stored.ticket;
}

/** The live state forgets ended tickets: an action on one of the office's is a refused transition (SPEC T9), not an unknown ticket. */
function endedTicketGuard(engine: OfficeEngine, officeId: string, ticketId: string, error: unknown): never {
  if (error instanceof HubError && error.code === ErrorCode.NOT_FOUND) {
    const stored = engine.store.ticketById(ticketId);
    // Another office's ticket stays unknown: its number and status are not this office's to read.
    if (stored && stored.ticket.officeId === officeId) throw new HubError(ErrorCode.INVALID_TRANSITION, `ticket ${stored.ticket.number} is ${stored.ticket.status}`, { status: stored.ticket.status });
  }
  throw error;
}

/** Agent and supervisor commands on tickets and counters: each one domain decision, committed by the engine. */
export function queueHandlers(engine: OfficeEngine): { [T in QueueRequest]: Handler<T> } {
  const onTicket = (conn: Parameters<Handler<'recall'>>[0], ticketId: string, decide: (s: OfficeState, a: cmd.Actor, c: cmd.Ctx) => ReturnType<typeof cmd.recall>): HandlerResult => {
    const officeId = conn.principal.officeId;
    let events;
    try {
      events = engine.execute(officeId, (s, c) => decide(s, actorOf(s, conn.principal.id), c));
    } catch (error) {
      endedTicketGuard(engine, officeId, ticketId, error);
    }
    return { data: { ticket: ticketAfter(engine, officeId, ticketId) }, events };
  };
  const called = (conn: Parameters<Handler<'call_next'>>[0], decide: (s: OfficeState, a: cmd.Actor, c: cmd.Ctx) => ReturnType<typeof cmd.callNext>): HandlerResult => {
    const officeId = conn.principal.officeId;
    const events = engine.execute(officeId, (s, c) => decide(s, actorOf(s, conn.principal.id), c));
    // Right after midnight the call comes after the past day's tickets ended in the same decision (SPEC D1).
    const call = events.find((e) => e.event.type === 'ticket_called')?.event;
    if (call?.type !== 'ticket_called') throw new HubError(ErrorCode.INTERNAL, 'call produced no call');
    return { data: { ticket: ticketAfter(engine, officeId, call.ticketId) }, events };
  };
  const counterOf = (conn: Parameters<Handler<'close_counter'>>[0], counterId: string) => {
    const state = engine.state(conn.principal.officeId);
    const counter = state.counters.get(counterId);
    if (!counter) throw new HubError(ErrorCode.NOT_FOUND, `no counter ${counterId}`);
    return counterView(state, counter);
  };

  return {
    open_counter: (conn, p) => {
      const events = engine.execute(conn.principal.officeId, (s, c) => cmd.openCounter(s, { agentId: conn.principal.id, agentName: conn.principal.name }, p.counterId, c));
      return { data: { counter: counterOf(conn, p.counterId) }, events };
    },
    close_counter: (conn) => {
      const events = engine.execute(conn.principal.officeId, (s, c) => cmd.closeCounter(s, actorOf(s, conn.principal.id), c));
      return { data: {}, events };
    },
    release_counter: (conn, p) => {
      const events = engine.execute(conn.principal.officeId, (s, c) => cmd.releaseCounter(s, p, conn.principal.id, c));
      return { data: { counter: counterOf(conn, p.counterId) }, events };
    },
    set_agent_status: (conn, p) => {
      const officeId = conn.principal.officeId;
      let counterId = '';
      const events = engine.execute(officeId, (s, c) => {
        const actor = actorOf(s, conn.principal.id);
        counterId = actor.counterId;
        return cmd.setAgentStatus(s, actor, p.status, p.reason, c);
      });
      return { data: { counter: counterOf(conn, counterId) }, events };
    },
    call_next: (conn) => called(conn, (s, a, c) => cmd.callNext(s, a, c)),
    call_ticket: (conn, p) => {
      try {
        return called(conn, (s, a, c) => cmd.callTicket(s, a, p.ticketId, p.reason, c));
      } catch (error) {
        return endedTicketGuard(engine, conn.principal.officeId, p.ticketId, error);
      }
    },
    recall: (conn, p) => onTicket(conn, p.ticketId, (s, a, c) => cmd.recall(s, a, p.ticketId, c)),
    requeue: (conn, p) => onTicket(conn, p.ticketId, (s, a, c) => cmd.actOnTicket(s, a, p.ticketId, 'requeue', c)),
    start_service: (conn, p) => onTicket(conn, p.ticketId, (s, a, c) => cmd.actOnTicket(s, a, p.ticketId, 'start', c)),
    finish_service: (conn, p) => onTicket(conn, p.ticketId, (s, a, c) => cmd.actOnTicket(s, a, p.ticketId, 'finish', c)),
    mark_no_show: (conn, p) => onTicket(conn, p.ticketId, (s, a, c) => cmd.actOnTicket(s, a, p.ticketId, 'no_show', c)),
    transfer: (conn, p) => onTicket(conn, p.ticketId, (s, a, c) => cmd.transfer(s, a, p, c)),
    cancel_ticket: (conn, p) => {
      const officeId = conn.principal.officeId;
      let events;
      try {
        events = engine.execute(officeId, (s, c) => cmd.cancelTicket(s, p, c));
      } catch (error) {
        endedTicketGuard(engine, officeId, p.ticketId, error);
      }
      return { data: { ticket: ticketAfter(engine, officeId, p.ticketId) }, events };
    },
  };
}
