import { waitsForCounter, type Counter, type Fairness, type Ticket } from '@turnero/protocol';

export type CallRule = 'target_counter' | 'max_wait' | 'preferential' | 'normal';

export interface CallChoice {
  ticket: Ticket;
  rule: CallRule;
}

/** Whether the fairness cycle position asks for a preferential ticket (SPEC C4). */
export function preferentialTurn(fairness: Fairness, cursor: number): boolean {
  const cycle = fairness.preferential + fairness.normal;
  if (fairness.preferential === 0) return false;
  if (cycle === 0 || fairness.normal === 0) return true;
  return cursor % cycle < fairness.preferential;
}

function byArrival(a: Ticket, b: Ticket): number {
  return a.arrivedAt - b.arrivedAt || a.queuedAt - b.queuedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Chooses the next ticket for a counter (SPEC C1–C6):
 * tickets transferred to this counter first; then any ticket waiting past the maximum wait (oldest first);
 * then preferential or normal as the fairness cycle says (the other kind when that one is empty),
 * by the counter's service order, then by original arrival.
 */
export function pickNext(waiting: Iterable<Ticket>, counter: Counter, fairness: Fairness, cursor: number, now: number): CallChoice | null {
  const maxWaitMs = fairness.maxWaitMinutes * 60_000;
  let targeted: Ticket | null = null;
  let overdue: Ticket | null = null;
  const best: { preferential: Ticket | null; normal: Ticket | null } = { preferential: null, normal: null };
  const rank = (t: Ticket) => counter.serviceIds.indexOf(t.serviceId);

  for (const t of waiting) {
    if (!waitsForCounter(t, counter)) continue;
    if (t.targetCounterId === counter.id) {
      if (!targeted || t.queuedAt < targeted.queuedAt) targeted = t;
      continue;
    }
    if (now - t.queuedAt >= maxWaitMs && (!overdue || t.queuedAt < overdue.queuedAt)) overdue = t;
    const kind = fairness.preferential > 0 && t.preferentialClass !== null ? 'preferential' : 'normal';
    const current = best[kind];
    if (!current || rank(t) < rank(current) || (rank(t) === rank(current) && byArrival(t, current) < 0)) best[kind] = t;
  }

  if (targeted) return { ticket: targeted, rule: 'target_counter' };
  if (overdue) return { ticket: overdue, rule: 'max_wait' };
  const wantPreferential = preferentialTurn(fairness, cursor);
  const first = wantPreferential ? best.preferential : best.normal;
  const second = wantPreferential ? best.normal : best.preferential;
  const ticket = first ?? second;
  if (!ticket) return null;
  return { ticket, rule: ticket === best.preferential ? 'preferential' : 'normal' };
}
