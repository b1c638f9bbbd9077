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
 * `name` is there, checks that the folder's disk has room for the copy plus `reserve` bytes — when
 * not, removes its oldest copies down to `keep` − 1 first if that makes the room, and otherwise
 * fails having written and removed nothing (a copy that fills the disk fails anyway, and when that
 * disk is the database's own, the hub's commits fail with it) — then `VACUUM INTO` a temporary file from its own connection (a consistent copy of what
 * is committed, read from a snapshot while the hub keeps writing), fsync, rename into place — a copy
 * is whole or absent; then removes the oldest of its own copies (`prefix` + day) beyond `keep` (never
 * `name`); its own leftover temporary files go first of all. Files of any other name — another hub's copies in a
 * shared folder, copies named the old way (`turnero-YYYY-MM-DD.db`, whose database is unknown) — are
 * never removed, counted or taken for the newest. Its answer is one line of JSON on stdout.
 */
const COPIER_SOURCE = `
const fs = require('node:fs');
const { join } = require('node:path');
const { path, dir, prefix, name, keep, reserve, create, driver, statfs } = JSON.parse(process.argv[1]);
const freeBytes = () => {
  const s = (statfs ? require(statfs) : fs.statfsSync)(dir);
  return s.bavail * s.bsize;
};
const mib = (n) => (n / 1048576).toFixed(1) + ' MiB';
const DAY = /^\\d{4}-\\d{2}-\\d{2}\\.db$/;
const LEGACY = /^turnero-\\d{4}-\\d{2}-\\d{2}\\.db$/;
const own = (n) => n.startsWith(prefix) && DAY.test(n.slice(prefix.length));
const list = () => fs.readdirSync(dir).filter(own).sort();
const target = join(dir, name);
const tmp = target + '.partial';
const answer = (m) => process.stdout.write(JSON.stringify(m) + '\\n');
let db = null;
const madeRoom = [];
try {
  if (create) fs.mkdirSync(dir, { recursive: true });
  else if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error('the backup folder ' + dir + ' is not there (a drive not mounted?)');
  // Temporary files a stopped pass left (they take room the check below counts on).
  for (const n of fs.readdirSync(dir)) if (n.endsWith('.db.partial') && own(n.slice(0, -'.partial'.length))) fs.rmSync(join(dir, n), { force: true });
  let bytes = null;
  if (!fs.existsSync(target)) {
    const Database = require(driver);
    db = new Database(path, { fileMustExist: true });
    // What VACUUM INTO writes at most: the database's pages in use (the WAL's included), no free ones.
    const pageSize = db.pragma('page_size', { simple: true });
    const size = (db.pragma('page_count', { simple: true }) - db.pragma('freelist_count', { simple: true })) * pageSize;
    const need = size + reserve;
    let free = freeBytes();
    if (free < need) {
      const older = list().filter((n) => n < name);
      const surplus = older.slice(0, Math.max(0, older.length - (keep - 1)));
      const room = surplus.reduce((sum, n) => sum + fs.statSync(join(dir, n)).size, 0);
      const short = () => 'not enough free space in ' + dir + ' for the copy: ' + mib(free) + ' free, ' + mib(need) + ' needed (the database ' + mib(size) + ' and ' + mib(reserve) + ' left free for the disk\\'s other writers)';
      if (free + room < need) throw new Error(short() + (surplus.length > 0 ? ', even after removing ' + surplus.length + ' older copies' : '') + '; nothing was written or removed: free some space there or lower --backup-keep');
      for (const old of surplus) {
        fs.rmSync(join(dir, old));
        madeRoom.push(old);
      }
      free = freeBytes();
      if (free < need) throw new Error(short() + ' after removing ' + surplus.join(', ') + '; nothing was written: free some space there or lower --backup-keep');
    }
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
  answer({ bytes, madeRoom, removed, problems, latest: list().filter((n) => n <= name).at(-1) ?? null });
} catch (error) {
  try { if (db) db.close(); } catch {}
  try { fs.rmSync(tmp, { force: true }); } catch {}
  answer({ error: String((error && error.message) || error), madeRoom });
}
`;

/** Free space a copy must leave on its disk by default (see `BackupOptions.reserveBytes`). */
export const DEFAULT_RESERVE_BYTES = 64 * 1_048_576;

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
  /** Bytes the folder's disk must still have free after the copy (default 64 MiB: room for the live database's WAL when it is the same disk). */
  reserveBytes?: number;
  /** For tests: a CommonJS module whose export replaces `fs.statfsSync` in the copier (a disk of a chosen size). */
  statfsModule?: string;
  log: (line: string) => void;
}

/** What one pass did: the copy it wrote (null when the day's copy was already there), what it removed, the newest copy now (none dated after the day). */
export interface BackupResult {
  written: string | null;
  removed: string[];
  latest: string | null;
}

type CopierReply = { bytes: number | null; madeRoom: string[]; removed: string[]; problems: string[]; latest: string | null } | { error: string; madeRoom?: string[] };

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
    const reserve = this.opts.reserveBytes ?? DEFAULT_RESERVE_BYTES;
    const params = JSON.stringify({ path: dbPath, dir, prefix, name, keep, reserve, create: this.opts.create ?? false, driver, statfs: this.opts.statfsModule ?? null });
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
    if ('error' in reply) {
      for (const old of reply.madeRoom ?? []) log(`backup ${join(dir, old)} removed to make room for the day's copy (keeping the newest ${keep})`);
      throw new Error(`backup ${join(dir, name)} failed: ${reply.error}`);
    }
    for (const old of reply.madeRoom) log(`backup ${join(dir, old)} removed to make room for the day's copy (keeping the newest ${keep})`);
    if (reply.bytes !== null) log(`backup ${join(dir, name)} written (${(reply.bytes / 1_048_576).toFixed(1)} MiB)`);
    for (const old of reply.removed) log(`backup ${join(dir, old)} removed (keeping the newest ${keep})`);
    for (const problem of reply.problems) log(`backup: ${problem}`);
    return { written: reply.bytes === null ? null : join(dir, name), removed: [...reply.madeRoom, ...reply.removed], latest: reply.latest };
  }
}
