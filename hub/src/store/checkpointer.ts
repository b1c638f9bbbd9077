import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** The worker: its own connection, one PASSIVE checkpoint per message, the result posted back. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('synchronous = FULL');
const closed = new Int32Array(workerData.closed);
parentPort.on('message', (m) => {
  if (m === 'stop') {
    db.close();
    Atomics.store(closed, 0, 1);
    Atomics.notify(closed, 0);
    parentPort.close();
    return;
  }
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ busy: r.busy, log: r.log, checkpointed: r.checkpointed });
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  }
});
`;

/** Frames the main connection copies itself, right after a COMMIT, so that the next write restarts the WAL. */
const TAIL_FRAMES = 512;
/**
 * The WAL is restarted once it holds this many frames (about 32 MB), after the writer has copied the
 * tail itself (1-4 ms on its thread). At 2,000 frames that came every ~1,000 tickets under load and
 * touched 10-15% of the slowest 1% of requests; five alternating bench pairs at 8,000: 10-in-flight
 * p99 lower in all five (median 5.53 -> 5.27 ms), 7% more tickets/s.
 */
const RESTART_AT_FRAMES = 8000;
/** Commits between two checkpoint rounds while the office is busy. */
const COMMITS_PER_ROUND = 32;
/** How long `close` waits for the worker to let go of the database (it may be finishing a checkpoint). */
const CLOSE_WAIT_MS = 2000;

export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

/**
 * WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the COMMIT that
 * crosses 1,000 pages, on the thread that committed: copying the pages into the database file and
 * two fsyncs, several milliseconds during which no ticket is served. Here a worker thread with its own
 * connection copies the pages (PASSIVE: never blocks the writer) and fsyncs; when it has caught up to
 * within a few hundred frames of the end, the main connection copies that short tail right after one
 * of its COMMITs, so that its next transaction finds the WAL fully copied and starts it over (the WAL
 * file is reused, not grown).
 */
export class Checkpointer {
  readonly #worker: Worker;
  #running = false;
  #tailDue = false;
  #commits = 0;
  #closed = false;
  readonly #timer: ReturnType<typeof setInterval>;
  /** Set to 1 by the worker once its connection is closed. */
  readonly #workerClosed = new Int32Array(new SharedArrayBuffer(4));

  constructor(
    readonly db: Database.Database,
    path: string,
    readonly log: (line: string) => void = () => {},
    readonly restartAtFrames: number = RESTART_AT_FRAMES,
  ) {
    db.pragma('wal_autocheckpoint = 0');
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.#worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driver, closed: this.#workerClosed.buffer } });
    this.#worker.unref();
    this.#worker.on('message', (m: CheckpointResult | { error: string }) => this.#done(m));
    this.#worker.on('error', (error) => this.#fallBack(error));
    // A worker that ends without an error (process.exit in it, terminate) stops checkpointing just as
    // surely; only the one close() stops is expected to end (after an 'error' it has fallen back already).
    this.#worker.on('exit', (code) => {
      if (!this.#closed) this.#fallBack(new Error(`it exited with code ${code}`));
    });
    // A quiet office still gets its WAL copied.
    this.#timer = setInterval(() => this.#round(), 1000);
    this.#timer.unref();
  }

  /**
   * Called by the writer right after each COMMIT, while no transaction is open. Never throws: a tail
   * copy the disk refuses (SQLITE_FULL with a WAL being reused: COMMIT fitted, the copy did not) is
   * logged, and the WAL is left as it is until the worker's next round finds the tail due again —
   * what was committed is in the WAL, and the hub keeps serving.
   */
  afterCommit(): void {
    if (this.#closed) return;
    if (this.#tailDue) {
      this.#tailDue = false;
      try {
        this.db.pragma('wal_checkpoint(PASSIVE)');
      } catch (error) {
        this.log(`checkpoint of the WAL's tail failed (${(error as Error).message}); the next round tries again`);
      }
      return;
    }
    if (++this.#commits >= COMMITS_PER_ROUND) this.#round();
  }

  /**
   * Stops the worker and waits (briefly, blocking) until its connection is closed, so that the
   * caller's connection is the last one: its close then checkpoints and removes the WAL itself,
   * before it returns, instead of the worker doing so a moment later.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    this.#worker.postMessage('stop');
    Atomics.wait(this.#workerClosed, 0, 0, CLOSE_WAIT_MS);
  }

  #round(): void {
    if (this.#running || this.#tailDue || this.#closed) return;
    this.#running = true;
    this.#commits = 0;
    this.#worker.postMessage('checkpoint');
  }

  #done(m: CheckpointResult | { error: string }): void {
    this.#running = false;
    if ('error' in m) {
      this.log(`checkpoint failed: ${m.error}`);
      return;
    }
    if (m.log >= this.restartAtFrames && m.log - m.checkpointed <= TAIL_FRAMES) this.#tailDue = true;
  }

  #fallBack(error: Error): void {
    this.log(`checkpoint worker stopped (${error.message}); checkpoints go back inside COMMIT`);
    this.#closed = true;
    clearInterval(this.#timer);
    if (this.db.open) this.db.pragma('wal_autocheckpoint = 1000');
  }
}
