import type { Counter, Ticket } from '@turnero/protocol';

type Kind = 'preferential' | 'normal';

const kindOf = (t: Ticket): Kind => (t.preferentialClass !== null ? 'preferential' : 'normal');

type Before = (a: Ticket, b: Ticket) => boolean;

/** The call policy's order within a kind: first arrival, then queue entry, then id. */
function byArrival(a: Ticket, b: Ticket): boolean {
  return a.arrivedAt !== b.arrivedAt ? a.arrivedAt < b.arrivedAt : a.queuedAt !== b.queuedAt ? a.queuedAt < b.queuedAt : a.id < b.id;
}

/** A queue's order: entry into it, then id. */
function byQueueEntry(a: Ticket, b: Ticket): boolean {
  return a.queuedAt !== b.queuedAt ? a.queuedAt < b.queuedAt : a.id < b.id;
}

/** Where `t` goes in `list` (sorted by `before`): after every ticket before it. */
function positionOf(list: readonly Ticket[], t: Ticket, before: Before): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(list[mid] as Ticket, t)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSorted(list: Ticket[], t: Ticket, before: Before): void {
  list.splice(positionOf(list, t, before), 0, t);
}

function removeSorted(list: Ticket[], t: Ticket, before: Before): void {
  for (let i = positionOf(list, t, before); i < list.length; i++) {
    if (list[i]?.id === t.id) {
      list.splice(i, 1);
      return;
    }
    if (before(t, list[i] as Ticket)) return;
  }
}

/**
 * Waiting tickets indexed for the call policy, so a call looks at a handful of queue heads instead of
 * every waiting ticket: per service in queue-entry order (the head waited longest in the queue), per
 * service and kind in arrival order (the head is the policy's pick within that kind), and per target
 * counter. `pickNext` over `candidates(counter)` chooses exactly what it would over all waiting tickets.
 * Both orders come from the tickets' own times, never from when they were added: a waiting ticket
 * updated in place (a print report) is removed and added again and must keep its place.
 */
export class WaitingIndex {
  readonly #byQueue = new Map<string, Ticket[]>();
  readonly #byArrival = new Map<string, Ticket[]>();
  readonly #targeted = new Map<string, Map<string, Ticket>>();

  add(t: Ticket): void {
    if (t.status !== 'waiting') return;
    if (t.targetCounterId !== null) {
      let m = this.#targeted.get(t.targetCounterId);
      if (!m) this.#targeted.set(t.targetCounterId, (m = new Map()));
      m.set(t.id, t);
      return;
    }
    let q = this.#byQueue.get(t.serviceId);
    if (!q) this.#byQueue.set(t.serviceId, (q = []));
    insertSorted(q, t, byQueueEntry);
    const key = `${t.serviceId}|${kindOf(t)}`;
    let list = this.#byArrival.get(key);
    if (!list) this.#byArrival.set(key, (list = []));
    insertSorted(list, t, byArrival);
  }

  remove(t: Ticket): void {
    if (t.status !== 'waiting') return;
    if (t.targetCounterId !== null) {
      this.#targeted.get(t.targetCounterId)?.delete(t.id);
      return;
    }
    const q = this.#byQueue.get(t.serviceId);
    if (q) removeSorted(q, t, byQueueEntry);
    const list = this.#byArrival.get(`${t.serviceId}|${kindOf(t)}`);
    if (list) removeSorted(list, t, byArrival);
  }

  /** The only tickets the call policy can pick for this counter. */
  candidates(counter: Counter): Ticket[] {
    const out: Ticket[] = [];
    const targeted = this.#targeted.get(counter.id);
    if (targeted) for (const t of targeted.values()) out.push(t);
    for (const serviceId of counter.serviceIds) {
      const head = this.#byQueue.get(serviceId)?.[0];
      if (head) out.push(head);
      for (const kind of ['preferential', 'normal'] as const) {
        const first = this.#byArrival.get(`${serviceId}|${kind}`)?.[0];
        if (first && first !== head) out.push(first);
      }
    }
    return out;
  }

  /** The waiting ticket that arrived first, in any queue or sent to any counter (a look at the heads, not a scan). */
  earliestArrival(): Ticket | null {
    let first: Ticket | null = null;
    for (const list of this.#byArrival.values()) {
      const head = list[0];
      if (head && (first === null || byArrival(head, first))) first = head;
    }
    for (const sent of this.#targeted.values()) for (const t of sent.values()) if (first === null || byArrival(t, first)) first = t;
    return first;
  }

  /** When the ticket that has waited longest in a service's queue entered it. */
  oldestQueuedAt(serviceId: string): number | null {
    return this.#byQueue.get(serviceId)?.[0]?.queuedAt ?? null;
  }
}
