import { describe, expect, it } from 'vitest';
import { pickNext } from './call-policy.ts';
import { HubError, type HubEvent, type Ticket } from '@turnero/protocol';
import * as cmd from './commands.ts';
import { applyEvent, counterView, currentTicketAt, officeDay, openCountersFor, queueStats, RECENT_CALLS, waitingFor, type OfficeState } from './office-state.ts';
import { MINUTE, office, prng, snapshot, T0 } from './test-fixtures.ts';

/** Waiting tickets per service, counted from scratch. */
function recount(state: OfficeState): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of state.active.values()) if (t.status === 'waiting') m.set(t.serviceId, (m.get(t.serviceId) ?? 0) + 1);
  return m;
}

/** The whole state as a string (Maps as entry lists), to compare before and after cheaply. */
function serialize(state: OfficeState): string {
  return JSON.stringify(state, (_k, v: unknown) => (v instanceof Map ? [...v] : v));
}

function expectCountsInStep(state: OfficeState): void {
  const truth = recount(state);
  const ids = [...new Set([...truth.keys(), ...state.waitingCount.keys()])];
  expect(ids.map((id) => [id, waitingFor(state, id)])).toEqual(ids.map((id) => [id, truth.get(id) ?? 0]));
}

describe('applyEvent', () => {
  it('[N1] ticket_issued adds the ticket, counts it waiting and raises the day counter (never lowers it)', () => {
    const o = office();
    const t = o.issue('pagos');
    expect(o.state.active.get(t.id)).toEqual(t);
    expect(o.state.waitingCount.get('pagos')).toBe(1);
    expect(o.state.dayCounters.get('pagos', '2026-11-23')).toBe(1);
    applyEvent(o.state, { type: 'ticket_issued', at: T0, deviceId: null, ticket: { ...t, id: 'old', number: 'P-000' } });
    expect(o.state.dayCounters.get('pagos', '2026-11-23')).toBe(1);
  });

  it('[N1] keeps the day counters of the last three days only: an office serving for months does not hold one per service per day', () => {
    const o = office();
    for (let day = 0; day < 6; day++) {
      o.clock.set(T0 + day * 24 * 60 * MINUTE);
      expect(o.issue('pagos').number).toBe('P-001');
      expect(o.issue('pagos').number).toBe('P-002');
      o.issue('reclamos');
    }
    // T0 is 2026-11-23 in Bogotá; the sixth day is the 28th.
    expect(o.state.dayCounters.days()).toEqual(['2026-11-26', '2026-11-27', '2026-11-28']);
    expect(o.state.dayCounters.entries()).toHaveLength(6);
    expect(o.state.dayCounters.get('pagos', '2026-11-28')).toBe(2);
  });

  it('[N1] a clock set days ahead and then corrected: the next ticket continues today\'s numbers', () => {
    const o = office();
    expect(o.issue('pagos').number).toBe('P-001');
    o.clock.set(T0 + 5 * 24 * 60 * MINUTE); // a wrong clock: five days ahead
    o.issue('pagos');
    o.issue('reclamos');
    o.clock.set(T0 + 10 * MINUTE); // corrected
    expect(o.issue('pagos').number).toBe('P-002');
  });

  it('[P1] returns the tickets it changed (for the store to write), ended ones included, and drops ended ones from the live state', () => {
    const o = office();
    const a = o.open('a1', 'c1');
    const t = o.issue('pagos');
    o.callNext(a);
    o.act(a, t.id, 'start');
    const changed = applyEvent(o.state, { type: 'service_finished', at: T0 + 3 * MINUTE, ticketId: t.id });
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({ id: t.id, status: 'done', endedAt: T0 + 3 * MINUTE });
    expect(o.state.active.has(t.id)).toBe(false);
    expect(currentTicketAt(o.state, 'c1')).toBeNull();
  });

  it('[W1] a finished service adds its duration (finish − start) as a sample', () => {
    const o = office();
    const a = o.open('a1', 'c1');
    o.issue('pagos');
    o.serveNext(a, 7);
    expect(o.state.serviceSamples.get('pagos')).toEqual([7 * MINUTE]);
  });

  it('ignores events for tickets it does not hold', () => {
    const o = office();
    o.issue('pagos');
    const before = snapshot(o.state);
    for (const e of [
      { type: 'service_started', at: T0, ticketId: 'ghost' },
      { type: 'service_finished', at: T0, ticketId: 'ghost' },
      { type: 'ticket_requeued', at: T0, ticketId: 'ghost' },
      { type: 'ticket_no_show', at: T0, ticketId: 'ghost', reason: 'agent' },
      { type: 'ticket_cancelled', at: T0, ticketId: 'ghost', reason: 'x' },
      { type: 'print_reported', at: T0, ticketId: 'ghost', outcome: 'printed', errorCode: null },
      { type: 'ticket_transferred', at: T0, ticketId: 'ghost', fromServiceId: 'pagos', toServiceId: 'asesoria', toCounterId: null, note: 'x' },
    ] satisfies HubEvent[]) {
      expect(applyEvent(o.state, e)).toEqual([]);
    }
    expect(o.state).toEqual(before);
  });

  it('print_reported changes the print state only', () => {
    const o = office();
    const t = o.issue('pagos');
    const [changed] = applyEvent(o.state, { type: 'print_reported', at: T0, ticketId: t.id, outcome: 'failed', errorCode: 'PAPER_OUT' });
    expect(changed).toEqual({ ...t, printed: 'failed' });
    expect(o.state.waitingCount.get('pagos')).toBe(1);
  });

  it('events that do not touch the queue change nothing', () => {
    const o = office();
    const t = o.issue('pagos');
    const before = snapshot(o.state);
    expect(applyEvent(o.state, { type: 'ticket_rated', at: T0, ticketId: t.id, rating: 9, counterId: 'c1', agentId: 'a1', source: 'keypad' })).toEqual([]);
    expect(applyEvent(o.state, { type: 'device_revoked', at: T0, deviceId: 'kiosk-1' })).toEqual([]);
    expect(o.state).toEqual(before);
  });

  it('[C4] the fairness cursor moves on policy calls only (not target_counter, max_wait or manual)', () => {
    const o = office();
    const t = o.issue('pagos');
    const call = (rule: Extract<HubEvent, { type: 'ticket_called' }>['rule']): HubEvent => ({
      type: 'ticket_called',
      at: T0,
      ticketId: t.id,
      number: t.number,
      serviceId: 'pagos',
      counterId: 'c1',
      counterName: 'Caja 1',
      agentId: 'a1',
      preferential: false,
      rule,
      manualReason: null,
    });
    for (const rule of ['target_counter', 'max_wait', 'manual'] as const) applyEvent(o.state, call(rule));
    expect(o.state.fairnessCursor).toBe(0);
    applyEvent(o.state, call('normal'));
    applyEvent(o.state, call('preferential'));
    expect(o.state.fairnessCursor).toBe(2);
  });

  it('[P5] keeps the last 12 calls, newest first', () => {
    const o = office();
    const a = o.open('a1', 'c1');
    const numbers: string[] = [];
    for (let i = 0; i < 15; i++) {
      o.issue('pagos');
      numbers.push(o.serveNext(a).number);
    }
    expect(o.state.recentCalls).toHaveLength(RECENT_CALLS);
    expect(o.state.recentCalls.map((c) => c.number)).toEqual(numbers.reverse().slice(0, 12));
  });

  it('[P5] a call taken back (the ticket put back in its queue) leaves the recent calls: no display may send its customer to that counter', () => {
    const o = office();
    const a = o.open('a1', 'c1');
    const first = o.issue('pagos');
    const second = o.issue('pagos');
    o.run((s, c) => cmd.callTicket(s, a, first.id, 'cita', c));
    o.run((s, c) => cmd.recall(s, a, first.id, c));
    o.run((s, c) => cmd.actOnTicket(s, a, first.id, 'requeue', c));
    expect(o.state.recentCalls).toEqual([]);
    o.run((s, c) => cmd.callTicket(s, a, second.id, 'cita', c));
    o.run((s, c) => cmd.actOnTicket(s, a, second.id, 'requeue', c));
    o.run((s, c) => cmd.callTicket(s, a, first.id, 'cita', c));
    // Called again later: that call is shown, like any other.
    expect(o.state.recentCalls.map((c) => [c.number, c.recall])).toEqual([[first.number, false]]);
  });

  it('[A4][A7] counter events open, pause and close sessions', () => {
    const o = office();
    const a = o.open('a1', 'c1');
    expect(o.state.sessions.get('c1')).toEqual({ agentId: 'a1', agentName: 'Agent a1', status: 'available', reason: null, since: T0 });
    o.clock.advance(MINUTE);
    o.run((s, c) => cmd.setAgentStatus(s, a, 'paused', 'back_office', c));
    expect(o.state.sessions.get('c1')).toMatchObject({ status: 'paused', reason: 'back_office', since: T0 + MINUTE });
    o.run((s, c) => cmd.closeCounter(s, a, c));
    expect(o.state.sessions.size).toBe(0);
  });
});

describe('counterView', () => {
  it('[A2][A7] shows closed, available with the current ticket, and paused with its reason', () => {
    const o = office();
    const c1 = o.state.counters.get('c1')!;
    expect(counterView(o.state, c1)).toEqual({ id: 'c1', name: 'Caja 1', serviceIds: ['pagos', 'reclamos'], state: 'closed', pauseReason: null, agentId: null, agentName: null, currentTicketId: null, currentNumber: null });
    const a = o.open('a1', 'c1');
    const t = o.issue('pagos');
    o.callNext(a);
    expect(counterView(o.state, c1)).toMatchObject({ state: 'available', agentId: 'a1', agentName: 'Agent a1', currentTicketId: t.id, currentNumber: 'P-001' });
    o.run((s, c) => cmd.setAgentStatus(s, a, 'paused', 'lunch', c));
    expect(counterView(o.state, c1)).toMatchObject({ state: 'paused', pauseReason: 'lunch', currentTicketId: t.id });
  });
});

describe('openCountersFor and queueStats', () => {
  function busyMorning() {
    const o = office();
    o.issue('pagos');
    o.clock.advance(MINUTE);
    o.issue('pagos', 'older_adult');
    o.clock.advance(MINUTE);
    o.issue('pagos');
    o.issue('asesoria');
    const a1 = o.open('a1', 'c1');
    const a2 = o.open('a2', 'c2');
    const a3 = o.open('a3', 'c3');
    o.run((s, c) => cmd.setAgentStatus(s, a3, 'paused', 'break', c));
    o.clock.set(T0 + 10 * MINUTE);
    return { o, a1, a2, a3 };
  }

  it('[W3] counts held and available counters; paused ones only when none is available', () => {
    const { o, a1, a2 } = busyMorning();
    expect(openCountersFor(o.state, 'pagos')).toBe(2); // c1, c2 available; c3 paused
    expect(openCountersFor(o.state, 'asesoria')).toBe(1); // only c3, paused
    expect(openCountersFor(o.state, 'reclamos')).toBe(1);
    expect(openCountersFor(o.state, 'archivo')).toBe(0);
    o.run((s, c) => cmd.setAgentStatus(s, a1, 'paused', 'lunch', c));
    o.run((s, c) => cmd.setAgentStatus(s, a2, 'paused', 'training', c));
    expect(openCountersFor(o.state, 'pagos')).toBe(3);
  });

  it('[W1][W2][W3] reports waiting, longest wait, estimate and open counters per active service', () => {
    const { o } = busyMorning();
    expect(queueStats(o.state, o.clock.now())).toEqual([
      { serviceId: 'pagos', waiting: 3, longestWaitMs: 10 * MINUTE, estimatedWaitMinutes: 6, openCounters: 2 }, // ceil(3 × 4 / 2)
      { serviceId: 'asesoria', waiting: 1, longestWaitMs: 8 * MINUTE, estimatedWaitMinutes: 10, openCounters: 1 }, // ceil(1 × 10 / 1)
      { serviceId: 'reclamos', waiting: 0, longestWaitMs: 0, estimatedWaitMinutes: 0, openCounters: 1 },
    ]);
  });

  it('[W2] the estimate is unknown (null) when no counter is open for the service', () => {
    const { o, a3 } = busyMorning();
    o.run((s, c) => cmd.closeCounter(s, a3, c));
    const asesoria = queueStats(o.state, o.clock.now()).find((q) => q.serviceId === 'asesoria');
    expect(asesoria).toEqual({ serviceId: 'asesoria', waiting: 1, longestWaitMs: 8 * MINUTE, estimatedWaitMinutes: null, openCounters: 0 });
  });

  it('[W1][W2] switches from the default to measured service times at the third sample', () => {
    const o = office();
    const a1 = o.open('a1', 'c2');
    const stat = () => queueStats(o.state, o.clock.now()).find((q) => q.serviceId === 'pagos')!;
    for (let i = 0; i < 2; i++) {
      o.issue('pagos');
      o.serveNext(a1, 1);
    }
    for (let i = 0; i < 5; i++) o.issue('pagos');
    expect(stat().estimatedWaitMinutes).toBe(20); // 5 × default 4
    const extra = o.state.active.values().next().value as Ticket;
    o.run((s, c) => cmd.callTicket(s, a1, extra.id, 'test', c));
    o.act(a1, extra.id, 'start');
    o.clock.advance(MINUTE);
    o.act(a1, extra.id, 'finish');
    expect(stat().estimatedWaitMinutes).toBe(4); // 4 × measured 1
  });

  it('[W1] uses the mean of the last 20 service times', () => {
    const o = office();
    const a1 = o.open('a1', 'c2');
    for (let minutes = 1; minutes <= 25; minutes++) {
      o.issue('pagos');
      o.serveNext(a1, minutes);
    }
    expect(o.state.serviceSamples.get('pagos')).toHaveLength(20);
    o.issue('pagos');
    expect(queueStats(o.state, o.clock.now()).find((q) => q.serviceId === 'pagos')?.estimatedWaitMinutes).toBe(16); // ceil(15.5)
  });

  it('[N2] officeDay is the local day of the office', () => {
    const o = office();
    expect(officeDay(o.state, Date.UTC(2026, 10, 24, 3, 0))).toBe('2026-11-23');
  });
});

describe('waitingCount stays in step with the live tickets', () => {
  const AGENTS = ['a1', 'a2', 'a3', 'a4'];
  const SERVICES = ['pagos', 'asesoria', 'reclamos', 'archivo'];
  const REASONS = ['break', 'lunch', 'back_office', 'training', null] as const;

  /** One random command: legal or not. Refusals must change nothing; accepted ones are applied. */
  function randomWalk(seed: number, steps: number) {
    const rng = prng(seed);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
    const o = office();
    const accepted = new Map<string, number>();
    const actorOf = (agentId: string): cmd.Actor => {
      for (const [counterId, s] of o.state.sessions) if (s.agentId === agentId) return { agentId, counterId };
      return { agentId, counterId: pick(['c1', 'c2', 'c3']) };
    };
    /** Mostly an agent who holds a counter; sometimes anyone. */
    const someActor = (): cmd.Actor => {
      const held = [...o.state.sessions].map(([counterId, s]) => ({ agentId: s.agentId, counterId }));
      return held.length > 0 && rng() < 0.85 ? pick(held) : actorOf(pick(AGENTS));
    };
    const anyTicket = () => pick([...o.state.active.keys(), 'ghost']);
    /** Mostly the ticket at the actor's counter, so the walk gets through the life cycle; sometimes any ticket. */
    const ticketOf = (actor: cmd.Actor) => (rng() < 0.8 ? (currentTicketAt(o.state, actor.counterId)?.id ?? anyTicket()) : anyTicket());
    const onTicket = <T,>(f: (actor: cmd.Actor, ticketId: string) => T) => {
      const actor = someActor();
      return f(actor, ticketOf(actor));
    };
    const ops: Record<string, () => (s: OfficeState, c: cmd.Ctx) => HubEvent[]> = {
      issue: () => (s, c) => cmd.issueTicket(s, { serviceId: pick(SERVICES), preferentialClass: pick([null, null, 'older_adult', 'pregnant']), accountNumber: null, deviceId: null }, c),
      open: () => (s, c) => cmd.openCounter(s, { agentId: pick(AGENTS), agentName: 'x' }, pick(['c1', 'c2', 'c3']), c),
      close: () => (s, c) => cmd.closeCounter(s, someActor(), c),
      status: () => (s, c) => cmd.setAgentStatus(s, someActor(), rng() < 0.7 ? 'available' : 'paused', pick(REASONS), c),
      callNext: () => (s, c) => cmd.callNext(s, someActor(), c),
      callTicket: () => (s, c) => cmd.callTicket(s, someActor(), anyTicket(), 'random', c),
      recall: () => onTicket((actor, id) => (s, c) => cmd.recall(s, actor, id, c)),
      act: () => onTicket((actor, id) => (s, c) => cmd.actOnTicket(s, actor, id, pick(['requeue', 'start', 'start', 'finish', 'finish', 'no_show'] as const), c)),
      transfer: () =>
        onTicket((actor, ticketId) => (s, c) => cmd.transfer(s, actor, { ticketId, toServiceId: pick([null, ...SERVICES]), toCounterId: pick([null, null, 'c1', 'c2', 'c3']), note: pick(['', 'note']) }, c)),
      cancel: () => (s, c) => cmd.cancelTicket(s, { ticketId: anyTicket(), reason: 'random' }, c),
      // A kiosk's print report, which arrives whenever its printer answers: not a move in any queue.
      print: () => (s, c) => {
        const waiting = [...s.active.values()].filter((t) => t.status === 'waiting');
        return waiting.length === 0 ? [] : [{ type: 'print_reported', at: c.now, ticketId: pick(waiting).id, outcome: 'printed', errorCode: null }];
      },
    };
    /** Weighted so the office stays busy: many calls and ticket actions, a few openings, closings and pauses. */
    const WEIGHTS: Record<keyof typeof ops, number> = { issue: 6, open: 2, close: 1, status: 1, callNext: 6, callTicket: 2, recall: 2, act: 10, transfer: 6, cancel: 1, print: 4 };
    const names = Object.entries(WEIGHTS).flatMap(([name, w]) => Array<string>(w).fill(name));
    for (let i = 0; i < steps; i++) {
      o.clock.advance(Math.floor(rng() * 3 * MINUTE));
      const name = pick(names);
      const decide = ops[name]!();
      const before = serialize(o.state);
      try {
        o.run(decide);
        accepted.set(name, (accepted.get(name) ?? 0) + 1);
      } catch (e) {
        if (!(e instanceof HubError)) throw e;
        expect(serialize(o.state), `refused ${name} (${e.code}) changed the state`).toBe(before);
      }
      expectCountsInStep(o.state);
      // The indexes give the call policy exactly what a scan of every waiting ticket would.
      for (const counter of o.state.counters.values()) {
        const args = [counter, o.state.settings.fairness, o.state.fairnessCursor, o.clock.now()] as const;
        const scanned = pickNext(o.state.active.values(), ...args);
        const indexed = pickNext(o.state.index.candidates(counter), ...args);
        expect(indexed?.ticket.id, `call policy at ${counter.id}`).toBe(scanned?.ticket.id);
        expect(indexed?.rule).toBe(scanned?.rule);
        const current = [...o.state.active.values()].find((t) => t.counterId === counter.id && (t.status === 'called' || t.status === 'serving'));
        expect(currentTicketAt(o.state, counter.id)?.id).toBe(current?.id);
      }
      // The longest wait a service shows is its longest-queued ticket's, and nobody waits for a counter nobody holds (A6).
      const live = [...o.state.active.values()];
      for (const serviceId of SERVICES) {
        const queued = live.filter((t) => t.status === 'waiting' && t.serviceId === serviceId && t.targetCounterId === null).map((t) => t.queuedAt);
        expect(o.state.index.oldestQueuedAt(serviceId), `oldest in ${serviceId}`).toBe(queued.length ? Math.min(...queued) : null);
      }
      expect(live.filter((t) => t.status === 'waiting' && t.targetCounterId !== null && !o.state.sessions.has(t.targetCounterId)).map((t) => t.number)).toEqual([]);
      // Live tickets are never ended ones, and a counter has at most one current ticket.
      expect(live.filter((t) => t.status !== 'waiting' && t.status !== 'called' && t.status !== 'serving')).toEqual([]);
      const atCounters = live.filter((t) => t.status !== 'waiting').map((t) => t.counterId);
      expect(new Set(atCounters).size).toBe(atCounters.length);
      const holders = [...o.state.sessions.values()].map((s) => s.agentId);
      expect(new Set(holders).size).toBe(holders.length); // A5: one counter per agent
    }
    return accepted;
  }

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('[A4][A5][T9] after a random sequence of commands (seed %i) the counts equal a recount', (seed) => {
    const accepted = randomWalk(seed, 1000);
    // The walk must really exercise the life cycle, not just bounce off refusals.
    for (const name of ['issue', 'open', 'callNext', 'act', 'transfer', 'cancel']) expect(accepted.get(name) ?? 0, name).toBeGreaterThan(3);
  });
});
