import { ErrorCode, HubError, type AgentDay, type CustomerHistory, type Principal, type RequestPayload, type Ticket } from '@turnero/protocol';
import { claimCallback, rateTicket, recordCallbackAttempt, recordCaseFollowUp, releaseCallback } from '../domain/followups.ts';
import { officeDay } from '../domain/office-state.ts';
import type { OfficeEngine } from '../office-engine.ts';
import { isCentralStaff } from './central-handlers.ts';
import { isManager } from './permissions.ts';
import type { HandlerResult } from './queue-handlers.ts';

/** The counter a rating comes from: the keypad station's own, the agent's, or — for a video booth — the counter that served the call. */
function ratingCounter(engine: OfficeEngine, p: Principal, ticket: Ticket): string {
  if (p.role === 'kiosk') {
    const video = engine.state(p.officeId).services.get(ticket.serviceId)?.mode === 'video';
    if (!video || engine.store.ticketDeviceId(ticket.id) !== p.id || !ticket.counterId) throw new HubError(ErrorCode.FORBIDDEN, 'a booth rates only the video calls it held');
    return ticket.counterId;
  }
  if (p.role === 'keypad_station') {
    if (!p.counterId) throw new HubError(ErrorCode.NO_COUNTER, 'this keypad station has no counter');
    return p.counterId;
  }
  // The agent who served it, also once gone from that counter (closed it, or moved, right after finishing): their keypad's rating counts.
  if (ticket.agentId === p.id && ticket.counterId) return ticket.counterId;
  for (const [counterId, s] of engine.state(p.officeId).sessions) if (s.agentId === p.id) return counterId;
  throw new HubError(ErrorCode.NO_COUNTER, 'open a counter first');
}

/** A local day began at most this long ago (25 hours on the day the clocks go back, plus a margin). */
const DAY_BEGAN_WITHIN_MS = 26 * 3_600_000;

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** Ratings, customer history, an agent's day, callbacks and recovery cases. */
export function followupHandlers(engine: OfficeEngine) {
  const store = engine.store;
  return {
    rate_ticket(p: Principal, payload: RequestPayload<'rate_ticket'>): HandlerResult {
      const stored = store.ticketById(payload.ticketId);
      if (!stored || stored.ticket.officeId !== p.officeId) throw new HubError(ErrorCode.NOT_FOUND, 'no such ticket');
      const counterId = ratingCounter(engine, p, stored.ticket);
      const threshold = engine.state(p.officeId).settings.ratingThreshold;
      const events = engine.execute(p.officeId, (_s, c) => rateTicket(stored.ticket, { rating: payload.rating, counterId, source: payload.source }, threshold, c));
      const opened = events.find((e) => e.event.type === 'case_opened')?.event;
      // A repeated rating writes nothing: it is answered as the first time, with the case it opened then.
      const recovery = opened?.type === 'case_opened' ? opened.case : events.length === 0 ? store.caseOfTicket(stored.ticket.id) : null;
      // NOTE: a device the customer touches (a keypad station, a video booth) learns only that the rating
      // counted: the ticket and the case carry the customer's phone and account number.
      if (p.kind === 'device') return { data: { ticket: { id: stored.ticket.id, rating: payload.rating }, case: recovery && { id: recovery.id } }, events };
      return { data: { ticket: { ...stored.ticket, rating: payload.rating }, case: recovery }, events };
    },

    /** Staff of an office see their office's visits and callbacks; central staff every office's (SPEC S5). */
    customer_history(p: Principal, payload: RequestPayload<'customer_history'>): HandlerResult {
      const office = isCentralStaff(p) ? null : p.officeId;
      const visits = store
        .ticketsOfAccount(payload.accountNumber, office, 11)
        .filter((t) => t.status !== 'waiting' && t.status !== 'called' && t.status !== 'serving')
        .slice(0, 10)
        .map((t) => ({ ticketId: t.id, number: t.number, serviceId: t.serviceId, day: t.day, status: t.status, rating: t.rating, arrivedAt: t.arrivedAt, notes: t.notes }));
      const data: CustomerHistory = { visits, openCallbacks: store.openCallbacksOfAccount(payload.accountNumber, office) };
      return { data };
    },

    my_day(p: Principal): HandlerResult {
      const state = engine.state(p.officeId);
      const day = officeDay(state, engine.clock());
      const mine = store.ticketsOfAgentDay(p.officeId, day, p.id);
      const served = mine.filter((t) => t.status === 'done');
      const rated = served.filter((t) => t.rating !== null).map((t) => t.rating as number);
      const data: AgentDay = {
        day,
        served: served.length,
        noShows: mine.filter((t) => t.status === 'no_show').length,
        // A ticket sent on is then another agent's (or nobody's, waiting): the log says who sent it.
        transferred: store.transfersOfAgentDay(p.officeId, day, p.id, engine.clock() - DAY_BEGAN_WITHIN_MS),
        meanServiceMs: mean(served.filter((t) => t.startedAt !== null && t.endedAt !== null).map((t) => (t.endedAt as number) - (t.startedAt as number))),
        meanRating: mean(rated),
        ratings: rated.length,
      };
      return { data };
    },

    list_callbacks(p: Principal, payload: RequestPayload<'list_callbacks'>): HandlerResult {
      return { data: { callbacks: store.callbacksOf(p.officeId, payload.status) } };
    },

    claim_callback(p: Principal, payload: RequestPayload<'claim_callback'>): HandlerResult {
      const found = store.callbackById(payload.callbackId);
      if (!found || found.callback.officeId !== p.officeId) throw new HubError(ErrorCode.NOT_FOUND, 'no such callback');
      const events = engine.execute(p.officeId, (_s, c) => claimCallback(found.callback, p.id, c));
      return { data: { callback: store.callbackById(payload.callbackId)?.callback }, events };
    },

    release_callback(p: Principal, payload: RequestPayload<'release_callback'>): HandlerResult {
      const found = store.callbackById(payload.callbackId);
      if (!found || found.callback.officeId !== p.officeId) throw new HubError(ErrorCode.NOT_FOUND, 'no such callback');
      const events = engine.execute(p.officeId, (_s, c) => releaseCallback(found.callback, { userId: p.id, manager: isManager(p) }, c));
      return { data: { callback: store.callbackById(payload.callbackId)?.callback }, events };
    },

    record_callback_attempt(p: Principal, payload: RequestPayload<'record_callback_attempt'>): HandlerResult {
      const found = store.callbackById(payload.callbackId);
      if (!found || found.callback.officeId !== p.officeId) throw new HubError(ErrorCode.NOT_FOUND, 'no such callback');
      const events = engine.execute(p.officeId, (_s, c) => recordCallbackAttempt(found.callback, p.id, payload.outcome, payload.note, c));
      return { data: { callback: store.callbackById(payload.callbackId)?.callback }, events };
    },

    list_cases(p: Principal, payload: RequestPayload<'list_cases'>): HandlerResult {
      return { data: { cases: store.casesOf(p.officeId, payload.status) } };
    },

    record_case_followup(p: Principal, payload: RequestPayload<'record_case_followup'>): HandlerResult {
      const found = store.caseById(payload.caseId);
      if (!found || found.officeId !== p.officeId) throw new HubError(ErrorCode.NOT_FOUND, 'no such case');
      const events = engine.execute(p.officeId, (_s, c) => recordCaseFollowUp(found, p.id, payload.outcome, payload.note, c));
      return { data: { case: store.caseById(payload.caseId) }, events };
    },
  };
}
