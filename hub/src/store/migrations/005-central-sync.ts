import type { Database } from 'better-sqlite3';

/** Central hub: one link per office (its token and how far its log has arrived), and configuration pushed to offices. */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE office_links (
      office_id TEXT PRIMARY KEY,
      token_hash TEXT NOT NULL UNIQUE,
      last_seq INTEGER NOT NULL DEFAULT 0,
      last_sync_at INTEGER,
      created_at INTEGER NOT NULL
    );
    CREATE TABLE config_pushes (
      id TEXT PRIMARY KEY,
      office_id TEXT NOT NULL,
      changes TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      done_at INTEGER,
      ok INTEGER,
      error TEXT
    );
    CREATE INDEX config_pushes_pending ON config_pushes (office_id) WHERE done_at IS NULL;
  `);
}
