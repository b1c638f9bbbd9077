import { ticketAfterEvent } from '@turnero/protocol';
import type {
  Counter,
  CounterView,
  HubEvent,
  Office,
  OfficeSettings,
  PauseReason,
  PreferentialClass,
  QueueStats,
  RecentCall,
  Service,
  ServiceGroup,
  Ticket,
} from '@turnero/protocol';
import { applyConfig } from './config.ts';
import { DayCounters } from './day-counters.ts';
import { IssuedKeys } from './issued-keys.ts';
import { localDay, prefixOf, sequenceOf } from './local-day.ts';
import { estimateWaitMinutes, meanServiceMs, pushSample } from './wait-estimate.ts';
import { WaitingIndex } from './waiting-index.ts';

/** Who holds a counter and in which state. */
export interface CounterSession {
  agentId: string;
  agentName: string;
  status: 'available' | 'paused';
  reason: PauseReason | null;
  since: number;
}

/** The live state of one office, rebuilt from the store at start and advanced by `applyEvent`. */
export interface OfficeState {
  office: Office;
  settings: OfficeSettings;
  groups: ServiceGroup[];
  services: Map<string, Service>;
  counters: Map<string, Counter>;
  preferentialClasses: PreferentialClass[];
  /** Tickets not yet ended (waiting, called, serving). */
  active: Map<string, Ticket>;
  sessions: Map<string, CounterSession>;
  /** Last number issued per service and day, for the last few days issued on. */
  dayCounters: DayCounters;
  fairnessCursor: number;
  serviceSamples: Map<string, number[]>;
  recentCalls: RecentCall[];
  /** Waiting tickets per service, kept in step with `active`. */
  waitingCount: Map<string, number>;
  /** Waiting tickets indexed for the call policy, kept in step with `active`. */
  index: WaitingIndex;
  /** The called or serving ticket at each counter, kept in step with `active`. */
  atCounter: Map<string, string>;
  /** Which ticket each recent kiosk idempotency key got (SPEC P3). */
  issuedKeys: IssuedKeys;
}

/** An office with its catalogue and no tickets, sessions or history yet. */
export function newOfficeState(catalog: Pick<OfficeState, 'office' | 'settings' | 'groups' | 'services' | 'counters' | 'preferentialClasses'>, fairnessCursor = 0): OfficeState {
  return {
    ...catalog,
    active: new Map(),
    sessions: new Map(),
    dayCounters: new DayCounters(),
    fairnessCursor,
    serviceSamples: new Map(),
    recentCalls: [],
    waitingCount: new Map(),
    index: new WaitingIndex(),
    atCounter: new Map(),
    issuedKeys: new IssuedKeys(),
  };
}

/** The derived parts of a state (counts and indexes) for a set of live tickets. */
export function indexTickets(state: Pick<OfficeState, 'waitingCount' | 'index' | 'atCounter'>, tickets: Iterable<Ticket>): void {
  // The index orders by the tickets' own times whatever the order they come in; in queue order each one lands at the end of its queue (no shifting).
  const sorted = [...tickets].sort((a, b) => a.queuedAt - b.queuedAt);
  for (const t of sorted) track(state, t, 1);
}

export const RECENT_CALLS = 12;

/** The counter's called or serving ticket, if any. */
export function currentTicketAt(state: OfficeState, counterId: string): Ticket | null {
  const id = state.atCounter.get(counterId);
  return id === undefined ? null : (state.active.get(id) ?? null);
}

/** Adds (+1) or removes (-1) a live ticket from the derived counts and indexes. */
function track(state: Pick<OfficeState, 'waitingCount' | 'index' | 'atCounter'>, ticket: Ticket, delta: 1 | -1): void {
  if (ticket.status === 'waiting') {
    state.waitingCount.set(ticket.serviceId, (state.waitingCount.get(ticket.serviceId) ?? 0) + delta);
    if (delta === 1) state.index.add(ticket);
    else state.index.remove(ticket);
  } else if ((ticket.status === 'called' || ticket.status === 'serving') && ticket.counterId !== null) {
    if (delta === 1) state.atCounter.set(ticket.counterId, ticket.id);
    else if (state.atCounter.get(ticket.counterId) === ticket.id) state.atCounter.delete(ticket.counterId);
  }
}

/** Replaces a live ticket by its value after `event`; ended tickets leave the live state. */
function patchTicket(state: OfficeState, event: HubEvent & { ticketId: string }): Ticket | null {
  const t = state.active.get(event.ticketId);
  if (!t) return null;
  const next = ticketAfterEvent(t, event);
  if (!next) return null;
  track(state, t, -1);
  if (next.status !== 'done' && next.status !== 'no_show' && next.status !== 'cancelled') track(state, next, 1);
  if (next.status === 'done' || next.status === 'no_show' || next.status === 'cancelled') state.active.delete(t.id);
  else state.active.set(t.id, next);
  return next;
}

function pushCall(state: Pick<OfficeState, 'recentCalls'>, call: RecentCall): void {
  state.recentCalls.unshift(call);
  if (state.recentCalls.length > RECENT_CALLS) state.recentCalls.length = RECENT_CALLS;
}

/**
 * A called ticket put back in its queue (by its agent, a closed or released counter) was never
 * served there: its calls leave the recent ones, so that no display sends its customer to that
 * counter (SPEC P5). When called again, that call is shown like any other.
 */
function withdrawCalls(state: Pick<OfficeState, 'recentCalls'>, ticketId: string): void {
  if (state.recentCalls.some((c) => c.ticketId === ticketId)) state.recentCalls = state.recentCalls.filter((c) => c.ticketId !== ticketId);
}

/** The recent calls after `events` (calls, recalls and requeues, oldest first), as the live state keeps them. */
export function recentCallsAfter(events: readonly HubEvent[]): RecentCall[] {
  const state: Pick<OfficeState, 'recentCalls'> = { recentCalls: [] };
  for (const e of events) {
    if (e.type === 'ticket_called' || e.type === 'ticket_recalled') pushCall(state, callOf(e));
    else if (e.type === 'ticket_requeued') withdrawCalls(state, e.ticketId);
  }
  return state.recentCalls;
}

function callOf(e: Extract<HubEvent, { type: 'ticket_called' | 'ticket_recalled' }>): RecentCall {
  return { ticketId: e.ticketId, number: e.number, serviceId: e.serviceId, counterId: e.counterId, counterName: e.counterName, at: e.at, recall: e.type === 'ticket_recalled' };
}

/**
 * Advances the state by one committed event and returns the tickets it changed (with their new values,
 * including ended ones) so the store can persist exactly those. Pure apart from mutating `state`.
 */
export function applyEvent(state: OfficeState, event: HubEvent): Ticket[] {
  switch (event.type) {
    case 'ticket_issued': {
      const t = event.ticket;
      state.active.set(t.id, t);
      track(state, t, 1);
      state.dayCounters.raise(t.serviceId, t.day, sequenceOf(t.number));
      state.dayCounters.raisePrefix(prefixOf(t.number), t.day, sequenceOf(t.number));
      return [t];
    }
    case 'ticket_called': {
      if (event.rule === 'preferential' || event.rule === 'normal') state.fairnessCursor += 1;
      const t = patchTicket(state, event);
      pushCall(state, callOf(event));
      return t ? [t] : [];
    }
    case 'ticket_recalled': {
      const t = patchTicket(state, event);
      pushCall(state, callOf(event));
      return t ? [t] : [];
    }
    case 'ticket_requeued': {
      const t = patchTicket(state, event);
      withdrawCalls(state, event.ticketId);
      return t ? [t] : [];
    }
    case 'service_started':
    case 'ticket_no_show':
    case 'ticket_transferred':
    case 'ticket_cancelled':
    case 'print_reported': {
      const t = patchTicket(state, event);
      return t ? [t] : [];
    }
    case 'service_finished': {
      const before = state.active.get(event.ticketId);
      const t = patchTicket(state, event);
      // A finish by a supervisor releasing the counter (SPEC A8) says nothing of how long the service took.
      if (before?.startedAt != null && event.releasedBy === undefined) {
        let samples = state.serviceSamples.get(before.serviceId);
        if (!samples) state.serviceSamples.set(before.serviceId, (samples = []));
        pushSample(samples, event.at - before.startedAt);
      }
      return t ? [t] : [];
    }
    case 'counter_opened':
      state.sessions.set(event.counterId, { agentId: event.agentId, agentName: event.agentName, status: 'available', reason: null, since: event.at });
      return [];
    case 'counter_closed':
      state.sessions.delete(event.counterId);
      return [];
    case 'agent_status_changed': {
      const s = state.sessions.get(event.counterId);
      if (s) state.sessions.set(event.counterId, { ...s, status: event.status, reason: event.reason, since: event.at });
      return [];
    }
    case 'ticket_rated':
    case 'callback_requested':
    case 'callback_updated':
    case 'case_opened':
    case 'case_updated':
    case 'device_paired':
    case 'device_revoked':
    case 'device_health':
      return [];
    case 'config_changed':
      applyConfig(state, event.change);
      return [];
  }
}

/** Counters open for a service: held and available; paused ones count only when none is available. */
export function openCountersFor(state: OfficeState, serviceId: string): number {
  let available = 0;
  let paused = 0;
  for (const [counterId, session] of state.sessions) {
    const counter = state.counters.get(counterId);
    if (!counter || !counter.serviceIds.includes(serviceId)) continue;
    if (session.status === 'available') available++;
    else paused++;
  }
  return available > 0 ? available : paused;
}

/** Waiting count, longest wait and estimate per active service (SPEC W1–W3). */
export function queueStats(state: OfficeState, now: number): QueueStats[] {
  const out: QueueStats[] = [];
  for (const service of state.services.values()) {
    if (!service.active) continue;
    const waiting = state.waitingCount.get(service.id) ?? 0;
    const oldest = state.index.oldestQueuedAt(service.id);
    const open = openCountersFor(state, service.id);
    const mean = meanServiceMs(state.serviceSamples.get(service.id) ?? [], service.defaultServiceMinutes);
    out.push({
      serviceId: service.id,
      waiting,
      longestWaitMs: oldest === null ? 0 : Math.max(0, now - oldest),
      estimatedWaitMinutes: estimateWaitMinutes(waiting, mean, open),
      openCounters: open,
    });
  }
  return out;
}

/** People waiting for a service now. */
export function waitingFor(state: OfficeState, serviceId: string): number {
  return state.waitingCount.get(serviceId) ?? 0;
}

export function counterView(state: OfficeState, counter: Counter): CounterView {
  const s = state.sessions.get(counter.id);
  const current = s ? currentTicketAt(state, counter.id) : null;
  return {
    id: counter.id,
    name: counter.name,
    serviceIds: counter.serviceIds,
    state: s ? s.status : 'closed',
    pauseReason: s?.reason ?? null,
    agentId: s?.agentId ?? null,
    agentName: s?.agentName ?? null,
    currentTicketId: current?.id ?? null,
    currentNumber: current?.number ?? null,
  };
}

/** The day the office is on now. */
export function officeDay(state: OfficeState, now: number): string {
  return localDay(now, state.office.timeZone);
}
