import { waitsForCounter, type CounterView, type QueueStats, type Service, type Ticket } from '@turnero/protocol';
import { serviceById, type TicketBook } from '../shared/ticket-book.ts';

/** How a wait compares with the service's target: under, within the last quarter, or over. */
export type WaitLevel = 'ok' | 'near' | 'over';

export function waitLevel(waitMs: number, targetMinutes: number): WaitLevel {
  const target = targetMinutes * 60_000;
  if (waitMs > target) return 'over';
  if (waitMs >= target * 0.75) return 'near';
  return 'ok';
}

/** One queue the counter serves, live. */
export interface QueueRow {
  service: Service;
  waiting: number;
  longestWaitMs: number;
  level: WaitLevel;
  /** The hub's estimate for someone taking a ticket now; null when unknown. */
  estimatedWaitMinutes: number | null;
}

/** The queues of the counter's services, in the counter's order, with waits measured at `serverNow`. */
export function queuesFor(book: TicketBook, counter: CounterView, stats: readonly QueueStats[], serverNow: number): QueueRow[] {
  const rows: QueueRow[] = [];
  for (const serviceId of counter.serviceIds) {
    const service = serviceById(book, serviceId);
    if (!service) continue;
    let waiting = 0;
    let oldest = Number.POSITIVE_INFINITY;
    for (const t of book.tickets.values()) {
      if (t.status !== 'waiting' || t.serviceId !== serviceId) continue;
      waiting++;
      oldest = Math.min(oldest, t.queuedAt);
    }
    const longestWaitMs = waiting > 0 ? Math.max(0, serverNow - oldest) : 0;
    rows.push({
      service,
      waiting,
      longestWaitMs,
      level: waitLevel(longestWaitMs, service.targetWaitMinutes),
      estimatedWaitMinutes: stats.find((s) => s.serviceId === serviceId)?.estimatedWaitMinutes ?? null,
    });
  }
  return rows;
}

/** Tickets the counter may call, transferred-to-it first, then by time in the queue. */
export function waitingList(book: TicketBook, counter: CounterView): Ticket[] {
  return [...book.tickets.values()]
    .filter((t) => waitsForCounter(t, counter))
    .sort((a, b) => Number(b.targetCounterId === counter.id) - Number(a.targetCounterId === counter.id) || a.queuedAt - b.queuedAt);
}
