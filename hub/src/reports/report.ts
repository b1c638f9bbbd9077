import type { HubEvent, Report, ReportRow, Ticket } from '@turnero/protocol';
import { localDay } from '../domain/local-day.ts';

/** Nearest-rank percentile of unsorted samples (p in 0..100); null for none (SPEC R2). */
export function percentile(samples: readonly number[], p: number): number | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? null;
}

interface Acc {
  issued: number;
  served: number;
  noShows: number;
  cancelled: number;
  waits: number[];
  services: number[];
  ratings: number[];
}

const acc = (): Acc => ({ issued: 0, served: 0, noShows: 0, cancelled: 0, waits: [], services: [], ratings: [] });

function row(key: string, a: Acc): ReportRow {
  const dist = Array.from({ length: 10 }, (_, i) => a.ratings.filter((r) => r === i + 1).length);
  const ended = a.noShows + a.cancelled;
  return {
    key,
    issued: a.issued,
    served: a.served,
    noShows: a.noShows,
    cancelled: a.cancelled,
    abandonmentRate: a.issued ? ended / a.issued : null,
    waitP50Ms: percentile(a.waits, 50),
    waitP90Ms: percentile(a.waits, 90),
    serviceP50Ms: percentile(a.services, 50),
    serviceP90Ms: percentile(a.services, 90),
    ratings: dist,
    meanRating: a.ratings.length ? a.ratings.reduce((x, y) => x + y, 0) / a.ratings.length : null,
  };
}

interface Tracked {
  ticket: Ticket;
  hour: string;
  /** Service and agent of the episode being served now. */
  servingService: string | null;
  servingAgent: string | null;
  startedAt: number | null;
  called: boolean;
  /** Finished, a no-show or cancelled, as far as the events added say. */
  ended: boolean;
}

/** Where a callback or case stands now (its row): a closure after the events a report reads still counts. */
export interface Closures {
  callback(id: string): { status: string; outcome: string | null } | null;
  case(id: string): { status: string; outcome: string | null } | null;
}

/** The office's own names for its services and agents, for the rows' labels (null: none known). */
export interface ReportLabels {
  service(id: string): { es: string; en: string } | null;
  agent(id: string): string | null;
}

export type ReportOptions = { officeId: string; timeZone: string; from: string; to: string; closures?: Closures; labels?: ReportLabels };

/**
 * The report for tickets issued on local days `from`..`to`, replayed from the event log in order
 * (SPEC R1–R4): a ticket counts as issued for its first service and hour of arrival; its wait is
 * issue → first call; each start → finish is a service time for the service and agent serving it.
 */
export function buildReport(events: Iterable<HubEvent>, opts: ReportOptions): Report {
  const builder = reportBuilder(opts);
  for (const e of events) builder.add(e);
  return builder.finish();
}

/** The report fed one event at a time (`add`, in log order), then `finish` (as often as wanted): a long range can be read in pages, and a day's report kept up to date. */
export function reportBuilder(opts: ReportOptions): { add(e: HubEvent): void; finish(): Report; open(): string[] } {
  const office = acc();
  const byService = new Map<string, Acc>();
  const byAgent = new Map<string, Acc>();
  const byHour = new Map<string, Acc>();
  const tickets = new Map<string, Tracked>();
  const get = (m: Map<string, Acc>, k: string) => m.get(k) ?? (m.set(k, acc()), m.get(k) as Acc);
  const hourFmt = new Intl.DateTimeFormat('en-GB', { timeZone: opts.timeZone, hour: '2-digit', hourCycle: 'h23' });
  const inRange = (day: string) => day >= opts.from && day <= opts.to;
  const callbacks = { requested: 0, resolved: 0, closed: 0 };
  const cases = { opened: 0, closed: 0, recovered: 0 };
  const trackedCallbacks = new Set<string>();
  const trackedCases = new Set<string>();
  /** How each tracked one closed, as far as the events read say. */
  const closedCallbacks = new Map<string, string | null>();
  const closedCases = new Map<string, string | null>();
  /** The name each agent opened a counter under, for an agent the office's users no longer (or, at a central, never) list. */
  const agentNames = new Map<string, string>();

  const add = (e: HubEvent): void => {
    switch (e.type) {
      case 'ticket_issued': {
        if (!inRange(e.ticket.day)) break;
        const hour = hourFmt.format(e.ticket.arrivedAt).padStart(2, '0');
        tickets.set(e.ticket.id, { ticket: e.ticket, hour, servingService: null, servingAgent: null, startedAt: null, called: false, ended: false });
        for (const a of [office, get(byService, e.ticket.serviceId), get(byHour, hour)]) a.issued++;
        break;
      }
      case 'ticket_called': {
        const t = tickets.get(e.ticketId);
        if (!t) break;
        t.servingAgent = e.agentId;
        if (!t.called) {
          t.called = true;
          const wait = e.at - t.ticket.arrivedAt;
          for (const a of [office, get(byService, t.ticket.serviceId), get(byHour, t.hour)]) a.waits.push(wait);
        }
        break;
      }
      case 'service_started': {
        const t = tickets.get(e.ticketId);
        if (!t) break;
        t.startedAt = e.at;
        t.servingService = t.servingService ?? t.ticket.serviceId;
        break;
      }
      case 'ticket_transferred': {
        const t = tickets.get(e.ticketId);
        if (!t) break;
        // A ticket put back by a supervisor releasing the counter (SPEC A8): its time there is no service time.
        if (t.startedAt !== null && e.releasedBy === undefined) {
          const ms = e.at - t.startedAt;
          for (const a of [office, get(byService, e.fromServiceId), get(byHour, t.hour), ...(t.servingAgent ? [get(byAgent, t.servingAgent)] : [])]) a.services.push(ms);
        }
        t.startedAt = null;
        t.servingService = e.toServiceId;
        break;
      }
      case 'service_finished': {
        const t = tickets.get(e.ticketId);
        if (!t) break;
        t.ended = true;
        const service = t.servingService ?? t.ticket.serviceId;
        const targets = [office, get(byService, service), get(byHour, t.hour), ...(t.servingAgent ? [get(byAgent, t.servingAgent)] : [])];
        for (const a of targets) {
          a.served++;
          if (t.startedAt !== null && e.releasedBy === undefined) a.services.push(e.at - t.startedAt);
        }
        break;
      }
      case 'ticket_no_show':
      case 'ticket_cancelled': {
        const t = tickets.get(e.ticketId);
        if (!t) break;
        t.ended = true;
        const field = e.type === 'ticket_no_show' ? 'noShows' : 'cancelled';
        // Against the service it was issued for, like `issued`: a service's abandonment is of its own tickets (at most 100%).
        const targets = [office, get(byService, t.ticket.serviceId), get(byHour, t.hour)];
        if (e.type === 'ticket_no_show' && t.servingAgent) targets.push(get(byAgent, t.servingAgent));
        for (const a of targets) a[field]++;
        break;
      }
      case 'ticket_rated': {
        const t = tickets.get(e.ticketId);
        if (!t) break;
        const targets = [office, get(byService, t.servingService ?? t.ticket.serviceId), get(byHour, t.hour), ...(e.agentId ? [get(byAgent, e.agentId)] : [])];
        for (const a of targets) a.ratings.push(e.rating);
        break;
      }
      case 'callback_requested':
        if (!inRange(localDay(e.callback.createdAt, opts.timeZone))) break;
        trackedCallbacks.add(e.callback.id);
        callbacks.requested++;
        break;
      case 'callback_updated':
        if (!trackedCallbacks.has(e.callback.id) || e.callback.status !== 'closed') break;
        closedCallbacks.set(e.callback.id, e.callback.outcome);
        break;
      case 'case_opened':
        if (!inRange(localDay(e.case.openedAt, opts.timeZone))) break;
        trackedCases.add(e.case.id);
        cases.opened++;
        break;
      case 'case_updated':
        if (!trackedCases.has(e.case.id) || e.case.status !== 'closed') break;
        closedCases.set(e.case.id, e.case.outcome);
        break;
      case 'counter_opened':
        agentNames.set(e.agentId, e.agentName);
        break;
      default:
        break;
    }
  };
  /** The report of the events added so far; more may be added after it and `finish` called again (the central's overview of today). */
  const finish = (): Report => {
    // Closed since (days later, past the events read): its row says so (R4).
    const outcomeOf = (id: string, seen: Map<string, string | null>, now: { status: string; outcome: string | null } | null | undefined) =>
      now?.status === 'closed' ? { closed: true, outcome: now.outcome } : seen.has(id) ? { closed: true, outcome: seen.get(id) ?? null } : { closed: false, outcome: null };
    const callbackTotals = { ...callbacks };
    for (const id of trackedCallbacks) {
      const o = outcomeOf(id, closedCallbacks, opts.closures?.callback(id));
      if (o.closed) callbackTotals.closed++;
      if (o.outcome === 'resolved') callbackTotals.resolved++;
    }
    const caseTotals = { ...cases };
    for (const id of trackedCases) {
      const o = outcomeOf(id, closedCases, opts.closures?.case(id));
      if (o.closed) caseTotals.closed++;
      if (o.outcome === 'recovered') caseTotals.recovered++;
    }
    const rows = (m: Map<string, Acc>, label: (key: string) => { es: string; en: string } | null = () => null) =>
      [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, a]) => {
        const l = label(k);
        return l ? { ...row(k, a), label: l } : row(k, a);
      });
    const serviceLabel = (id: string) => opts.labels?.service(id) ?? null;
    const agentLabel = (id: string) => {
      const name = opts.labels?.agent(id) ?? agentNames.get(id) ?? null;
      return name === null ? null : { es: name, en: name };
    };
    return {
      officeId: opts.officeId,
      from: opts.from,
      to: opts.to,
      timeZone: opts.timeZone,
      office: row(opts.officeId, office),
      byService: rows(byService, serviceLabel),
      byAgent: rows(byAgent, agentLabel),
      byHour: rows(byHour),
      callbacks: callbackTotals,
      cases: { ...caseTotals, recoveryRate: caseTotals.closed ? caseTotals.recovered / caseTotals.closed : null },
    };
  };
  /** The range's tickets whose end the events added so far do not include. */
  const open = (): string[] => [...tickets].filter(([, t]) => !t.ended).map(([id]) => id);
  return { add, finish, open };
}
