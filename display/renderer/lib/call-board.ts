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
 * - A recall that comes while its ticket's call is still waiting, or being announced, merges into
 *   that announcement: the number is said once, where that call stood in line (not "called again"
 *   for a number nobody has heard yet). A recall once that announcement is over is announced again.
 * - Calls missed while offline (replayed on resume, or found in a snapshot, including the first one
 *   at start-up) are shown, but only the latest of them is announced, and only when it is at most
 *   `missedMaxAgeMs` old: someone may still be looking for it; the older ones have been served.
 * - A call taken back (its ticket put back in the queue before it was served) leaves the screen and
 *   is not announced: nobody must walk to a counter that is not expecting them.
 */
export class CallBoard {
  readonly opts: CallBoardOptions;
  #history: Call[] = [];
  #pending: Call[] = [];
  #missed: Call[] = [];
  #seen = new Set<string>();
  /** Per ticket, the time up to which its calls were taken back. */
  #withdrawnUntil = new Map<string, number>();
  /** The call the announcer took last, until it says it has finished announcing it. */
  #announcing: Call | null = null;
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

  /**
   * A snapshot's recent calls, the hub's word on what was called since the oldest of them: a call
   * of that span no longer among them was taken back meanwhile (withdrawn). Those not seen yet were
   * missed: the latest is announced when online, if recent.
   */
  receiveSnapshot(calls: readonly Call[], hubNow: number): void {
    const listed = new Set(calls.map(callKey));
    // The hub lists its latest calls: what it vouches for is after the oldest it lists (everything, if
    // none). A call at that very millisecond may be one its limit cut off, beside the listed one: kept.
    const since = calls.reduce((min, c) => Math.min(min, c.at), Infinity);
    const gone = (c: Call) => (calls.length === 0 || c.at > since) && !listed.has(callKey(c));
    for (const c of [...this.#history, ...this.#pending, ...this.#missed]) if (gone(c)) this.#markWithdrawn(c.ticketId, c.at);
    this.#history = this.#history.filter((c) => !gone(c));
    this.#pending = this.#pending.filter((c) => !gone(c));
    this.#missed = this.#missed.filter((c) => !gone(c));
    for (const call of [...calls].sort((a, b) => a.at - b.at)) {
      this.#show(call);
      if (this.#remember(call)) this.#missed.push(call);
    }
    if (this.#live) this.#flushMissed(hubNow);
  }

  /**
   * A called ticket was put back in its queue at `at` (its agent took the call back, or the counter
   * was closed or released): its calls until then leave the list and are not announced — also the
   * one being announced, if any. Returns whether any was shown.
   */
  withdraw(ticketId: string, at: number): boolean {
    this.#markWithdrawn(ticketId, at);
    this.#pending = this.#pending.filter((c) => !this.withdrawn(c));
    this.#missed = this.#missed.filter((c) => !this.withdrawn(c));
    const shown = this.#history.length;
    this.#history = this.#history.filter((c) => !this.withdrawn(c));
    return this.#history.length !== shown;
  }

  /** Whether this call was taken back (the announcer does not say a call it is still chiming for). */
  withdrawn(call: Call): boolean {
    return call.at <= (this.#withdrawnUntil.get(call.ticketId) ?? -Infinity);
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

  /** The next announcement to make, if any: being announced until `announced(call)`. */
  next(): Call | undefined {
    const call = this.#pending.shift();
    this.#announcing = call ?? null;
    return call;
  }

  /** The announcer is done with `call` (said, failed, or skipped): a recall of its ticket from now on is said again. */
  announced(call: Call): void {
    if (this.#announcing === call) this.#announcing = null;
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

  /** Every call of `ticketId` up to `at` is withdrawn (remembered for the last SEEN_LIMIT tickets). */
  #markWithdrawn(ticketId: string, at: number): void {
    const until = Math.max(at, this.#withdrawnUntil.get(ticketId) ?? -Infinity);
    this.#withdrawnUntil.delete(ticketId);
    this.#withdrawnUntil.set(ticketId, until);
    if (this.#withdrawnUntil.size > SEEN_LIMIT) {
      const oldest = this.#withdrawnUntil.keys().next().value;
      if (oldest !== undefined) this.#withdrawnUntil.delete(oldest);
    }
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
    // NOTE: the agent recalled before the hall heard the first call (the display was busy with other
    // calls, or chiming for this one): said twice back to back, it reads as two calls.
    if (call.recall && this.#notAnnouncedYet(call.ticketId)) return;
    this.#pending.push(call);
    if (this.#pending.length > this.opts.maxPending) this.#pending.shift();
  }

  /** Whether a call of this ticket is waiting to be announced or being announced. */
  #notAnnouncedYet(ticketId: string): boolean {
    return this.#announcing?.ticketId === ticketId || this.#pending.some((c) => c.ticketId === ticketId);
  }

  #flushMissed(hubNow: number): void {
    const latest = this.#missed.reduce<Call | null>((best, c) => (best === null || c.at > best.at ? c : best), null);
    this.#missed = [];
    if (latest && hubNow - latest.at <= this.opts.missedMaxAgeMs) this.#enqueue(latest);
  }
}
