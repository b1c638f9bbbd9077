import { ErrorCode, HubError, newTicket, refused, type Callback, type HubEvent, type PauseReason, type Ticket } from '@turnero/protocol';
import { pickNext } from './call-policy.ts';
import { formatTicketNumber } from './local-day.ts';
import { currentTicketAt, officeDay, type OfficeState } from './office-state.ts';
import { releaseCallback, unservedCallback } from './followups.ts';
import { nextStatus, type TicketAction } from './ticket-machine.ts';

/** What every decision is given from outside: the time and fresh ids. The domain reads no clock. */
export interface Ctx {
  now: number;
  newId: () => string;
}

/** The agent acting and the counter they hold. */
export interface Actor {
  agentId: string;
  counterId: string;
}

function ticketOf(state: OfficeState, ticketId: string): Ticket {
  const t = state.active.get(ticketId);
  if (!t) throw new HubError(ErrorCode.NOT_FOUND, `no active ticket ${ticketId}`);
  return t;
}

function counterOf(state: OfficeState, counterId: string) {
  const c = state.counters.get(counterId);
  if (!c) throw new HubError(ErrorCode.NOT_FOUND, `no counter ${counterId}`);
  return c;
}

/** The actor must hold the counter (SPEC A1). */
function requireSession(state: OfficeState, actor: Actor) {
  const s = state.sessions.get(actor.counterId);
  if (!s || s.agentId !== actor.agentId) throw new HubError(ErrorCode.NOT_AT_COUNTER, 'you are not signed in at this counter');
  return s;
}

/** A ticket an agent acts on must allow the action (SPEC T9) and be the one at their counter (SPEC A2). */
function ticketAtCounter(state: OfficeState, actor: Actor, ticketId: string, action: TicketAction): Ticket {
  requireSession(state, actor);
  const t = ticketOf(state, ticketId);
  // NOTE: the life cycle is checked before the counter, so acting on a waiting ticket (e.g. a stale "start" after a
  // requeue) is INVALID_TRANSITION as T9 says, not NOT_AT_COUNTER.
  nextStatus(t.status, action);
  if (t.counterId !== actor.counterId) throw new HubError(ErrorCode.NOT_AT_COUNTER, `ticket ${t.number} is not at your counter`);
  return t;
}

function serviceOf(state: OfficeState, serviceId: string) {
  const s = state.services.get(serviceId);
  if (!s) throw new HubError(ErrorCode.NOT_FOUND, `no service ${serviceId}`);
  if (!s.active) throw new HubError(ErrorCode.SERVICE_INACTIVE, `service ${serviceId} is not active`);
  return s;
}

export interface IssueInput {
  serviceId: string;
  preferentialClass: string | null;
  accountNumber: string | null;
  deviceId: string | null;
  /** To be called back if the ticket ends unserved (SPEC F6). */
  phone?: string | null;
}

/** Issues the next number of the service for the office's current local day (SPEC N1–N3). */
export function issueTicket(state: OfficeState, input: IssueInput, ctx: Ctx): HubEvent[] {
  const service = serviceOf(state, input.serviceId);
  if (input.preferentialClass !== null && !state.preferentialClasses.some((p) => p.id === input.preferentialClass)) {
    throw new HubError(ErrorCode.INVALID_ARGUMENT, `unknown preferential class ${input.preferentialClass}`);
  }
  const day = officeDay(state, ctx.now);
  const sequence = state.dayCounters.next(service.id, service.prefix, day);
  const ticket = newTicket({
    id: ctx.newId(),
    officeId: state.office.id,
    serviceId: service.id,
    number: formatTicketNumber(service.prefix, sequence),
    day,
    preferentialClass: input.preferentialClass,
    accountNumber: input.accountNumber,
    arrivedAt: ctx.now,
    phone: input.phone ?? null,
  });
  return [{ type: 'ticket_issued', at: ctx.now, ticket, deviceId: input.deviceId }];
}

function calledEvent(state: OfficeState, actor: Actor, t: Ticket, rule: Extract<HubEvent, { type: 'ticket_called' }>['rule'], manualReason: string | null, now: number): HubEvent {
  nextStatus(t.status, 'call');
  const counter = counterOf(state, actor.counterId);
  return {
    type: 'ticket_called',
    at: now,
    ticketId: t.id,
    number: t.number,
    serviceId: t.serviceId,
    counterId: counter.id,
    counterName: counter.name,
    agentId: actor.agentId,
    preferential: t.preferentialClass !== null,
    rule,
    manualReason,
  };
}

function requireFreeToCall(state: OfficeState, actor: Actor): void {
  const s = requireSession(state, actor);
  if (s.status === 'paused') throw new HubError(ErrorCode.AGENT_PAUSED, 'you are paused: set yourself available to call');
  const current = currentTicketAt(state, actor.counterId);
  if (current) throw new HubError(ErrorCode.HAS_CURRENT_TICKET, `finish ${current.number} first`, { ticketId: current.id });
}

/**
 * Calls the ticket the policy picks for the actor's counter (SPEC C1–C6, A3). Right after local
 * midnight, before the hub's sweep has ended the past day (D1), last night's waiting tickets are
 * ended in this same decision and the pick is among today's: yesterday's queue is never called first.
 */
export function callNext(state: OfficeState, actor: Actor, ctx: Ctx): HubEvent[] {
  requireFreeToCall(state, actor);
  const counter = counterOf(state, actor.counterId);
  const today = officeDay(state, ctx.now);
  const pastDayWaiting = (state.index.earliestArrival()?.day ?? today) < today;
  const pool = pastDayWaiting ? [...state.active.values()].filter((t) => t.day >= today) : state.index.candidates(counter);
  const choice = pickNext(pool, counter, state.settings.fairness, state.fairnessCursor, ctx.now);
  if (!choice) throw new HubError(ErrorCode.QUEUE_EMPTY, 'nobody is waiting for this counter');
  return [...(pastDayWaiting ? endPastDays(state, ctx) : []), calledEvent(state, actor, choice.ticket, choice.rule, null, ctx.now)];
}

/** Calls a specific waiting ticket out of order, recording why (SPEC C7). */
export function callTicket(state: OfficeState, actor: Actor, ticketId: string, reason: string, ctx: Ctx): HubEvent[] {
  requireFreeToCall(state, actor);
  const counter = counterOf(state, actor.counterId);
  const t = ticketOf(state, ticketId);
  // Sent to another counter (T7): its customer was told to go there, and that counter's agent expects it.
  const elsewhere = t.status === 'waiting' && t.targetCounterId !== null && t.targetCounterId !== counter.id ? state.counters.get(t.targetCounterId) : undefined;
  if (elsewhere) throw refused({ reason: 'waits_for_other_counter', counter: elsewhere.name }, `ticket ${t.number} was sent to ${elsewhere.name}`);
  if (!counter.serviceIds.includes(t.serviceId) && t.targetCounterId !== counter.id) throw new HubError(ErrorCode.FORBIDDEN, `this counter does not serve ticket ${t.number}`);
  return [calledEvent(state, actor, t, 'manual', reason, ctx.now)];
}

/** Calls again; past the recall limit the ticket becomes a no-show instead (SPEC T2, R1). */
export function recall(state: OfficeState, actor: Actor, ticketId: string, ctx: Ctx): HubEvent[] {
  const t = ticketAtCounter(state, actor, ticketId, 'recall');
  if (t.recalls >= state.settings.recallLimit) return [{ type: 'ticket_no_show', at: ctx.now, ticketId: t.id, reason: 'recall_limit' }, ...unservedCallback(t, 'no_show', ctx)];
  const counter = counterOf(state, actor.counterId);
  return [{ type: 'ticket_recalled', at: ctx.now, ticketId: t.id, number: t.number, serviceId: t.serviceId, counterId: counter.id, counterName: counter.name, recalls: t.recalls + 1 }];
}

type SimpleAction = 'requeue' | 'start' | 'finish' | 'no_show';

/** Requeue, start, finish or no-show of the ticket at the actor's counter (SPEC T3–T6). */
export function actOnTicket(state: OfficeState, actor: Actor, ticketId: string, action: SimpleAction, ctx: Ctx): HubEvent[] {
  const t = ticketAtCounter(state, actor, ticketId, action);
  const at = ctx.now;
  switch (action) {
    case 'requeue':
      return backToQueue(state, t, ctx);
    case 'start':
      return [{ type: 'service_started', at, ticketId }];
    case 'finish':
      return [{ type: 'service_finished', at, ticketId }];
    case 'no_show':
      return [{ type: 'ticket_no_show', at, ticketId, reason: 'agent' }, ...unservedCallback(t, 'no_show', ctx)];
  }
}

/** Sends a ticket being served to another service or counter; it keeps its first arrival (SPEC T7). */
export function transfer(state: OfficeState, actor: Actor, input: { ticketId: string; toServiceId: string | null; toCounterId: string | null; note: string }, ctx: Ctx): HubEvent[] {
  const t = ticketAtCounter(state, actor, input.ticketId, 'transfer');
  const toServiceId = input.toServiceId ?? t.serviceId;
  // A customer at a counter is not in a video booth, nor the other way round (the booth would ring for nobody).
  if (serviceOf(state, toServiceId).mode !== (state.services.get(t.serviceId)?.mode ?? 'in_person')) throw refused({ reason: 'transfer_mode' }, 'a ticket does not move between an in-person service and a video one');
  if (input.toCounterId !== null) {
    const target = counterOf(state, input.toCounterId);
    if (target.id === actor.counterId) throw new HubError(ErrorCode.INVALID_ARGUMENT, 'cannot transfer to your own counter');
    // Nobody there would call it, and closing a counter sends its transfers back to their queue (A6): refused, not stranded.
    if (!state.sessions.has(target.id)) throw refused({ reason: 'transfer_counter_closed' }, `${target.name} is closed: transfer to its service instead`);
  }
  return [
    { type: 'ticket_transferred', at: ctx.now, ticketId: t.id, fromServiceId: t.serviceId, toServiceId, toCounterId: input.toCounterId, note: input.note.trim(), agentId: actor.agentId },
    ...endIfPastDay(state, t, ctx),
  ];
}

/** A supervisor cancels a waiting ticket (SPEC T8); one that left a phone is called back (F6) unless `callback` is false (a duplicate). */
export function cancelTicket(state: OfficeState, { ticketId, reason, callback = true }: { ticketId: string; reason: string; callback?: boolean }, ctx: Ctx): HubEvent[] {
  const t = ticketOf(state, ticketId);
  nextStatus(t.status, 'cancel');
  return [{ type: 'ticket_cancelled', at: ctx.now, ticketId, reason }, ...(callback ? unservedCallback(t, 'cancelled', ctx) : [])];
}

/** The cancellation reason of a ticket still waiting when its day ended (SPEC D1). */
export const DAY_ENDED = 'day_ended';

/**
 * Ends the office's past days (SPEC D1): every ticket still waiting from a local day before today is
 * cancelled — its customer left when the office closed, and the maximum-wait rule (C3) would
 * otherwise call last night's queue first this morning. One that left a phone gets a callback
 * (F6), so nobody who was given a number is forgotten. Called and serving tickets stay with their
 * agent (until they put it back in a queue: see endIfPastDay). Nothing to end: no events.
 */
export function endPastDays(state: OfficeState, ctx: Ctx): HubEvent[] {
  const events: HubEvent[] = [];
  for (const t of state.active.values()) if (t.status === 'waiting') events.push(...endIfPastDay(state, t, ctx));
  return events;
}

/**
 * A ticket of an earlier local day ends as `day_ended` (with its callback, F6) — swept while waiting,
 * or, when an agent puts one still at their counter back in a queue (requeue, transfer, closing the
 * counter), right after, in the same decision: last night's ticket is never called first (SPEC D1).
 */
function endIfPastDay(state: OfficeState, t: Ticket, ctx: Ctx): HubEvent[] {
  if (t.day >= officeDay(state, ctx.now)) return [];
  return [{ type: 'ticket_cancelled', at: ctx.now, ticketId: t.id, reason: DAY_ENDED }, ...unservedCallback(t, 'day_ended', ctx)];
}

/** Signs an agent in at a counter; one agent per counter, one counter per agent (SPEC A4, A5). */
export function openCounter(state: OfficeState, agent: { agentId: string; agentName: string }, counterId: string, ctx: Ctx): HubEvent[] {
  counterOf(state, counterId);
  const holder = state.sessions.get(counterId);
  if (holder && holder.agentId !== agent.agentId) throw new HubError(ErrorCode.COUNTER_HELD, `counter is held by ${holder.agentName}`);
  if (holder) return [];
  const events: HubEvent[] = [];
  for (const [otherId, s] of state.sessions) {
    if (s.agentId !== agent.agentId) continue;
    const current = currentTicketAt(state, otherId);
    if (current) throw new HubError(ErrorCode.HAS_CURRENT_TICKET, `finish ${current.number} at your other counter first`);
    events.push(...emptyCounter(state, otherId, agent.agentId, ctx), { type: 'counter_closed', at: ctx.now, counterId: otherId, agentId: agent.agentId });
  }
  events.push({ type: 'counter_opened', at: ctx.now, counterId, agentId: agent.agentId, agentName: agent.agentName });
  return events;
}

/** Signs the agent out of the counter; a called ticket goes back to the queue, a ticket being served must be finished first (SPEC A6). */
export function closeCounter(state: OfficeState, actor: Actor, ctx: Ctx): HubEvent[] {
  requireSession(state, actor);
  const current = currentTicketAt(state, actor.counterId);
  if (current?.status === 'serving') throw new HubError(ErrorCode.HAS_CURRENT_TICKET, `finish ${current.number} first`);
  return [...(current ? backToQueue(state, current, ctx) : []), ...emptyCounter(state, actor.counterId, actor.agentId, ctx), { type: 'counter_closed', at: ctx.now, counterId: actor.counterId, agentId: actor.agentId }];
}

/** What a supervisor releasing a counter does with a ticket being served there: it was served, or it was not. */
export type ServingTicketChoice = 'finish' | 'requeue';

/**
 * A supervisor frees a counter its agent left held — gone home, desk switched off, user disabled
 * (SPEC A8). `agentId` and `ticketId` are the holder and ticket the supervisor saw: either changed by now is refused.
 * A called ticket goes back to its queue (as A6); one being served is finished or goes back to its
 * service's queue with its first arrival, as the supervisor says — marked, so neither counts as a
 * service time nor a transfer. A counter nobody holds: nothing to do.
 */
export function releaseCounter(state: OfficeState, input: { counterId: string; agentId: string; ticketId: string | null; servingTicket: ServingTicketChoice }, supervisorId: string, ctx: Ctx): HubEvent[] {
  const { counterId } = input;
  counterOf(state, counterId);
  const holder = state.sessions.get(counterId);
  if (!holder) return [];
  if (holder.agentId !== input.agentId) throw refused({ reason: 'holder_changed', holder: holder.agentName }, `counter is held by ${holder.agentName} now`);
  if (holder.agentId === supervisorId) throw refused({ reason: 'release_own_counter' }, 'close your own counter from your desk');
  const current = currentTicketAt(state, counterId);
  // The choice for a ticket being served was made for the one the supervisor saw (the desk may still be working).
  if ((current?.id ?? null) !== input.ticketId) throw refused({ reason: 'ticket_changed' }, 'the ticket at this counter changed');
  const served = current?.status === 'serving' && input.servingTicket === 'finish';
  const left: HubEvent[] = !current ? [] : served ? [{ type: 'service_finished', at: ctx.now, ticketId: current.id, releasedBy: supervisorId }] : backToQueue(state, current, ctx, supervisorId);
  return [...left, ...emptyCounter(state, counterId, supervisorId, ctx), { type: 'counter_closed', at: ctx.now, counterId, agentId: holder.agentId, releasedBy: supervisorId }];
}

/**
 * The ticket at a counter being closed goes back to its service's queue with its first arrival: a
 * called one requeued, one being served (only when a supervisor releases the counter) put back as
 * a transfer to the same service marked `releasedBy`; last night's ends instead (D1).
 */
function backToQueue(state: OfficeState, t: Ticket, ctx: Ctx, releasedBy?: string): HubEvent[] {
  const back: HubEvent =
    t.status === 'serving'
      ? { type: 'ticket_transferred', at: ctx.now, ticketId: t.id, fromServiceId: t.serviceId, toServiceId: t.serviceId, toCounterId: null, note: '', ...(releasedBy === undefined ? {} : { releasedBy }) }
      : { type: 'ticket_requeued', at: ctx.now, ticketId: t.id };
  return [back, ...endIfPastDay(state, t, ctx)];
}

/** Every counter `agentId` holds, released (a user disabled: SPEC A8); a ticket being served goes back to its queue. */
export function releaseCountersOf(state: OfficeState, agentId: string, supervisorId: string, ctx: Ctx): HubEvent[] {
  return [...state.sessions]
    .filter(([, s]) => s.agentId === agentId)
    .flatMap(([counterId]) => releaseCounter(state, { counterId, agentId, ticketId: currentTicketAt(state, counterId)?.id ?? null, servingTicket: 'requeue' }, supervisorId, ctx));
}

/**
 * What a disabled user held, given back in the same change (SPEC A8, F3): their counters released
 * (a ticket being served back to its queue) and the callbacks they had claimed back to the worklist.
 */
export function releaseWorkOf(state: OfficeState, userId: string, claimed: readonly Callback[], by: string, ctx: Ctx): HubEvent[] {
  return [...releaseCountersOf(state, userId, by, ctx), ...claimed.flatMap((cb) => releaseCallback(cb, { userId: by, manager: true }, ctx))];
}

/**
 * Tickets sent to a counter being closed (by its agent, by the agent moving to another counter, or
 * by a supervisor releasing it: `by`) go back to their service's queue (SPEC A5, A6, A8) — marked
 * `releasedBy`, so that the bounce counts as no transfer of theirs.
 */
function emptyCounter(state: OfficeState, counterId: string, by: string, ctx: Ctx): HubEvent[] {
  const events: HubEvent[] = [];
  // Tickets transferred to this counter would wait for it forever: they go back to their service's queue.
  for (const t of state.active.values()) {
    if (t.status !== 'waiting' || t.targetCounterId !== counterId) continue;
    events.push({ type: 'ticket_transferred', at: ctx.now, ticketId: t.id, fromServiceId: t.serviceId, toServiceId: t.serviceId, toCounterId: null, note: '', releasedBy: by });
  }
  return events;
}

/** Available, or paused with a reason; paused counters are not offered calls (SPEC A3, A7). */
export function setAgentStatus(state: OfficeState, actor: Actor, status: 'available' | 'paused', reason: PauseReason | null, ctx: Ctx): HubEvent[] {
  const s = requireSession(state, actor);
  if (status === 'paused' && reason === null) throw new HubError(ErrorCode.INVALID_ARGUMENT, 'a pause needs a reason');
  const r = status === 'paused' ? reason : null;
  if (s.status === status && s.reason === r) return [];
  return [{ type: 'agent_status_changed', at: ctx.now, counterId: actor.counterId, agentId: actor.agentId, status, reason: r }];
}
