import { expect } from 'vitest';
import { HubError, type Counter, type ErrorCode, type Fairness, type HubEvent, type OfficeSettings, type Service, type Ticket } from '@turnero/protocol';
import * as cmd from './commands.ts';
import { applyEvent, newOfficeState, type OfficeState } from './office-state.ts';

/** Test-only builders for the domain: an office, a clock, ids, a seeded PRNG and a decide-then-apply helper. */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** 2026-11-23 08:00 in America/Bogota (UTC-5). */
export const T0 = Date.UTC(2026, 10, 23, 13, 0);

export function makeService(id: string, prefix: string, overrides: Partial<Service> = {}): Service {
  return {
    id,
    groupId: null,
    prefix,
    name: { es: id, en: id },
    icon: 'ticket',
    mode: 'in_person',
    targetWaitMinutes: 15,
    defaultServiceMinutes: 5,
    active: true,
    order: 0,
    ...overrides,
  };
}

/** Payments (P) and advice (A) are busy; complaints (R) are served last at c1; archive (X) is inactive. */
export const SERVICES: readonly Service[] = [
  makeService('pagos', 'P', { defaultServiceMinutes: 4, order: 1 }),
  makeService('asesoria', 'A', { defaultServiceMinutes: 10, order: 2 }),
  makeService('reclamos', 'R', { defaultServiceMinutes: 8, order: 3 }),
  makeService('archivo', 'X', { active: false, order: 4 }),
];

export const COUNTERS: readonly Counter[] = [
  { id: 'c1', name: 'Caja 1', serviceIds: ['pagos', 'reclamos'] },
  { id: 'c2', name: 'Caja 2', serviceIds: ['pagos'] },
  { id: 'c3', name: 'Módulo 3', serviceIds: ['asesoria', 'pagos'] },
];

export const SETTINGS: OfficeSettings = {
  fairness: { preferential: 2, normal: 1, maxWaitMinutes: 30 },
  recallLimit: 2,
  ratingThreshold: 6,
  issueRatePerMinute: 30,
};

export interface OfficeOptions {
  timeZone?: string;
  services?: readonly Service[];
  counters?: readonly Counter[];
  settings?: Partial<OfficeSettings>;
  fairness?: Partial<Fairness>;
}

/** A fresh office with no tickets and no counter open. */
export function makeState(opts: OfficeOptions = {}): OfficeState {
  const settings = { ...SETTINGS, ...opts.settings };
  return newOfficeState({
    office: { id: 'office-1', name: 'Oficina de prueba', timeZone: opts.timeZone ?? 'America/Bogota', publicBaseUrl: 'http://hub.test' },
    settings: { ...settings, fairness: { ...settings.fairness, ...opts.fairness } },
    groups: [],
    services: new Map((opts.services ?? SERVICES).map((s) => [s.id, { ...s }])),
    counters: new Map((opts.counters ?? COUNTERS).map((c) => [c.id, { ...c, serviceIds: [...c.serviceIds] }])),
    preferentialClasses: [
      { id: 'older_adult', name: { es: 'Adulto mayor', en: 'Older adult' } },
      { id: 'pregnant', name: { es: 'Embarazada', en: 'Pregnant' } },
    ],
  });
}

/** A clock the test moves by hand. */
export interface Clock {
  now(): number;
  set(at: number): void;
  advance(ms: number): void;
}

export function makeClock(start = T0): Clock {
  let t = start;
  return {
    now: () => t,
    set: (at) => {
      t = at;
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

/** Ids `t-0001`, `t-0002`…: zero-padded so their string order is their issue order. */
export function makeIds(prefix = 't'): () => string {
  let n = 0;
  return () => `${prefix}-${String(++n).padStart(4, '0')}`;
}

export { prng } from '../../test/prng.ts';

/** Decides with `decide`, then applies every returned event to `state` in order; returns the events. */
export function execute(state: OfficeState, decide: (s: OfficeState, c: cmd.Ctx) => HubEvent[], ctx: cmd.Ctx): HubEvent[] {
  const events = decide(state, ctx);
  for (const e of events) applyEvent(state, e);
  return events;
}

/** A deep copy to compare the state before and after a refused command. */
export function snapshot(state: OfficeState): OfficeState {
  return structuredClone(state);
}

/** Asserts that `fn` throws a HubError with `code` and leaves the state exactly as it was (SPEC T9). */
export function expectRefused(state: OfficeState, code: ErrorCode, fn: () => unknown): HubError {
  const before = snapshot(state);
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected a HubError ${code}`).toBeInstanceOf(HubError);
  expect((caught as HubError).code).toBe(code);
  expect(state).toEqual(before);
  return caught as HubError;
}

/** An office, a clock and ids wired together, with shorthands for the usual commands. */
export function office(opts: OfficeOptions & { start?: number } = {}) {
  const state = makeState(opts);
  const clock = makeClock(opts.start);
  const newId = makeIds();
  const ctx = (): cmd.Ctx => ({ now: clock.now(), newId });
  const run = (decide: (s: OfficeState, c: cmd.Ctx) => HubEvent[]) => execute(state, decide, ctx());
  const ticket = (id: string): Ticket => {
    const t = state.active.get(id);
    if (!t) throw new Error(`ticket ${id} is not active`);
    return t;
  };
  const calledId = (events: HubEvent[]): string => {
    const e = events.find((x) => x.type === 'ticket_called');
    if (!e || e.type !== 'ticket_called') throw new Error('no ticket_called event');
    return e.ticketId;
  };
  return {
    state,
    clock,
    newId,
    ctx,
    run,
    ticket,
    /** Issues a ticket now and returns it as applied. */
    issue(serviceId: string, preferentialClass: string | null = null, phone: string | null = null): Ticket {
      const [e] = run((s, c) => cmd.issueTicket(s, { serviceId, preferentialClass, accountNumber: null, deviceId: null, phone }, c));
      if (e?.type !== 'ticket_issued') throw new Error('no ticket_issued event');
      return e.ticket;
    },
    /** Signs `agentId` in at `counterId`; returns the actor. */
    open(agentId: string, counterId: string): cmd.Actor {
      run((s, c) => cmd.openCounter(s, { agentId, agentName: `Agent ${agentId}` }, counterId, c));
      return { agentId, counterId };
    },
    callNext(actor: cmd.Actor): Ticket {
      return ticket(calledId(run((s, c) => cmd.callNext(s, actor, c))));
    },
    act(actor: cmd.Actor, ticketId: string, action: 'requeue' | 'start' | 'finish' | 'no_show'): HubEvent[] {
      return run((s, c) => cmd.actOnTicket(s, actor, ticketId, action, c));
    },
    /** Calls the next ticket, serves it for `minutes` and finishes it; returns the ticket as called. */
    serveNext(actor: cmd.Actor, minutes = 0): Ticket {
      const t = ticket(calledId(run((s, c) => cmd.callNext(s, actor, c))));
      run((s, c) => cmd.actOnTicket(s, actor, t.id, 'start', c));
      clock.advance(minutes * MINUTE);
      run((s, c) => cmd.actOnTicket(s, actor, t.id, 'finish', c));
      return t;
    },
  };
}

export type TestOffice = ReturnType<typeof office>;
