import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION, migrate, migrations, MigrationError } from './index.ts';

describe('migrations', () => {
  it('are numbered 1..n without gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('bring an empty database to the latest version (silently: nothing to wait for), and running again changes nothing', () => {
    const db = new Database(':memory:');
    const lines: string[] = [];
    expect(migrate(db, (l) => lines.push(l))).toEqual({ from: 0, to: LATEST_VERSION });
    expect(lines).toEqual([]);
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

  it('007 rebuilds the event log without AUTOINCREMENT: every seq kept, the next one follows the last', () => {
    const db = new Database(':memory:');
    for (const m of migrations.filter((m) => m.version <= 6)) m.up(db);
    db.pragma('user_version = 6');
    const append = db.prepare("INSERT INTO events (office_id, type, at, data) VALUES (?, 'ticket_issued', ?, '{}')");
    for (let i = 0; i < 5; i++) append.run(i % 2 ? 'a' : 'b', 1000 + i);
    expect(db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'events'").get()).toEqual({ seq: 5 });

    const lines: string[] = [];
    let clock = 0;
    expect(migrate(db, (l) => lines.push(l), () => (clock += 1500))).toEqual({ from: 6, to: LATEST_VERSION });
    expect(lines.slice(0, 2)).toEqual(['database: applying migration 7 (events-without-autoincrement)…', 'database: migration 7 done in 1.5 s']);
    expect(db.prepare('SELECT seq, office_id, at FROM events ORDER BY seq').all()).toEqual(
      [1, 2, 3, 4, 5].map((seq) => ({ seq, office_id: seq % 2 ? 'b' : 'a', at: 999 + seq })),
    );
    expect((db.prepare("SELECT sql FROM sqlite_master WHERE name = 'events'").get() as { sql: string }).sql).not.toMatch(/AUTOINCREMENT/i);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_sequence WHERE name = 'events'").get()).toEqual({ n: 0 });
    expect(append.run('a', 2000).lastInsertRowid).toBe(6);
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((p) => p.detail).join(' ');
    expect(plan("SELECT seq FROM events WHERE office_id = 'a' AND seq > 2 ORDER BY seq")).toContain('events_office_seq');
    expect(plan("SELECT seq FROM events WHERE office_id = 'a' AND at >= 0 AND at < 5")).toContain('events_office_at');
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

  it('008 adds which event a central last applied of each office, unknown (null) for progress stored before it', () => {
    const db = new Database(':memory:');
    for (const m of migrations.filter((m) => m.version <= 7)) m.up(db);
    db.pragma('user_version = 7');
    db.prepare("INSERT INTO office_links (office_id, token_hash, last_seq, created_at) VALUES ('a', 'h', 42, 0)").run();
    expect(migrate(db, () => {}, () => 0)).toEqual({ from: 7, to: LATEST_VERSION });
    expect(db.prepare('SELECT office_id, last_seq, last_event FROM office_links').all()).toEqual([{ office_id: 'a', last_seq: 42, last_event: null }]);
  });

  it('009 adds the answers an office gave to configuration pushes: one per push', () => {
    const db = new Database(':memory:');
    expect(migrate(db, () => {}, () => 0)).toEqual({ from: 0, to: LATEST_VERSION });
    db.prepare("INSERT INTO applied_config_pushes (push_id, office_id, ok, error, applied_at) VALUES ('p', 'o', 1, NULL, 0)").run();
    expect(() => db.prepare("INSERT INTO applied_config_pushes (push_id, office_id, ok, error, applied_at) VALUES ('p', 'o', 0, 'x', 1)").run()).toThrow(/UNIQUE/);
  });

  it('010 marks the offices the demo made: by the demo people a database holds from before it, not an office made with --init', () => {
    const db = new Database(':memory:');
    for (const m of migrations.filter((m) => m.version <= 9)) m.up(db);
    db.pragma('user_version = 9');
    const office = db.prepare("INSERT INTO offices (id, name, time_zone, public_base_url, settings, preferential_classes) VALUES (?, 'x', 'UTC', '', '{}', '[]')");
    const user = db.prepare("INSERT INTO users (id, office_id, username, display_name, role, password_hash, created_at) VALUES (?, ?, ?, 'x', 'admin', 'h', 0)");
    for (const id of ['demo', 'central', 'real', 'partial']) office.run(id);
    for (const u of ['agente1', 'agente2', 'supervisor', 'admin']) user.run(`user-${u}`, 'demo', u);
    for (const u of ['central-admin', 'central-supervisor']) user.run(`user-${u}`, 'central', u);
    user.run('user-admin-real', 'real', 'admin-real'); // --init's first admin
    user.run('user-agente9', 'partial', 'agente9');
    expect(migrate(db, () => {}, () => 0)).toEqual({ from: 9, to: LATEST_VERSION });
    expect(db.prepare('SELECT office_id FROM demo_offices ORDER BY office_id').pluck().all()).toEqual(['central', 'demo']);
  });
});
