import type { Database } from 'better-sqlite3';

/**
 * What a configuration push was made against: the office's last event the central held then. The
 * office refuses a push that would overwrite what it changed after that (SPEC S4). Pushes stored
 * before this column have none and are applied unchecked, as they were.
 */
export function up(db: Database): void {
  db.exec('ALTER TABLE config_pushes ADD COLUMN based_on_seq INTEGER;');
}
