type Waiter = (durable: boolean) => void;

export interface SyncPipelineOptions {
  /** fsync of the WAL on libuv's pool; `done` runs on the event loop. */
  sync: (done: (error: Error | null) => void) => void;
  /** The same fsync on this thread. */
  syncNow: () => void;
  /** The running fsync has ended and its waiters were released: the writer may commit its open batch. */
  onFsyncEnd: () => void;
  /** The disk refused an fsync: everything written is in doubt. */
  onFailure: (error: Error) => void;
  /** After this long without an fsync, the next one runs on this thread (default 2 ms). */
  quietMs?: number;
  now?: () => number;
}

/**
 * Pipelined group commit, the part after COMMIT: transactions are committed without an fsync, and
 * what waits on them (replies, broadcasts) waits here for an fsync of the WAL started after them.
 * One fsync runs at a time on libuv's pool; the writer keeps its next batch open until it ends, so
 * the commands that arrive meanwhile share one COMMIT and the next fsync. In a quiet office (no fsync
 * for `quietMs`) the fsync runs on this thread instead: the event loop has nothing else to do, and
 * the reply leaves without two thread hand-offs. Waiters are released in the order they came. A
 * failed fsync releases everyone with `false` and stops the pipeline: the disk is in doubt.
 */
export class SyncPipeline {
  /** Waiting for the next fsync (their commits came after the running one started). */
  #next: Waiter[] = [];
  /** Something was committed since the running fsync started (or the last one ended). */
  #dirty = false;
  /** Waiting for the running fsync; null when none runs. */
  #running: Waiter[] | null = null;
  #failed = false;
  #idleSince: number;
  readonly #quietMs: number;
  readonly #now: () => number;

  constructor(readonly opts: SyncPipelineOptions) {
    this.#quietMs = opts.quietMs ?? 2;
    this.#now = opts.now ?? (() => performance.now());
    this.#idleSince = this.#now();
  }

  /** An fsync is running: the writer keeps its batch open until `onFsyncEnd`. */
  get busy(): boolean {
    return this.#running !== null;
  }

  /** A transaction was just committed; `waiters` run once an fsync started after it has finished. */
  committed(waiters: readonly Waiter[]): void {
    if (this.#failed) {
      for (const w of waiters) w(false);
      return;
    }
    if (!this.#running && !this.#dirty && this.#now() - this.#idleSince >= this.#quietMs) {
      try {
        this.opts.syncNow();
      } catch (error) {
        this.#fail(error as Error, waiters);
        return;
      }
      this.#idleSince = this.#now();
      for (const w of waiters) w(true);
      return;
    }
    this.#dirty = true;
    this.#next.push(...waiters);
    if (!this.#running) this.#start();
  }

  /** Runs `w` once everything committed so far is durable (at once if it already is). */
  whenDurable(w: Waiter): void {
    if (this.#failed) w(false);
    else if (this.#dirty) this.#next.push(w);
    else if (this.#running) this.#running.push(w);
    else w(true);
  }

  /** Makes everything durable on this thread and releases every waiter (closing). */
  drain(): void {
    if (this.#failed || (!this.#dirty && !this.#running)) return;
    this.opts.syncNow();
    const waiters = [...(this.#running ?? []), ...this.#next];
    this.#running = null;
    this.#next = [];
    this.#dirty = false;
    for (const w of waiters) w(true);
  }

  #start(): void {
    const covered = this.#next;
    this.#running = covered;
    this.#next = [];
    this.#dirty = false;
    this.opts.sync((error) => this.#ended(covered, error));
  }

  #ended(covered: Waiter[], error: Error | null): void {
    if (this.#running !== covered) return; // drained meanwhile
    this.#running = null;
    if (error) {
      this.#fail(error, covered);
      return;
    }
    this.#idleSince = this.#now();
    for (const w of covered) w(true);
    if (this.#dirty) this.#start();
    this.opts.onFsyncEnd();
  }

  #fail(error: Error, waiting: readonly Waiter[]): void {
    this.#failed = true;
    const refused = [...waiting, ...this.#next];
    this.#next = [];
    for (const w of refused) w(false);
    this.opts.onFailure(error);
  }
}
