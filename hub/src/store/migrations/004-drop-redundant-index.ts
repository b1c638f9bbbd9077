import type { Database } from 'better-sqlite3';

/** tickets_day duplicated the prefix of UNIQUE (office_id, day, number): one less b-tree to update per ticket. */
export function up(db: Database): void {
  db.exec('DROP INDEX IF EXISTS tickets_day;');
}
