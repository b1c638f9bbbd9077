type Waiter = (durable: boolean) => void;

/**
 * Pipelined group commit, the part after COMMIT: transactions are committed without an fsync, and
 * what waits on them (replies, broadcasts) waits here for an fsync of the WAL started after them.
 * Up to `maxInFlight` fsyncs run at once on libuv's pool; one that finishes makes durable everything
 * committed before it started, so it also releases the waiters of earlier fsyncs still running.
 * Waiters are released in the order they were queued. A failed fsync releases everyone with
 * `false` and stops the pipeline: the disk is in doubt. After a quiet spell the first commit is
 * synced on the calling thread instead (see `syncNow`).
 */
export class SyncPipeline {
  /** Something was committed since the newest fsync started. */
  #dirty = false;
  /** Waiting for an fsync that has not started yet. */
  #unsynced: Waiter[] = [];
  /** Running fsyncs, oldest first, each with the waiters it covers. */
  #inFlight: Waiter[][] = [];
  #failed: Error | null = null;
  /** When the last fsync ended (or when the pipeline was created). */
  #idleSince: number;

  constructor(
    readonly sync: (done: (error: Error | null) => void) => void,
    readonly maxInFlight: number,
    /** Called after waiters were released and a slot is free (the writer may commit its open batch). */
    readonly onSlotFree: () => void,
    readonly onFailure: (error: Error) => void,
    /**
     * The same fsync on this thread. Used instead of the pool when no fsync has run for `quietMs`:
     * in a quiet office the event loop has nothing else to do meanwhile, and the reply leaves without
     * two thread hand-offs. Once commits come closer together they are pipelined again.
     */
    readonly syncNow: (() => void) | null = null,
    readonly quietMs = 2,
    readonly now: () => number = () => performance.now(),
  ) {
    this.#idleSince = now();
  }

  /** True while no further fsync may start: the writer keeps its batch open meanwhile. */
  get full(): boolean {
    return this.#inFlight.length >= this.maxInFlight;
  }

  /** A transaction was just committed; `waiters` run once an fsync started after it has finished. */
  committed(waiters: readonly Waiter[]): void {
    if (this.#failed) {
      for (const w of waiters) w(false);
      return;
    }
    if (this.syncNow && this.#inFlight.length === 0 && this.#unsynced.length === 0 && this.now() - this.#idleSince >= this.quietMs) {
      try {
        this.syncNow();
      } catch (error) {
        this.#failed = error as Error;
        for (const w of waiters) w(false);
        this.onFailure(error as Error);
        return;
      }
      this.#idleSince = this.now();
      for (const w of waiters) w(true);
      return;
    }
    this.#dirty = true;
    this.#unsynced.push(...waiters);
    this.#start();
  }

  /** Runs `w` once everything committed so far is durable (at once if it already is). */
  whenDurable(w: Waiter): void {
    if (this.#failed) w(false);
    else if (this.#dirty) this.#unsynced.push(w);
    else if (this.#inFlight.length > 0) this.#inFlight[this.#inFlight.length - 1]!.push(w);
    else w(true);
  }

  /** Makes everything durable on this thread with `syncNow` and releases every waiter (closing). */
  drain(syncNow: () => void): void {
    if (this.#failed || (!this.#dirty && this.#inFlight.length === 0)) return;
    syncNow();
    const waiters = [...this.#inFlight.flat(), ...this.#unsynced];
    this.#inFlight = [];
    this.#unsynced = [];
    this.#dirty = false;
    for (const w of waiters) w(true);
  }

  #start(): void {
    if (!this.#dirty || this.full || this.#failed) return;
    const covered = this.#unsynced;
    this.#unsynced = [];
    this.#dirty = false;
    this.#inFlight.push(covered);
    this.sync((error) => this.#finished(covered, error));
  }

  #finished(covered: Waiter[], error: Error | null): void {
    const at = this.#inFlight.indexOf(covered);
    if (at < 0) return; // released already by a later fsync, or drained
    if (error) {
      this.#failed = error;
      const waiters = [...this.#inFlight.flat(), ...this.#unsynced];
      this.#inFlight = [];
      this.#unsynced = [];
      for (const w of waiters) w(false);
      this.onFailure(error);
      return;
    }
    this.#idleSince = this.now();
    const released = this.#inFlight.splice(0, at + 1);
    for (const waiters of released) for (const w of waiters) w(true);
    this.#start();
    this.onSlotFree();
  }
}
