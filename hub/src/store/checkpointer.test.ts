import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type * as Threads from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { until } from '../../test/helpers.ts';
import { SqliteStore } from './sqlite-store.ts';

// Every checkpoint worker started, to end one the way a bug in it (process.exit) or a terminate() would.
const workers = vi.hoisted(() => [] as Threads.Worker[]);
vi.mock('node:worker_threads', async (importOriginal) => {
  const threads = await importOriginal<typeof Threads>();
  class Watched extends threads.Worker {
    constructor(...args: ConstructorParameters<typeof threads.Worker>) {
      super(...args);
      workers.push(this);
    }
  }
  return { ...threads, Worker: Watched };
});

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A store whose WAL restarts at 2,000 frames (8 MiB), a quarter of the default, to keep the tests short. */
function open(): { store: SqliteStore; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'turnero-ckpt-'));
  dirs.push(dir);
  const path = join(dir, 'hub.db');
  return { store: new SqliteStore({ path, walRestartFrames: 2000 }), path };
}

/** Writes ~`mb` MiB in small transactions, as the engine does, telling the store after each COMMIT. */
async function write(store: SqliteStore, mb: number): Promise<void> {
  store.db.exec('CREATE TABLE IF NOT EXISTS blob (id INTEGER PRIMARY KEY, data TEXT)');
  const insert = store.db.prepare('INSERT INTO blob (data) VALUES (?)');
  const row = 'x'.repeat(2000);
  for (let i = 0; i < mb * 512; i++) {
    store.transaction(() => insert.run(row));
    store.committed();
    if (i % 64 === 0) await new Promise((r) => setTimeout(r, 1)); // let the worker's replies in
  }
}

describe('Checkpointer (WAL checkpoints off the event loop)', () => {
  it('turns SQLite\'s in-COMMIT checkpoint off on the writing connection', () => {
    const { store } = open();
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    store.close();
  });

  it('copies the WAL into the database from its worker and keeps the WAL file from growing', async () => {
    const { store, path } = open();
    await write(store, 32);
    // 32 MiB went through the WAL; checkpoints restarted it, so it stayed a few MiB long.
    await until(() => statSync(`${path}-wal`).size < 16 * 1024 * 1024, 10_000, 'a bounded WAL');
    expect(statSync(`${path}-wal`).size).toBeLessThan(16 * 1024 * 1024);
    expect(statSync(path).size).toBeGreaterThan(28 * 1024 * 1024);
    const count = store.db.prepare('SELECT count(*) AS n FROM blob').get() as { n: number };
    expect(count.n).toBe(32 * 512);
    store.close();
  });

  it('close returns only once the worker has let go of the database', async () => {
    // Leaving WAL mode needs the only connection: one the worker still held would refuse it. The
    // worker usually lets go within a millisecond anyway, hence ten rounds.
    for (let round = 0; round < 10; round++) {
      const { store, path } = open();
      await write(store, 0.25);
      store.close();
      const next = new Database(path, { timeout: 0 });
      expect(next.pragma('journal_mode = DELETE', { simple: true })).toBe('delete');
      next.close();
    }
  });

  it('leaves a database that a fresh connection reads in full after close', async () => {
    const { store, path } = open();
    await write(store, 4);
    store.close();
    const again = new SqliteStore({ path, backgroundCheckpoints: false });
    expect((again.db.prepare('SELECT count(*) AS n FROM blob').get() as { n: number }).n).toBe(4 * 512);
    again.close();
  });

  it('a WAL tail copy the disk refuses (SQLITE_FULL) is logged, never thrown at the writer, and tried again on a later round', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'turnero-ckpt-'));
    dirs.push(dir);
    const lines: string[] = [];
    const store = new SqliteStore({ path: join(dir, 'hub.db'), walRestartFrames: 64, log: (line) => lines.push(line) });
    // The writer's own checkpoints (the tail copies) fail while `full`; the worker's connection is its own.
    let full = true;
    let refused = 0;
    let copied = 0;
    const realPragma = store.db.pragma.bind(store.db);
    store.db.pragma = ((source: string, options?: Database.PragmaOptions) => {
      if (source === 'wal_checkpoint(PASSIVE)') {
        if (full) {
          refused++;
          throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
        }
        copied++;
      }
      return realPragma(source, options);
    }) as typeof store.db.pragma;
    await writeUntil(store, () => refused >= 2);
    expect(lines.filter((l) => l.includes('database or disk is full'))).toHaveLength(refused);
    full = false;
    await writeUntil(store, () => copied >= 1);
    store.close();
  });
});

describe('Checkpointer when its worker ends', () => {
  it('a worker that exits without an error puts checkpoints back inside COMMIT, so the WAL cannot grow without end', async () => {
    const lines: string[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'turnero-ckpt-'));
    dirs.push(dir);
    const store = new SqliteStore({ path: join(dir, 'hub.db'), log: (line) => lines.push(line) });
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const worker = workers.at(-1)!;
    const exited = new Promise((r) => worker.once('exit', r));
    await worker.terminate();
    await exited;
    await until(() => lines.length > 0, 5000, 'the fall-back');
    expect(lines).toEqual([expect.stringMatching(/checkpoint worker stopped \(it exited with code \d+\); checkpoints go back inside COMMIT/)]);
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await write(store, 0.25); // the writer goes on, with SQLite's own checkpoints
    store.close();
  });

  it('the worker that close() stops is no failure', async () => {
    const lines: string[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'turnero-ckpt-'));
    dirs.push(dir);
    const store = new SqliteStore({ path: join(dir, 'hub.db'), log: (line) => lines.push(line) });
    await write(store, 0.25);
    const worker = workers.at(-1)!;
    const exited = new Promise((r) => worker.once('exit', r));
    store.close();
    await exited;
    await new Promise((r) => setImmediate(r));
    expect(lines).toEqual([]);
  });
});

/** Small transactions, as the engine writes them, until `done` (at most 20,000 of them). */
async function writeUntil(store: SqliteStore, done: () => boolean): Promise<void> {
  store.db.exec('CREATE TABLE IF NOT EXISTS blob (id INTEGER PRIMARY KEY, data TEXT)');
  const insert = store.db.prepare('INSERT INTO blob (data) VALUES (?)');
  for (let i = 0; i < 20_000 && !done(); i++) {
    store.transaction(() => insert.run('x'.repeat(2000)));
    store.committed();
    if (i % 16 === 0) await new Promise((r) => setTimeout(r, 1)); // let the worker's replies in
  }
  expect(done()).toBe(true);
}
