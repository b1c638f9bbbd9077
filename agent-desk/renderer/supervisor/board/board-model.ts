import type { Callback, CounterView, OfficeOverview, Device, HubEvent, HubStatus, QueueStats, RecoveryCase, Report, Service, Ticket } from '@turnero/protocol';

/** One service's line on the board. */
export interface QueueRow {
  service: Service;
  waiting: number;
  longestMs: number;
  averageMs: number | null;
  targetMs: number;
  /** 'over' past the target, 'near' in its last quarter. */
  level: 'ok' | 'near' | 'over';
  openCounters: number;
  estimateMinutes: number | null;
}

/** How long a wait is against a target: ok, in the last quarter, or over it. */
export function waitLevel(ms: number, targetMs: number): QueueRow['level'] {
  if (ms > targetMs) return 'over';
  return ms >= targetMs * 0.75 ? 'near' : 'ok';
}

/**
 * Per active service: people waiting, longest and average wait (from the live tickets when the
 * snapshot has them, else the hub's coalesced stats), against the service's target.
 */
export function queueRows(services: readonly Service[], tickets: Iterable<Ticket> | null, stats: readonly QueueStats[], now: number, counters: readonly CounterView[] = []): QueueRow[] {
  const waits = new Map<string, number[]>();
  if (tickets) {
    for (const t of tickets) {
      if (t.status !== 'waiting') continue;
      const list = waits.get(t.serviceId) ?? [];
      list.push(Math.max(0, now - t.arrivedAt));
      waits.set(t.serviceId, list);
    }
  }
  return services
    .filter((s) => s.active)
    .map((service) => {
      const st = stats.find((x) => x.serviceId === service.id);
      const list = tickets ? (waits.get(service.id) ?? []) : null;
      const waiting = list ? list.length : (st?.waiting ?? 0);
      const longestMs = list ? Math.max(0, ...list) : (st?.longestWaitMs ?? 0);
      const averageMs = list ? (list.length ? list.reduce((a, b) => a + b, 0) / list.length : null) : null;
      const targetMs = service.targetWaitMinutes * 60_000;
      return { service, waiting, longestMs, averageMs, targetMs, level: waiting ? waitLevel(longestMs, targetMs) : 'ok', openCounters: counters.length ? openCountersFor(service.id, counters) : (st?.openCounters ?? 0), estimateMinutes: st?.estimatedWaitMinutes ?? null };
    });
}

/** Counters open for a service (SPEC W3): held and available ones; paused ones only when none is available. */
export function openCountersFor(serviceId: string, counters: readonly CounterView[]): number {
  const serving = counters.filter((c) => c.serviceIds.includes(serviceId));
  const available = serving.filter((c) => c.state === 'available').length;
  return available || serving.filter((c) => c.state === 'paused').length;
}

/** The paper state of a device's printer, when it has one. */
export type PaperState = 'ok' | 'low' | 'out' | 'printer_offline' | 'cover_open' | null;

export function paperState(device: Device): PaperState {
  const p = device.health.printer;
  if (!p) return null;
  if (!p.online) return 'printer_offline';
  if (p.paperOut) return 'out';
  if (p.coverOpen) return 'cover_open';
  return p.paperNearEnd ? 'low' : 'ok';
}

/** Devices kept live from device_* events (the snapshot starts the list). */
export function applyDeviceEvent(devices: readonly Device[], event: HubEvent): readonly Device[] {
  switch (event.type) {
    case 'device_paired':
      return [...devices.filter((d) => d.id !== event.device.id), event.device];
    case 'device_revoked':
      return devices.filter((d) => d.id !== event.deviceId);
    case 'device_health':
      return devices.map((d) => (d.id === event.deviceId ? { ...d, online: event.online, health: event.health, lastSeenAt: event.at } : d));
    default:
      return devices;
  }
}

/** Something the supervisor should look at now. */
export type AlertCondition =
  | { key: string; kind: 'wait'; serviceId: string; minutes: number }
  | { key: string; kind: 'offline'; deviceId: string; name: string }
  | { key: string; kind: 'paper'; deviceId: string; name: string }
  | { key: string; kind: 'backup'; dir: string }
  | { key: string; kind: 'sync' }
  | { key: string; kind: 'syncStuck'; seq: number | null; code: string };

/**
 * Every condition that holds now: a queue past its target, a device offline, a printer out of paper,
 * and the hub's own housekeeping (`hub`, when known): the day's database copy failing, forwarding to
 * the central stopped (diverged) or refused again and again (stuck).
 */
export function alertConditions(rows: readonly QueueRow[], devices: readonly Device[], hub: HubStatus | null = null): AlertCondition[] {
  const out: AlertCondition[] = [];
  if (hub?.backups?.failing) out.push({ key: 'backup', kind: 'backup', dir: hub.backups.dir });
  if (hub?.sync?.diverged) out.push({ key: 'sync', kind: 'sync' });
  else if (hub?.sync?.stuck) out.push({ key: 'sync-stuck', kind: 'syncStuck', seq: hub.sync.stuck.seq, code: hub.sync.stuck.code });
  for (const r of rows) if (r.level === 'over') out.push({ key: `wait:${r.service.id}`, kind: 'wait', serviceId: r.service.id, minutes: r.service.targetWaitMinutes });
  for (const d of devices) {
    if (d.revoked) continue;
    if (!d.online) out.push({ key: `offline:${d.id}`, kind: 'offline', deviceId: d.id, name: d.name });
    else if (d.health.printer?.paperOut) out.push({ key: `paper:${d.id}`, kind: 'paper', deviceId: d.id, name: d.name });
  }
  return out;
}

/** An alert as listed: when it was raised, and when it cleared (null while it holds). */
export interface Alert {
  id: number;
  condition: AlertCondition;
  at: number;
  clearedAt: number | null;
}

/**
 * The alert list after looking at the conditions now: a condition not already alerting raises a
 * new alert (newest first), an alert whose condition is gone is marked cleared. Same list back when
 * nothing changed. At most `max` alerts are kept.
 */
export function trackAlerts(alerts: readonly Alert[], conditions: readonly AlertCondition[], now: number, nextId: () => number, max = 50): readonly Alert[] {
  const holding = new Set(conditions.map((c) => c.key));
  const active = new Set(alerts.filter((a) => a.clearedAt === null).map((a) => a.condition.key));
  let changed = false;
  const updated = alerts.map((a) => {
    if (a.clearedAt !== null || holding.has(a.condition.key)) return a;
    changed = true;
    return { ...a, clearedAt: now };
  });
  const raised = conditions.filter((c) => !active.has(c.key)).map((condition) => ({ id: nextId(), condition, at: now, clearedAt: null }));
  if (!changed && raised.length === 0) return alerts;
  return [...raised, ...updated].slice(0, max);
}

/** Today's office figures, started from today's report and kept live by events. */
export interface TodayFigures {
  issued: number;
  served: number;
  noShows: number;
  ratingSum: number;
  ratingCount: number;
}

export function todayFromReport(report: Report): TodayFigures {
  const r = report.office;
  return {
    issued: r.issued,
    served: r.served,
    noShows: r.noShows,
    ratingSum: r.ratings.reduce((sum, n, i) => sum + n * (i + 1), 0),
    ratingCount: r.ratings.reduce((a, b) => a + b, 0),
  };
}

export function applyTodayEvent(t: TodayFigures, event: HubEvent): TodayFigures {
  switch (event.type) {
    case 'ticket_issued':
      return { ...t, issued: t.issued + 1 };
    case 'service_finished':
      return { ...t, served: t.served + 1 };
    case 'ticket_no_show':
      return { ...t, noShows: t.noShows + 1 };
    case 'ticket_rated':
      return { ...t, ratingSum: t.ratingSum + event.rating, ratingCount: t.ratingCount + 1 };
    default:
      return t;
  }
}

export function meanRating(t: TodayFigures): number | null {
  return t.ratingCount ? t.ratingSum / t.ratingCount : null;
}

/** Inserts or replaces by id, newest value wins. */
export function upsertById<T extends { id: string }>(list: readonly T[], item: T): T[] {
  return list.some((x) => x.id === item.id) ? list.map((x) => (x.id === item.id ? item : x)) : [...list, item];
}

/** Recovered ÷ closed (SPEC F5); null when none closed. */
export function recoveryRate(cases: readonly RecoveryCase[]): { rate: number | null; recovered: number; closed: number } {
  const closed = cases.filter((c) => c.status === 'closed');
  const recovered = closed.filter((c) => c.outcome === 'recovered').length;
  return { rate: closed.length ? recovered / closed.length : null, recovered, closed: closed.length };
}

/** The worklist order: open and claimed callbacks, oldest request first. */
export function callbackWorklist(callbacks: readonly Callback[]): Callback[] {
  return callbacks.filter((c) => c.status !== 'closed').sort((a, b) => a.createdAt - b.createdAt);
}

/** What a counter shows on the board: its state and the ticket at it. */
export function counterLine(c: CounterView, ticket: Ticket | null): { state: CounterView['state']; ticket: string | null; serving: boolean } {
  return { state: c.state, ticket: c.currentNumber ?? ticket?.number ?? null, serving: ticket?.status === 'serving' };
}

/** The office's calendar day of a moment (shared with the other apps). */
export { dayIn } from '@turnero/app-kit/local-day';

/** Central board: some service of the office has someone waiting past its target. */
export function officeOverTarget(o: Pick<OfficeOverview, 'stats' | 'targets'>): boolean {
  return o.stats.some((s) => {
    const target = o.targets.find((t) => t.serviceId === s.serviceId)?.targetWaitMinutes;
    return s.waiting > 0 && target !== undefined && waitLevel(s.longestWaitMs, target * 60_000) === 'over';
  });
}

/** Waiting tickets by first arrival, as the hub calls them (SPEC C5): a ticket put back in its queue keeps its place. */
export function waitingByArrival(tickets: Iterable<Ticket>): Ticket[] {
  return [...tickets].filter((t) => t.status === 'waiting').sort((a, b) => a.arrivedAt - b.arrivedAt || (a.id < b.id ? -1 : 1));
}
