import type { Database } from 'better-sqlite3';

/**
 * A configuration push's refusal as a `Refusal` (JSON), for the central's console to word in its
 * language: stored by the central with the office's answer, and by the office with the answer it
 * gives again to a resend. And the central's pushes read per office and newest first (the board's
 * flags, every poll) by index instead of a scan and a sort of the whole table.
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE config_pushes ADD COLUMN refusal TEXT;
    ALTER TABLE applied_config_pushes ADD COLUMN refusal TEXT;
    CREATE INDEX config_pushes_office ON config_pushes (office_id, created_at);
    CREATE INDEX config_pushes_created ON config_pushes (created_at);
  `);
}
