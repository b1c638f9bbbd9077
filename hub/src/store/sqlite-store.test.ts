import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { demoOffice } from '../demo.ts';
import { StoreOpenError } from './database-lock.ts';
import { SqliteStore } from './sqlite-store.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'turnero-store-'));
  dirs.push(dir);
  return join(dir, 'hub.db');
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
