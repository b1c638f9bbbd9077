import type { Database } from 'better-sqlite3';

/** Bad-rating follow-up cases, callback and account look-ups, the audit log of configuration changes, events by time for reports. */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE cases (
      id TEXT PRIMARY KEY,
      office_id TEXT NOT NULL,
      ticket_id TEXT NOT NULL UNIQUE,
      status TEXT NOT NULL,
      opened_at INTEGER NOT NULL,
      data TEXT NOT NULL
    );
    CREATE INDEX cases_office_status ON cases (office_id, status);
    CREATE INDEX callbacks_office_status ON callbacks (office_id, status);
    ALTER TABLE tickets ADD COLUMN account_number TEXT;
    UPDATE tickets SET account_number = json_extract(data, '$.accountNumber');
    CREATE INDEX tickets_account ON tickets (account_number) WHERE account_number IS NOT NULL;
    ALTER TABLE callbacks ADD COLUMN account_number TEXT;
    CREATE INDEX callbacks_account ON callbacks (account_number) WHERE account_number IS NOT NULL;
    CREATE TABLE audit (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      office_id TEXT NOT NULL,
      at INTEGER NOT NULL,
      user_id TEXT NOT NULL,
      action TEXT NOT NULL,
      target TEXT NOT NULL,
      before TEXT,
      after TEXT
    );
    CREATE INDEX audit_office ON audit (office_id, seq);
    CREATE INDEX events_office_at ON events (office_id, at);
  `);
}
