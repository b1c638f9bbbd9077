import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION, migrate, migrations, MigrationError } from './index.ts';

describe('migrations', () => {
  it('are numbered 1..n without gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('bring an empty database to the latest version, and running again changes nothing', () => {
    const db = new Database(':memory:');
    expect(migrate(db)).toEqual({ from: 0, to: LATEST_VERSION });
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(migrate(db)).toEqual({ from: LATEST_VERSION, to: LATEST_VERSION });
  });

  it('001 creates the tables and the index on waiting tickets', () => {
    const db = new Database(':memory:');
    migrate(db);
    const names = (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'index')").all() as { name: string }[]).map((r) => r.name);
    for (const n of ['offices', 'services', 'counters', 'tickets', 'events', 'day_counters', 'users', 'sessions', 'devices', 'pairing_codes', 'callbacks', 'tickets_active']) expect(names).toContain(n);
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT data FROM tickets WHERE office_id = 'o' AND status IN ('waiting', 'called', 'serving')").all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('tickets_active');
  });

  it('refuses a database newer than the code', () => {
    const db = new Database(':memory:');
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    expect(() => migrate(db)).toThrow(MigrationError);
  });

  it('a failing migration leaves the version where it was', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE offices (id TEXT)');
    expect(() => migrate(db)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(0);
  });
});
