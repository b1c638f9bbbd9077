import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BackupStatus } from '@turnero/protocol';

/**
 * The worker does every file operation on the backup folder, so that a folder that hangs (a network
 * share gone away) stalls only it, never the event loop: create the folder; unless `name` is there,
 * `VACUUM INTO` a temporary file from its own connection (a consistent copy of what is committed,
 * read from a snapshot while the hub keeps writing), fsync, rename into place — a copy is whole or
 * absent; then remove the oldest copies beyond `keep` (never `name`) and any leftover temporary file.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { join } = require('node:path');
const Database = require(workerData.driver);
const { path, dir, name, keep } = workerData;
const NAME = /^turnero-\\d{4}-\\d{2}-\\d{2}\\.db$/;
const list = () => fs.readdirSync(dir).filter((n) => NAME.test(n)).sort();
const target = join(dir, name);
const tmp = target + '.partial';
let db = null;
try {
  fs.mkdirSync(dir, { recursive: true });
  let bytes = null;
  if (!fs.existsSync(target)) {
    db = new Database(path, { fileMustExist: true });
    fs.rmSync(tmp, { force: true });
    db.prepare('VACUUM INTO ?').run(tmp);
    db.close();
    db = null;
    const fd = fs.openSync(tmp, 'r+');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, target);
    bytes = fs.statSync(target).size;
  }
  const removed = [];
  const problems = [];
  const copies = list();
  const excess = copies.length - keep;
  for (const old of copies.filter((n) => n !== name).slice(0, Math.max(0, excess))) {
    try {
      fs.rmSync(join(dir, old));
      removed.push(old);
    } catch (error) {
      problems.push(old + ': ' + String((error && error.message) || error));
    }
  }
  for (const n of fs.readdirSync(dir)) if (n.endsWith('.db.partial')) fs.rmSync(join(dir, n), { force: true });
  parentPort.postMessage({ bytes, removed, problems, latest: list().at(-1) ?? null });
} catch (error) {
  try { if (db) db.close(); } catch {}
  try { fs.rmSync(tmp, { force: true }); } catch {}
  parentPort.postMessage({ error: String((error && error.message) || error) });
}
`;

export interface BackupOptions {
  /** The live database. */
  dbPath: string;
  /** Where the daily copies go (ideally another disk: a USB drive, a network share). */
  dir: string;
  /** How many daily copies to keep (the oldest go first; the day's own copy always stays). */
  keep: number;
  log: (line: string) => void;
}

/** What one pass did: the copy it wrote (null when the day's copy was already there), what it removed, the newest copy now. */
export interface BackupResult {
  written: string | null;
  removed: string[];
  latest: string | null;
}

type WorkerReply = { bytes: number | null; removed: string[]; problems: string[]; latest: string | null } | { error: string };

/**
 * One copy of the database a day, `turnero-YYYY-MM-DD.db` in `dir`, made on a worker thread so that
 * the event loop never waits for it or for the folder; the newest `keep` are kept. Restoring one:
 * see the README ("Daily copies").
 */
export class Backups {
  #running: Promise<BackupResult> | null = null;
  #worker: Worker | null = null;
  #timer: ReturnType<typeof setInterval> | null = null;
  /** The day whose copy is known to exist. */
  #doneDay: string | null = null;
  #latest: string | null = null;
  #failing: string | null = null;
  /** After a failure (the backup disk unplugged), the next try waits until then instead of a minute. */
  #retryAt = 0;

  constructor(readonly opts: BackupOptions) {}

  status(): BackupStatus {
    return { dir: this.opts.dir, keep: this.opts.keep, latest: this.#latest, failing: this.#failing };
  }

  /**
   * Makes `day`'s copy unless it is there, then removes copies beyond `keep`. While a pass is running,
   * returns that pass. Rejects when the copy could not be made (nothing is left half-written, and the
   * database is untouched).
   */
  backUp(day: string): Promise<BackupResult> {
    this.#running ??= this.#pass(day).then(
      (result) => {
        this.#doneDay = day;
        this.#failing = null;
        this.#latest = result.latest;
        return result;
      },
      (error: unknown) => {
        this.#failing = error instanceof Error ? error.message : String(error);
        throw error;
      },
    ).finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  /** Checks every `intervalMs` (and now) that the day `dayOf()` names has its copy, and makes it if not. */
  start(dayOf: () => string, now: () => number, intervalMs = 60_000, retryMs = 15 * 60_000): void {
    const tick = () => {
      const day = dayOf();
      if (day === this.#doneDay || this.#running || now() < this.#retryAt) return;
      this.backUp(day).catch((error: unknown) => {
        this.#retryAt = now() + retryMs;
        this.opts.log(`${error instanceof Error ? error.message : String(error)}; trying again in ${Math.round(retryMs / 60_000)} min`);
      });
    };
    tick();
    this.#timer = setInterval(tick, intervalMs);
    this.#timer.unref();
  }

  /** Stops the schedule; a copy being made gets `waitMs` to finish, then its worker is stopped (its temporary file goes next time). */
  async stop(waitMs = 5000): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    const running = this.#running?.catch(() => null);
    if (!running) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), waitMs)));
    if ((await Promise.race([running, late])) === 'late') await this.#worker?.terminate();
    clearTimeout(timer);
    await running;
  }

  async #pass(day: string): Promise<BackupResult> {
    const { dir, dbPath, keep, log } = this.opts;
    const name = `turnero-${day}.db`;
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path: dbPath, dir, name, keep, driver } });
    this.#worker = worker;
    const reply = await new Promise<WorkerReply>((resolve) => {
      worker.once('message', resolve);
      worker.once('error', (error) => resolve({ error: error.message }));
      worker.once('exit', (code) => resolve({ error: `the backup worker stopped (exit code ${code})` }));
    });
    this.#worker = null;
    await worker.terminate();
    if ('error' in reply) throw new Error(`backup ${join(dir, name)} failed: ${reply.error}`);
    if (reply.bytes !== null) log(`backup ${join(dir, name)} written (${(reply.bytes / 1_048_576).toFixed(1)} MiB)`);
    for (const old of reply.removed) log(`backup ${join(dir, old)} removed (keeping the newest ${keep})`);
    for (const problem of reply.problems) log(`backup: could not remove ${problem}`);
    return { written: reply.bytes === null ? null : join(dir, name), removed: reply.removed, latest: reply.latest };
  }
}
