import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * The worker: its own connection, `VACUUM INTO` a temporary file (a consistent copy of what is
 * committed, read from a snapshot, so the hub keeps writing meanwhile), fsync, then rename into place
 * — a backup file is either whole or absent.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const Database = require(workerData.driver);
const { path, tmp, target } = workerData;
let db = null;
try {
  db = new Database(path, { fileMustExist: true });
  fs.rmSync(tmp, { force: true });
  db.prepare('VACUUM INTO ?').run(tmp);
  const fd = fs.openSync(tmp, 'r+');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(tmp, target);
  parentPort.postMessage({ bytes: fs.statSync(target).size });
} catch (error) {
  fs.rmSync(tmp, { force: true });
  parentPort.postMessage({ error: String((error && error.message) || error) });
} finally {
  if (db) db.close();
}
`;

const NAME = /^turnero-(\d{4}-\d{2}-\d{2})\.db$/;

export interface BackupOptions {
  /** The live database. */
  dbPath: string;
  /** Where the daily copies go (ideally another disk: a USB drive, a network share). */
  dir: string;
  /** How many daily copies to keep (the oldest go first). */
  keep: number;
  log: (line: string) => void;
}

/**
 * One copy of the database a day, `turnero-YYYY-MM-DD.db` in `dir`, made on a worker thread so that
 * the event loop never waits for it; the newest `keep` are kept. Restoring one: stop the hub, put the
 * copy in place of the database file (and delete its -wal and -shm files), start the hub.
 */
/** What `/health` says of the copies: where they go, the newest, and the last failure if the newest attempt failed. */
export interface BackupStatus {
  dir: string;
  keep: number;
  latest: string | null;
  failing: string | null;
}

export class Backups {
  #running: Promise<string | null> | null = null;
  #failing: string | null = null;
  #timer: ReturnType<typeof setInterval> | null = null;
  /** After a failure (the backup disk unplugged), the next try waits this long instead of a minute. */
  #retryAt = 0;

  constructor(readonly opts: BackupOptions) {}

  /** Checks every `intervalMs` (and now) that the day `dayOf()` names has its copy, and makes it if not. */
  start(dayOf: () => string, now: () => number, intervalMs = 60_000, retryMs = 15 * 60_000): void {
    const tick = () => {
      if (now() < this.#retryAt) return;
      this.backUp(dayOf()).catch((error: unknown) => {
        this.#retryAt = now() + retryMs;
        this.opts.log(`${error instanceof Error ? error.message : String(error)}; trying again in ${Math.round(retryMs / 60_000)} min`);
      });
    };
    tick();
    this.#timer = setInterval(tick, intervalMs);
    this.#timer.unref();
  }

  /** Stops the schedule; a copy being made finishes (its worker holds its own connection). */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running?.catch(() => null);
  }

  status(): BackupStatus {
    return { dir: this.opts.dir, keep: this.opts.keep, latest: this.list().at(-1) ?? null, failing: this.#failing };
  }

  /** The copies in `dir`, oldest first. */
  list(): string[] {
    let names: string[];
    try {
      names = readdirSync(this.opts.dir);
    } catch {
      return [];
    }
    return names.filter((n) => NAME.test(n)).sort();
  }

  /**
   * Makes `day`'s copy unless it exists (or one is being made), then removes copies beyond `keep`.
   * Resolves with the new file's path, or null when there was nothing to do; rejects when the copy
   * could not be made (nothing is left half-written, and the database is untouched).
   */
  backUp(day: string): Promise<string | null> {
    if (this.#running) return this.#running;
    const name = `turnero-${day}.db`;
    if (this.list().includes(name)) return Promise.resolve(null);
    this.#running = this.#copy(name).then(
      (path) => {
        this.#failing = null;
        return path;
      },
      (error: unknown) => {
        this.#failing = error instanceof Error ? error.message : String(error);
        throw error;
      },
    ).finally(() => (this.#running = null));
    return this.#running;
  }

  async #copy(name: string): Promise<string> {
    const { dir, dbPath } = this.opts;
    mkdirSync(dir, { recursive: true });
    const target = join(dir, name);
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path: dbPath, tmp: `${target}.partial`, target, driver } });
    const result = await new Promise<{ bytes: number } | { error: string }>((resolve) => {
      worker.once('message', resolve);
      worker.once('error', (error) => resolve({ error: error.message }));
    });
    await worker.terminate();
    if ('error' in result) throw new Error(`backup ${target} failed: ${result.error}`);
    this.opts.log(`backup ${target} written (${(result.bytes / 1_048_576).toFixed(1)} MiB)`);
    this.#prune();
    return target;
  }

  #prune(): void {
    const copies = this.list();
    for (const old of copies.slice(0, Math.max(0, copies.length - this.opts.keep))) {
      rmSync(join(this.opts.dir, old), { force: true });
      this.opts.log(`backup ${join(this.opts.dir, old)} removed (keeping the newest ${this.opts.keep})`);
    }
  }
}
