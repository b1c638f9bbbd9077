import type { Database } from 'better-sqlite3';

/**
 * When a callback's receipt came out of the hub's printer: a kiosk's "print again unless printed"
 * after a dropped link is answered from here, also after the hub restarted (it was kept in memory,
 * and a restart between the print and the retry printed a second receipt).
 */
export function up(db: Database): void {
  db.exec('ALTER TABLE callbacks ADD COLUMN receipt_printed_at INTEGER;');
}
