import type { Counter, Ticket } from '@turnero/protocol';

type Kind = 'preferential' | 'normal';

const kindOf = (t: Ticket): Kind => (t.preferentialClass !== null ? 'preferential' : 'normal');

/** The call policy's order within a kind: first arrival, then queue entry, then id. */
function before(a: Ticket, b: Ticket): boolean {
  return a.arrivedAt !== b.arrivedAt ? a.arrivedAt < b.arrivedAt : a.queuedAt !== b.queuedAt ? a.queuedAt < b.queuedAt : a.id < b.id;
}

function insertSorted(list: Ticket[], t: Ticket): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(list[mid] as Ticket, t)) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, t);
}

function removeSorted(list: Ticket[], t: Ticket): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(list[mid] as Ticket, t)) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < list.length; i++) {
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
 */
export class WaitingIndex {
  readonly #byQueue = new Map<string, Map<string, Ticket>>();
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
    if (!q) this.#byQueue.set(t.serviceId, (q = new Map()));
    q.set(t.id, t);
    const key = `${t.serviceId}|${kindOf(t)}`;
    let list = this.#byArrival.get(key);
    if (!list) this.#byArrival.set(key, (list = []));
    insertSorted(list, t);
  }

  remove(t: Ticket): void {
    if (t.status !== 'waiting') return;
    if (t.targetCounterId !== null) {
      this.#targeted.get(t.targetCounterId)?.delete(t.id);
      return;
    }
    this.#byQueue.get(t.serviceId)?.delete(t.id);
    const list = this.#byArrival.get(`${t.serviceId}|${kindOf(t)}`);
    if (list) removeSorted(list, t);
  }

  /** The only tickets the call policy can pick for this counter. */
  candidates(counter: Counter): Ticket[] {
    const out: Ticket[] = [];
    const targeted = this.#targeted.get(counter.id);
    if (targeted) for (const t of targeted.values()) out.push(t);
    for (const serviceId of counter.serviceIds) {
      const head = this.#byQueue.get(serviceId)?.values().next().value;
      if (head) out.push(head);
      for (const kind of ['preferential', 'normal'] as const) {
        const first = this.#byArrival.get(`${serviceId}|${kind}`)?.[0];
        if (first && first !== head) out.push(first);
      }
    }
    return out;
  }

  /** When the ticket that has waited longest in a service's queue entered it. */
  oldestQueuedAt(serviceId: string): number | null {
    const head = this.#byQueue.get(serviceId)?.values().next().value;
    return head ? head.queuedAt : null;
  }
}
