import { createRequire } from 'node:module';
import { join, parse } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import type { BackupStatus } from '@turnero/protocol';

/**
 * A child process does every file operation on the backup folder, so that a folder that hangs (a
 * network share gone away) stalls only it — never the event loop, never the hub's shutdown: a child
 * process can be killed anywhere, a worker thread stuck in native code cannot. It checks the folder
 * (creating it only when it is the default one beside the database: a named folder that is missing
 * is a drive not mounted, and a copy made on the system disk in its place would hide that); unless
 * `name` is there, `VACUUM INTO` a temporary file from its own connection (a consistent copy of what
 * is committed, read from a snapshot while the hub keeps writing), fsync, rename into place — a copy
 * is whole or absent; then removes the oldest of its own copies (`prefix` + day) beyond `keep` (never
 * `name`) and its own leftover temporary files. Files of any other name — another hub's copies in a
 * shared folder, copies named the old way (`turnero-YYYY-MM-DD.db`, whose database is unknown) — are
 * never removed, counted or taken for the newest. Its answer is one line of JSON on stdout.
 */
const COPIER_SOURCE = `
const fs = require('node:fs');
const { join } = require('node:path');
const { path, dir, prefix, name, keep, create, driver } = JSON.parse(process.argv[1]);
const DAY = /^\\d{4}-\\d{2}-\\d{2}\\.db$/;
const LEGACY = /^turnero-\\d{4}-\\d{2}-\\d{2}\\.db$/;
const own = (n) => n.startsWith(prefix) && DAY.test(n.slice(prefix.length));
const list = () => fs.readdirSync(dir).filter(own).sort();
const target = join(dir, name);
const tmp = target + '.partial';
const answer = (m) => process.stdout.write(JSON.stringify(m) + '\\n');
let db = null;
try {
  if (create) fs.mkdirSync(dir, { recursive: true });
  else if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error('the backup folder ' + dir + ' is not there (a drive not mounted?)');
  let bytes = null;
  if (!fs.existsSync(target)) {
    const Database = require(driver);
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
  // Only copies up to today count toward keep: ones a wrong clock dated later are reported below and
  // left for a person (they would otherwise fill the quota and push the real ones out).
  const copies = list().filter((n) => n <= name);
  const excess = copies.length - keep;
  for (const old of copies.filter((n) => n !== name).slice(0, Math.max(0, excess))) {
    try {
      fs.rmSync(join(dir, old));
      removed.push(old);
    } catch (error) {
      problems.push('could not remove ' + old + ': ' + String((error && error.message) || error));
    }
  }
  // A copy named for a day after this one comes from a wrong clock: it would pass for the newest.
  for (const later of list().filter((n) => n > name)) problems.push(later + ' is dated after today (' + name + '): a wrong clock? Remove it by hand');
  const legacy = fs.readdirSync(dir).filter((n) => LEGACY.test(n));
  if (legacy.length > 0) problems.push(legacy.length + ' copies named the old way (' + legacy[0] + (legacy.length > 1 ? ' … ' + legacy.at(-1) : '') + ') are not removed automatically (they do not say which database they copy): remove them by hand once no longer needed');
  for (const n of fs.readdirSync(dir)) if (n.endsWith('.db.partial') && own(n.slice(0, -'.partial'.length)) && n !== name + '.partial') fs.rmSync(join(dir, n), { force: true });
  answer({ bytes, removed, problems, latest: list().filter((n) => n <= name).at(-1) ?? null });
} catch (error) {
  try { if (db) db.close(); } catch {}
  try { fs.rmSync(tmp, { force: true }); } catch {}
  answer({ error: String((error && error.message) || error) });
}
`;

/** The start of the names of `dbPath`'s copies: `turnero-<the database file's name without its extension>-`. */
export function copyPrefix(dbPath: string): string {
  return `turnero-${parse(dbPath).name}-`;
}

export interface BackupOptions {
  /** The live database. */
  dbPath: string;
  /** Where the daily copies go (ideally another disk: a USB drive, a network share). */
  dir: string;
  /** How many daily copies to keep (the oldest go first; the day's own copy always stays). */
  keep: number;
  /** Create `dir` when missing: only for the default folder beside the database (a named one must be there). */
  create?: boolean;
  /** A pass not finished by then (a hung share) is stopped and reported as failing. */
  deadlineMs?: number;
  log: (line: string) => void;
}

/** What one pass did: the copy it wrote (null when the day's copy was already there), what it removed, the newest copy now (none dated after the day). */
export interface BackupResult {
  written: string | null;
  removed: string[];
  latest: string | null;
}

type CopierReply = { bytes: number | null; removed: string[]; problems: string[]; latest: string | null } | { error: string };

/**
 * One copy of the database a day, `turnero-<database name>-YYYY-MM-DD.db` in `dir` (`copyPrefix`:
 * hubs sharing a folder each keep their own), made by a child process so that the event loop never
 * waits for it or for the folder; the newest `keep` of this database's copies are kept. Restoring one:
 * see the README ("Daily copies").
 */
export class Backups {
  #running: Promise<BackupResult> | null = null;
  #child: ChildProcess | null = null;
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

  /** Stops the schedule; a copy being made gets `waitMs` to finish, then its process is killed (its temporary file goes next time). */
  async stop(waitMs = 5000): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    const running = this.#running?.catch(() => null);
    if (!running) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), waitMs)));
    if ((await Promise.race([running, late])) === 'late') this.#child?.kill('SIGKILL');
    clearTimeout(timer);
    await running;
  }

  async #pass(day: string): Promise<BackupResult> {
    const { dir, dbPath, keep, log } = this.opts;
    const deadlineMs = this.opts.deadlineMs ?? 30 * 60_000;
    const prefix = copyPrefix(dbPath);
    const name = `${prefix}${day}.db`;
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const params = JSON.stringify({ path: dbPath, dir, prefix, name, keep, create: this.opts.create ?? false, driver });
    const child = spawn(process.execPath, ['-e', COPIER_SOURCE, params], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child = child;
    let out = '';
    let err = '';
    child.stdout?.on('data', (d) => (out += String(d)));
    child.stderr?.on('data', (d) => (err += String(d)));
    const deadline = setTimeout(() => child.kill('SIGKILL'), deadlineMs);
    const reply = await new Promise<CopierReply>((resolve) => {
      child.once('error', (error) => resolve({ error: error.message }));
      child.once('close', (code, signal) => {
        const line = out.trim().split('\n').at(-1);
        try {
          if (line) return resolve(JSON.parse(line) as CopierReply);
        } catch {
          // fall through: no answer
        }
        const limit = deadlineMs >= 60_000 ? `${Math.round(deadlineMs / 60_000)} min` : `${Math.max(1, Math.round(deadlineMs / 1000))} s`;
        const why = signal === 'SIGKILL' ? `not finished after ${limit} (a folder or disk that hangs?), or stopped with the hub` : `the copier exited (${signal ?? code})`;
        resolve({ error: `${why}${err.trim() ? `: ${err.trim().split('\n').at(-1)}` : ''}` });
      });
    });
    clearTimeout(deadline);
    this.#child = null;
    if ('error' in reply) throw new Error(`backup ${join(dir, name)} failed: ${reply.error}`);
    if (reply.bytes !== null) log(`backup ${join(dir, name)} written (${(reply.bytes / 1_048_576).toFixed(1)} MiB)`);
    for (const old of reply.removed) log(`backup ${join(dir, old)} removed (keeping the newest ${keep})`);
    for (const problem of reply.problems) log(`backup: ${problem}`);
    return { written: reply.bytes === null ? null : join(dir, name), removed: reply.removed, latest: reply.latest };
  }
}
