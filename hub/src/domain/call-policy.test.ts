import { describe, expect, it } from 'vitest';
import { ErrorCode, HubError, newTicket, waitsForCounter, type Counter, type Fairness, type Ticket } from '@turnero/protocol';
import { pickNext, preferentialTurn, type CallRule } from './call-policy.ts';
import * as cmd from './commands.ts';
import { HOUR, MINUTE, office, prng, T0 } from './test-fixtures.ts';

const C1: Counter = { id: 'c1', name: 'Caja 1', serviceIds: ['pagos', 'reclamos'] };
const FAIR: Fairness = { preferential: 2, normal: 1, maxWaitMinutes: 30 };

let seq = 0;
/** A waiting ticket that arrived `minutesAgo` before T0 (and queued then, unless told otherwise). */
function waiting(serviceId: string, minutesAgo: number, extra: Partial<Ticket> = {}): Ticket {
  const at = T0 - minutesAgo * MINUTE;
  seq++;
  const t = newTicket({ id: `t-${String(seq).padStart(4, '0')}`, officeId: 'office-1', serviceId, number: `X-${String(seq).padStart(3, '0')}`, day: '2026-11-23', preferentialClass: null, accountNumber: null, arrivedAt: at });
  return { ...t, printed: 'printed', ...extra };
}
const pref = (serviceId: string, minutesAgo: number, extra: Partial<Ticket> = {}) => waiting(serviceId, minutesAgo, { preferentialClass: 'older_adult', ...extra });
const pick = (tickets: Ticket[], cursor = 0, fairness = FAIR, counter = C1) => pickNext(tickets, counter, fairness, cursor, T0);

describe('waitsForCounter', () => {
  it('[C1] a counter may call waiting tickets of the services it serves', () => {
    expect(waitsForCounter(waiting('pagos', 1), C1)).toBe(true);
    expect(waitsForCounter(waiting('reclamos', 1), C1)).toBe(true);
    expect(waitsForCounter(waiting('asesoria', 1), C1)).toBe(false);
  });

  it('[C1] only waiting tickets', () => {
    for (const status of ['called', 'serving', 'done', 'no_show', 'cancelled'] as const) expect(waitsForCounter(waiting('pagos', 1, { status }), C1)).toBe(false);
  });

  it('[C1][C2] a ticket transferred to a counter belongs to that counter only, whatever its service', () => {
    expect(waitsForCounter(waiting('asesoria', 1, { targetCounterId: 'c1' }), C1)).toBe(true);
    expect(waitsForCounter(waiting('pagos', 1, { targetCounterId: 'c2' }), C1)).toBe(false);
  });
});

describe('preferentialTurn', () => {
  const turns = (f: Pick<Fairness, 'preferential' | 'normal'>, n: number) => Array.from({ length: n }, (_, i) => (preferentialTurn({ ...f, maxWaitMinutes: 30 }, i) ? 'P' : 'N')).join('');

  it('[C4] of every preferential + normal calls, the first preferential ones prefer a preferential ticket', () => {
    expect(turns({ preferential: 2, normal: 1 }, 9)).toBe('PPNPPNPPN');
    expect(turns({ preferential: 1, normal: 1 }, 6)).toBe('PNPNPN');
    expect(turns({ preferential: 3, normal: 2 }, 10)).toBe('PPPNNPPPNN');
    expect(turns({ preferential: 1, normal: 4 }, 10)).toBe('PNNNNPNNNN');
  });

  it('[C4] preferential 0 never prefers preferential; normal 0 always does', () => {
    expect(turns({ preferential: 0, normal: 1 }, 4)).toBe('NNNN');
    expect(turns({ preferential: 0, normal: 0 }, 4)).toBe('NNNN');
    expect(turns({ preferential: 2, normal: 0 }, 4)).toBe('PPPP');
  });
});

describe('pickNext', () => {
  it('[C1] returns null when nothing is eligible', () => {
    expect(pick([])).toBeNull();
    expect(pick([waiting('asesoria', 50), waiting('pagos', 50, { targetCounterId: 'c3' }), waiting('pagos', 5, { status: 'called' })])).toBeNull();
  });

  it('[C2] a ticket transferred to the counter comes first, before overdue and preferential ones; oldest queued first', () => {
    const overdue = pref('pagos', 90);
    const t1 = waiting('asesoria', 120, { queuedAt: T0 - 2 * MINUTE, targetCounterId: 'c1' });
    const t2 = waiting('pagos', 10, { queuedAt: T0 - 5 * MINUTE, targetCounterId: 'c1' });
    expect(pick([overdue, t1, t2])).toEqual({ ticket: t2, rule: 'target_counter' });
  });

  it('[C3] a ticket that waited maxWaitMinutes or more is called next, whatever its class or service', () => {
    const late = waiting('reclamos', 30);
    const fresh = pref('pagos', 29);
    expect(pick([fresh, late], 0)).toEqual({ ticket: late, rule: 'max_wait' });
  });

  it('[C3] the threshold is inclusive: at 30 min it is overdue, a millisecond earlier it is not', () => {
    const at30 = waiting('reclamos', 0, { queuedAt: T0 - 30 * MINUTE });
    const almost = waiting('reclamos', 0, { queuedAt: T0 - 30 * MINUTE + 1 });
    const p = pref('pagos', 1);
    expect(pick([p, at30])?.rule).toBe('max_wait');
    expect(pick([p, almost])).toEqual({ ticket: p, rule: 'preferential' });
  });

  it('[C3] overdue tickets go oldest first, counted from when they entered the queue', () => {
    const a = waiting('pagos', 40);
    const b = waiting('reclamos', 55);
    const c = pref('pagos', 45);
    expect(pick([a, b, c])).toEqual({ ticket: b, rule: 'max_wait' });
    // A transfer resets the queue time: an early arrival requeued 5 minutes ago is not overdue.
    const transferred = waiting('pagos', 120, { queuedAt: T0 - 5 * MINUTE, transfers: 1 });
    expect(pick([transferred, a])).toEqual({ ticket: a, rule: 'max_wait' });
  });

  it('[C4] on a preferential turn a preferential ticket is called even if a normal one is older', () => {
    const n = waiting('pagos', 20);
    const p = pref('pagos', 1);
    expect(pick([n, p], 0)).toEqual({ ticket: p, rule: 'preferential' });
    expect(pick([n, p], 1)).toEqual({ ticket: p, rule: 'preferential' });
    expect(pick([n, p], 2)).toEqual({ ticket: n, rule: 'normal' });
  });

  it('[C4] when the preferred kind has nobody waiting, the other kind is called', () => {
    const n = waiting('pagos', 1);
    const p = pref('pagos', 1);
    expect(pick([n], 0)).toEqual({ ticket: n, rule: 'normal' });
    expect(pick([p], 2)).toEqual({ ticket: p, rule: 'preferential' });
  });

  it('[C4][C5] with preferential = 0 classes are ignored: service order, then arrival', () => {
    const off: Fairness = { preferential: 0, normal: 1, maxWaitMinutes: 30 };
    const pOld = pref('reclamos', 20);
    const nNew = waiting('pagos', 2);
    const pNew = pref('pagos', 1);
    expect(pick([pOld, pNew, nNew], 0, off)).toEqual({ ticket: nNew, rule: 'normal' });
    expect(pick([pOld, pNew], 0, off)).toEqual({ ticket: pNew, rule: 'normal' });
  });

  it("[C5] within a kind the counter's service order comes before arrival", () => {
    const r = waiting('reclamos', 25);
    const p = waiting('pagos', 1);
    expect(pick([r, p], 2)).toEqual({ ticket: p, rule: 'normal' });
    const reversed: Counter = { ...C1, serviceIds: ['reclamos', 'pagos'] };
    expect(pick([r, p], 2, FAIR, reversed)).toEqual({ ticket: r, rule: 'normal' });
  });

  it('[C5][T7] then the first arrival; a transferred ticket keeps its place by its first arrival', () => {
    const a = waiting('pagos', 10);
    const b = waiting('pagos', 12);
    expect(pick([a, b], 2)?.ticket).toBe(b);
    const transferred = waiting('pagos', 15, { queuedAt: T0 - MINUTE, transfers: 1 });
    expect(pick([a, b, transferred], 2)?.ticket).toBe(transferred);
  });

  it('[C5] exact ties are broken by queue time, then id, so the choice never depends on iteration order', () => {
    const x = waiting('pagos', 10);
    const y = waiting('pagos', 10);
    expect(pick([x, y], 2)?.ticket).toBe(x);
    expect(pick([y, x], 2)?.ticket).toBe(x);
  });
});

describe('call policy through the commands', () => {
  it('[C4] 2 preferential : 1 normal calls P,P,N,P,P,N while both kinds wait', () => {
    const o = office();
    const a = o.open('a1', 'c2');
    for (let i = 0; i < 6; i++) {
      o.issue('pagos');
      o.issue('pagos', 'pregnant');
    }
    const kinds = Array.from({ length: 9 }, () => (o.serveNext(a).preferentialClass ? 'P' : 'N')).join('');
    expect(kinds).toBe('PPNPPNPPN');
  });

  it('[C4] the other kind fills in when one is empty, and the cycle keeps counting', () => {
    const o = office();
    const a = o.open('a1', 'c2');
    o.issue('pagos', 'pregnant');
    for (let i = 0; i < 4; i++) o.issue('pagos');
    // P (turn P), N (turn P: none left), N (turn N), N (turn P: none), N (turn P: none).
    expect(Array.from({ length: 5 }, () => (o.serveNext(a).preferentialClass ? 'P' : 'N')).join('')).toBe('PNNNN');
    expect(o.state.fairnessCursor).toBe(5);
  });

  it('[C4] with preferential = 0 tickets are called in arrival order whatever their class', () => {
    const o = office({ fairness: { preferential: 0, normal: 1 } });
    const a = o.open('a1', 'c2');
    const issued = [o.issue('pagos'), o.issue('pagos', 'pregnant'), o.issue('pagos'), o.issue('pagos', 'older_adult')];
    expect(issued.map(() => o.serveNext(a).id)).toEqual(issued.map((t) => t.id));
  });

  it('[C3] a low-priority ticket is called with rule max_wait once it has waited maxWaitMinutes', () => {
    const o = office();
    const a = o.open('a1', 'c1');
    const r = o.issue('reclamos');
    for (let minute = 0; minute < 30; minute += 5) {
      o.issue('pagos');
      const t = o.serveNext(a, 5);
      expect(t.serviceId).toBe('pagos');
    }
    o.issue('pagos');
    const [e] = o.run((s, c) => cmd.callNext(s, a, c));
    expect(e).toMatchObject({ ticketId: r.id, rule: 'max_wait' });
  });
});

/** Arrivals of one service: a Poisson stream of `perHour`, a share of them preferential. */
interface Stream {
  serviceId: string;
  perHour: number;
  preferentialShare: number;
}

interface DayOptions {
  seed: number;
  maxWaitMinutes: number;
  counters: Counter[];
  streams: Stream[];
  /** Service times per service, uniform in [min, max] minutes. */
  serviceMinutes: Record<string, readonly [number, number]>;
}

interface CallRecord {
  ticketId: string;
  serviceId: string;
  counterId: string;
  preferential: boolean;
  rule: CallRule | 'manual';
  at: number;
  /** Time in the queue: call time − queue time. */
  waitMs: number;
  /** Both a preferential and a normal ticket were eligible at this counter when it called. */
  bothKinds: boolean;
  /** What the fairness cycle asked for at that call. */
  preferentialTurn: boolean;
  /** The counter serves the ticket's service (no transfers happen in these days). */
  served: boolean;
  /** Queue time of the oldest eligible ticket past the maximum wait when the counter called, if any. */
  oldestOverdueQueuedAt: number | null;
  queuedAt: number;
}

const OPEN = T0; // 08:00 America/Bogota
const CLOSE = T0 + 9 * HOUR; // 17:00: the doors close, everyone inside is still served

/**
 * One office day, event by event: customers arrive until 17:00; each counter calls as soon as it is free,
 * starts at once and finishes after a random service time. Everything goes through the commands and
 * `applyEvent`; the PRNG is seeded, so a day is reproducible.
 */
function simulateDay(opts: DayOptions) {
  const rng = prng(opts.seed);
  const o = office({ counters: opts.counters, fairness: { preferential: 2, normal: 1, maxWaitMinutes: opts.maxWaitMinutes } });
  const fairness = o.state.settings.fairness;
  const arrivals: { at: number; serviceId: string; preferential: boolean }[] = [];
  for (const s of opts.streams) {
    for (let t = OPEN; ; ) {
      t += Math.round((-Math.log(1 - rng()) / s.perHour) * HOUR);
      if (t >= CLOSE) break;
      arrivals.push({ at: t, serviceId: s.serviceId, preferential: rng() < s.preferentialShare });
    }
  }
  arrivals.sort((a, b) => a.at - b.at);
  const actors = opts.counters.map((c, i) => o.open(`agent-${i + 1}`, c.id));
  const busy = new Map<string, { ticketId: string; endAt: number }>();
  const calls: CallRecord[] = [];

  const tryCall = (actor: cmd.Actor) => {
    const counter = o.state.counters.get(actor.counterId)!;
    const eligible = [...o.state.active.values()].filter((t) => waitsForCounter(t, counter));
    const bothKinds = eligible.some((t) => t.preferentialClass !== null) && eligible.some((t) => t.preferentialClass === null);
    const overdue = eligible.filter((t) => o.clock.now() - t.queuedAt >= fairness.maxWaitMinutes * MINUTE).map((t) => t.queuedAt);
    const turn = preferentialTurn(fairness, o.state.fairnessCursor);
    let events;
    try {
      events = o.run((s, c) => cmd.callNext(s, actor, c));
    } catch (e) {
      if (e instanceof HubError && e.code === ErrorCode.QUEUE_EMPTY) return;
      throw e;
    }
    const called = events[0];
    if (called?.type !== 'ticket_called') throw new Error('no call');
    const ticket = o.ticket(called.ticketId);
    calls.push({
      ticketId: ticket.id,
      serviceId: ticket.serviceId,
      counterId: actor.counterId,
      preferential: ticket.preferentialClass !== null,
      rule: called.rule,
      at: called.at,
      waitMs: called.at - ticket.queuedAt,
      bothKinds,
      preferentialTurn: turn,
      served: counter.serviceIds.includes(ticket.serviceId),
      oldestOverdueQueuedAt: overdue.length > 0 ? Math.min(...overdue) : null,
      queuedAt: ticket.queuedAt,
    });
    o.act(actor, ticket.id, 'start');
    const [lo, hi] = opts.serviceMinutes[ticket.serviceId]!;
    busy.set(actor.counterId, { ticketId: ticket.id, endAt: called.at + Math.round((lo + rng() * (hi - lo)) * MINUTE) });
  };

  let next = 0;
  for (;;) {
    const nextArrival = arrivals[next]?.at ?? Infinity;
    const nextEnd = Math.min(...[...busy.values()].map((b) => b.endAt));
    const now = Math.min(nextArrival, nextEnd);
    if (now === Infinity) break;
    o.clock.set(now);
    for (const actor of actors) {
      const b = busy.get(actor.counterId);
      if (b && b.endAt <= now) {
        o.act(actor, b.ticketId, 'finish');
        busy.delete(actor.counterId);
      }
    }
    while (next < arrivals.length && arrivals[next]!.at <= now) {
      const a = arrivals[next++]!;
      o.issue(a.serviceId, a.preferential ? 'older_adult' : null);
    }
    for (const actor of actors) if (!busy.has(actor.counterId)) tryCall(actor);
  }
  return { calls, issued: arrivals.length, left: o.state.active.size };
}

const DAY_COUNTERS: Counter[] = [
  { id: 'c1', name: 'Caja 1', serviceIds: ['pagos', 'reclamos'] },
  { id: 'c2', name: 'Caja 2', serviceIds: ['pagos'] },
  { id: 'c3', name: 'Módulo 3', serviceIds: ['asesoria', 'pagos', 'reclamos'] },
];

/** Payments are fast and busy; complaints are slow, rare and the last service of the two counters that take them. */
const BUSY_DAY = {
  counters: DAY_COUNTERS,
  streams: [
    { serviceId: 'pagos', perHour: 52, preferentialShare: 0.3 },
    { serviceId: 'asesoria', perHour: 3, preferentialShare: 0.3 },
    { serviceId: 'reclamos', perHour: 3, preferentialShare: 0.3 },
  ],
  serviceMinutes: { pagos: [1, 4], asesoria: [5, 10], reclamos: [5, 10] },
} as const satisfies Omit<DayOptions, 'seed' | 'maxWaitMinutes'>;
/** The longest service in progress a newly overdue ticket may have to wait for. */
const LONGEST_SERVICE = 10 * MINUTE;
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const maxWait = (calls: CallRecord[], serviceId?: string) => Math.max(0, ...calls.filter((c) => !serviceId || c.serviceId === serviceId).map((c) => c.waitMs));
const policyBothKinds = (calls: CallRecord[]) => calls.filter((c) => c.bothKinds && (c.rule === 'preferential' || c.rule === 'normal'));

describe('a simulated day, 08:00–17:00 America/Bogota, three counters with mixed services', () => {
  const days = SEEDS.map((seed) => ({ seed, ...simulateDay({ ...BUSY_DAY, seed, maxWaitMinutes: 30 }) }));
  const unescalated = SEEDS.map((seed) => ({ seed, ...simulateDay({ ...BUSY_DAY, seed, maxWaitMinutes: 100_000 }) }));

  it('serves everyone who came in (about 500 people a day)', () => {
    for (const day of [...days, ...unescalated]) {
      expect(day.left).toBe(0);
      expect(day.calls).toHaveLength(day.issued);
      expect(day.issued).toBeGreaterThan(400);
    }
  });

  it('[C1] every call is of a service the counter serves', () => {
    for (const day of days) expect(day.calls.filter((c) => !c.served)).toEqual([]);
  });

  it('[C3] whenever a ticket is past the maximum wait, the counter calls the oldest such ticket', () => {
    for (const day of days) {
      for (const c of day.calls) {
        if (c.oldestOverdueQueuedAt === null) expect(c.rule).not.toBe('max_wait');
        else expect([c.rule, c.queuedAt]).toEqual(['max_wait', c.oldestOverdueQueuedAt]);
      }
    }
    expect(days.reduce((n, d) => n + d.calls.filter((c) => c.rule === 'max_wait').length, 0)).toBeGreaterThan(50);
  });

  it('[C3] nobody waits in the queue longer than maxWaitMinutes + the longest service', () => {
    for (const day of days) expect(maxWait(day.calls), `seed ${day.seed}`).toBeLessThanOrEqual(30 * MINUTE + LONGEST_SERVICE);
  });

  it('[C4] while both kinds wait, every policy call follows the 2:1 cycle exactly', () => {
    for (const day of days) {
      const calls = policyBothKinds(day.calls);
      expect(calls.length).toBeGreaterThan(100);
      expect(calls.filter((c) => c.preferential !== c.preferentialTurn)).toEqual([]);
    }
  });

  it('[C4] while both kinds wait, about 2 of 3 calls are preferential', () => {
    // NOTE: not exactly 2/3: the cycle is office-wide, and a preferential turn is likelier to find both kinds waiting
    // (the small preferential queue empties on preferential turns), so the share leans a little above 2/3.
    let p = 0;
    let all = 0;
    for (const day of days) {
      const calls = policyBothKinds(day.calls);
      const share = calls.filter((c) => c.preferential).length / calls.length;
      expect(Math.abs(share - 2 / 3), `seed ${day.seed}: ${share.toFixed(3)}`).toBeLessThan(0.1);
      p += calls.filter((c) => c.preferential).length;
      all += calls.length;
    }
    expect(Math.abs(p / all - 2 / 3)).toBeLessThan(0.06);
  });

  it('[C3][C5] without the maximum wait, complaints starve at counters that prefer payments', () => {
    const bound = 30 * MINUTE + LONGEST_SERVICE;
    for (const day of unescalated) expect(day.calls.filter((c) => c.rule === 'max_wait')).toEqual([]);
    // Payments and advice stay within the bound anyway; complaints, last in both counters' order, do not.
    for (const day of unescalated) {
      expect(maxWait(day.calls, 'pagos'), `seed ${day.seed}`).toBeLessThan(bound);
      expect(maxWait(day.calls, 'asesoria'), `seed ${day.seed}`).toBeLessThan(bound);
    }
    const starved = unescalated.filter((d) => maxWait(d.calls, 'reclamos') > bound);
    expect(starved.length).toBeGreaterThanOrEqual(8);
    expect(Math.max(...unescalated.map((d) => maxWait(d.calls, 'reclamos')))).toBeGreaterThan(2 * HOUR);
    // With the rule the same days keep every complaint within the bound.
    for (const day of days) expect(maxWait(day.calls, 'reclamos')).toBeLessThanOrEqual(bound);
  });
});
