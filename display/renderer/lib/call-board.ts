import { callKey, type Call } from './call.ts';

export interface CallBoardOptions {
  /** Calls kept for the screen (the current one and the last ones), one per ticket, latest first. */
  historySize: number;
  /** A call missed while offline is announced when the display is back only if it is at most this old. */
  missedMaxAgeMs: number;
  /** Announcements waiting at most; past it the oldest waiting one is dropped (it stays on the list). */
  maxPending: number;
}

export const DEFAULT_BOARD: CallBoardOptions = { historySize: 8, missedMaxAgeMs: 60_000, maxPending: 12 };

/** How many call keys are remembered for de-duplication (far more than any replay can bring back). */
const SEEN_LIMIT = 1000;

/**
 * What the hall display shows and what it still has to announce, with no I/O.
 *
 * - Every call is shown: the history holds the latest `historySize` tickets, latest first; a recall
 *   moves its ticket back to the top, marked as a recall.
 * - A call is one (ticketId, at): the same event replayed after a reconnection, or found again in a
 *   snapshot, is ignored.
 * - Calls received while online are announced in arrival order, each once.
 * - Calls missed while offline (replayed on resume, or found in a snapshot, including the first one
 *   at start-up) are shown, but only the latest of them is announced, and only when it is at most
 *   `missedMaxAgeMs` old: someone may still be looking for it; the older ones have been served.
 */
export class CallBoard {
  readonly opts: CallBoardOptions;
  #history: Call[] = [];
  #pending: Call[] = [];
  #missed: Call[] = [];
  #seen = new Set<string>();
  #live = false;

  constructor(opts: Partial<CallBoardOptions> = {}) {
    this.opts = { ...DEFAULT_BOARD, ...opts };
  }

  /** The calls on screen, one per ticket, latest first. */
  get history(): readonly Call[] {
    return this.#history;
  }

  /** Announcements waiting, first to be made first. */
  get pending(): readonly Call[] {
    return this.#pending;
  }

  /** Whether calls received now are live (online) or part of a catch-up. */
  get live(): boolean {
    return this.#live;
  }

  /** A call from a hub event. Returns false when it was already seen. */
  receive(call: Call): boolean {
    if (!this.#remember(call)) return false;
    this.#show(call);
    if (this.#live) this.#enqueue(call);
    else this.#missed.push(call);
    return true;
  }

  /** A snapshot's recent calls: those not seen yet were missed; announced at once when online. */
  receiveSnapshot(calls: readonly Call[], hubNow: number): void {
    for (const call of [...calls].sort((a, b) => a.at - b.at)) {
      if (!this.#remember(call)) continue;
      this.#show(call);
      this.#missed.push(call);
    }
    if (this.#live) this.#flushMissed(hubNow);
  }

  /** The connection dropped: what arrives until `online()` is a catch-up. */
  offline(): void {
    this.#live = false;
  }

  /** Connected (again): the missed calls are already on the list; the latest is announced if recent. */
  online(hubNow: number): void {
    this.#live = true;
    this.#flushMissed(hubNow);
  }

  /** Keeps on screen only the calls `keep` accepts (a new day: yesterday's go). Returns whether any went. */
  keepOnly(keep: (call: Call) => boolean): boolean {
    const kept = this.#history.filter(keep);
    if (kept.length === this.#history.length) return false;
    this.#history = kept;
    return true;
  }

  /** The next announcement to make, if any. */
  next(): Call | undefined {
    return this.#pending.shift();
  }

  #remember(call: Call): boolean {
    const key = callKey(call);
    if (this.#seen.has(key)) return false;
    this.#seen.add(key);
    if (this.#seen.size > SEEN_LIMIT) {
      const oldest = this.#seen.values().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
    return true;
  }

  #show(call: Call): void {
    const same = this.#history.find((c) => c.ticketId === call.ticketId);
    if (same && same.at >= call.at) return;
    const rest = this.#history.filter((c) => c.ticketId !== call.ticketId);
    const at = rest.findIndex((c) => c.at < call.at);
    rest.splice(at === -1 ? rest.length : at, 0, call);
    this.#history = rest.slice(0, this.opts.historySize);
  }

  #enqueue(call: Call): void {
    this.#pending.push(call);
    if (this.#pending.length > this.opts.maxPending) this.#pending.shift();
  }

  #flushMissed(hubNow: number): void {
    const latest = this.#missed.reduce<Call | null>((best, c) => (best === null || c.at > best.at ? c : best), null);
    this.#missed = [];
    if (latest && hubNow - latest.at <= this.opts.missedMaxAgeMs) this.#enqueue(latest);
  }
}
