import type { Database } from 'better-sqlite3';

/**
 * Central hub: besides how far an office's log has arrived (`last_seq`), which event that was
 * (`type at`), so that an office whose database was replaced by an older copy is told apart from
 * one that simply has more to send, even once its own log has grown past the central's number.
 */
export function up(db: Database): void {
  db.exec('ALTER TABLE office_links ADD COLUMN last_event TEXT;');
}
