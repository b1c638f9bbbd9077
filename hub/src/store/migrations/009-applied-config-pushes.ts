import type { Database } from 'better-sqlite3';

/**
 * Office hub: each configuration push from the central it has answered, with the answer. The central
 * resends a push until it hears the answer, so one whose answer was lost with the link comes back:
 * it is answered again from here, not applied a second time (over edits made here since).
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE applied_config_pushes (
      push_id TEXT PRIMARY KEY,
      office_id TEXT NOT NULL,
      ok INTEGER NOT NULL,
      error TEXT,
      applied_at INTEGER NOT NULL
    );
  `);
}
