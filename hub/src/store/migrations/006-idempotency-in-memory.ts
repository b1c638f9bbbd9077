import type { Database } from 'better-sqlite3';

/**
 * Ticket idempotency keys are looked up in memory (domain/issued-keys.ts), rebuilt at start from the
 * tickets' own columns: the index on random keys cost a WAL page per ticket. Callbacks keep theirs.
 */
export function up(db: Database): void {
  db.exec('DROP INDEX IF EXISTS tickets_idempotency;');
}
