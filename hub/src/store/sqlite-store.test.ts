import { chmodSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { HubEvent } from '@turnero/protocol';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { demoOffice } from '../demo.ts';
import { StoreOpenError } from './database-lock.ts';
import { SqliteStore } from './sqlite-store.ts';

// Files the disk will not let the hub write, as SQLite meets them (root, who runs CI here, writes
// through chmod 444): `read-only.db` is opened read-only, as SQLite's own readonly open; on
// `refuses-writes.db` every write is refused though the open succeeded, as for a non-root hub on a
// chmod 444 or immutable file (SQLite then opens it read-only without a word).
vi.mock('better-sqlite3', async (importOriginal) => {
  const Real = (await importOriginal<{ default: typeof Database }>()).default;
  class Disk extends Real {
    constructor(path?: string | Buffer, options?: Database.Options) {
      const name = String(path);
      super(path, name.endsWith('read-only.db') ? { ...options, readonly: true } : options);
      if (name.endsWith('refuses-writes.db')) this.pragma('query_only = 1');
    }
  }
  return { default: Disk };
});

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dbPath(name = 'hub.db'): string {
  const dir = mkdtempSync(join(tmpdir(), 'turnero-store-'));
  dirs.push(dir);
  return join(dir, name);
}

/** A database file named `name` holding the demo office, made (and closed) before the disk turned against it. */
function officeDatabase(name: string): string {
  const seed = dbPath('seed.db');
  const store = new SqliteStore({ path: seed });
  store.createOffice(demoOffice('http://hub'));
  store.close();
  const path = join(dirname(seed), name);
  renameSync(seed, path);
  return path;
}

/** The error `fn` throws (the test fails when it throws none). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('SqliteStore: one hub per database file [C6]', () => {
  it('a second store on the same file is refused, and reads nothing from it; once the first closes, a new one opens', () => {
    const path = dbPath();
    const first = new SqliteStore({ path });
    first.createOffice(demoOffice('http://hub'));

    const refusal = thrown(() => new SqliteStore({ path }));
    expect(refusal).toBeInstanceOf(StoreOpenError);
    expect(refusal).toMatchObject({ code: 'DB_IN_USE', message: expect.stringContaining(`another hub is using this database: ${path}`) });
    // The first one goes on writing as if nothing happened.
    first.db.prepare("UPDATE offices SET name = 'still mine'").run();
    first.close();

    const next = new SqliteStore({ path });
    expect(next.loadOffice('cucuta-centro').office.name).toBe('still mine');
    next.close();
  });

  it('leaves the database open to plain connections beside it (the checkpoint worker, the backup copier, read-only readers)', () => {
    const path = dbPath();
    const store = new SqliteStore({ path });
    store.createOffice(demoOffice('http://hub'));
    const reader = new Database(path, { readonly: true, fileMustExist: true });
    expect(reader.prepare('SELECT id FROM offices').all()).toEqual([{ id: 'cucuta-centro' }]);
    reader.close();
    store.close();
  });

  it('a store on another file, or in memory, is not held up', () => {
    const a = new SqliteStore({ path: dbPath() });
    const b = new SqliteStore({ path: dbPath() });
    const m1 = new SqliteStore({ path: ':memory:' });
    const m2 = new SqliteStore({ path: ':memory:' });
    for (const s of [a, b, m1, m2]) s.close();
  });
});

describe('SqliteStore: a database the hub cannot write', () => {
  it.each(['read-only.db', 'refuses-writes.db'])('%s is refused at once, with why, instead of a hub that says it is up and refuses every command', (name) => {
    const path = officeDatabase(name);
    const refusal = thrown(() => new SqliteStore({ path }));
    expect(refusal).toBeInstanceOf(StoreOpenError);
    expect(refusal).toMatchObject({ code: 'DB_READ_ONLY', message: expect.stringContaining(`the database ${path} cannot be written`) });
    // The refusal let go of the file: a hub whose disk is put right opens it.
    const reader = new Database(path, { readonly: true });
    expect(reader.prepare('SELECT id FROM offices').all()).toEqual([{ id: 'cucuta-centro' }]);
    reader.close();
  });

  it.skipIf(process.getuid?.() === 0)('a file made read-only with chmod 444 is refused (not as root, who writes through it)', () => {
    const path = officeDatabase('hub.db');
    chmodSync(path, 0o444);
    expect(thrown(() => new SqliteStore({ path }))).toMatchObject({ code: 'DB_READ_ONLY' });
  });
});

describe('SqliteStore: reading an office’s events by time', () => {
  it('reads every event with its time in the range, in log order, also around a clock set back (ends taken from the range itself)', async () => {
    const store = new SqliteStore({ path: ':memory:' });
    store.createOffice(demoOffice('http://hub'));
    const at = (d: number, h: number) => Date.UTC(2026, 10, d, h);
    const event = (time: number, reason: string) => ({ type: 'ticket_cancelled' as const, at: time, ticketId: 't', reason });
    // Before the range, in it, a clock set back to before it, in it again, after it, then back into it; another office meanwhile.
    const times: [number, string][] = [
      [at(19, 12), 'before'],
      [at(20, 9), 'in-1'],
      [at(18, 9), 'clock back'],
      [at(20, 10), 'in-2'],
      [at(22, 9), 'after'],
      [at(20, 11), 'in-3, clock back again'],
      [at(23, 9), 'after, last'],
    ];
    for (const [time, reason] of times) {
      store.appendEvent('cucuta-centro', event(time, reason));
      store.appendEvent('elsewhere', event(time, `elsewhere ${reason}`));
    }
    const reason = (e: HubEvent) => (e.type === 'ticket_cancelled' ? e.reason : e.type);
    /** The pages read of the 20th (or of another day), each as its events' reasons. */
    const read = async (pageSize: number, day = 20) => {
      const pages: string[][] = [];
      for await (const page of store.eventPagesBetween('cucuta-centro', at(day, 0), at(day + 1, 0), pageSize)) pages.push(page.map(reason));
      return pages;
    };
    expect(await read(100)).toEqual([['in-1', 'in-2', 'in-3, clock back again']]);
    expect(await read(2)).toEqual([['in-1', 'in-2'], ['in-3, clock back again']]);
    expect(await read(100, 24)).toEqual([]);
    expect([...store.eventsInRangeAfter('cucuta-centro', 0, 1_000, at(20, 0), at(21, 0))].map(reason)).toEqual(['in-1', 'in-2', 'in-3, clock back again']);
    expect([...store.eventsInRangeAfter('cucuta-centro', 0, 1_000, at(24, 0), at(25, 0))]).toEqual([]);
    store.close();
  });
});
