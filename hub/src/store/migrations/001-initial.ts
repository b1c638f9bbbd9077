import type { Database } from 'better-sqlite3';

/** Offices, catalogue, tickets, the event log, people and devices. JSON columns hold the wire shape; indexed columns what queries need. */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE offices (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      time_zone TEXT NOT NULL,
      public_base_url TEXT NOT NULL,
      settings TEXT NOT NULL,
      preferential_classes TEXT NOT NULL,
      fairness_cursor INTEGER NOT NULL DEFAULT 0
    );
    -- Catalogue ids are per office (a central hub holds many offices with the same service ids).
    CREATE TABLE service_groups (office_id TEXT NOT NULL REFERENCES offices(id), id TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (office_id, id));
    CREATE TABLE services (office_id TEXT NOT NULL REFERENCES offices(id), id TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (office_id, id));
    CREATE TABLE counters (office_id TEXT NOT NULL REFERENCES offices(id), id TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (office_id, id));

    CREATE TABLE tickets (
      id TEXT PRIMARY KEY,
      office_id TEXT NOT NULL,
      service_id TEXT NOT NULL,
      day TEXT NOT NULL,
      number TEXT NOT NULL,
      status TEXT NOT NULL,
      arrived_at INTEGER NOT NULL,
      status_token TEXT NOT NULL UNIQUE,
      device_id TEXT,
      idempotency_key TEXT,
      data TEXT NOT NULL,
      UNIQUE (office_id, day, number)
    );
    CREATE UNIQUE INDEX tickets_idempotency ON tickets (device_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
    CREATE INDEX tickets_active ON tickets (office_id, status) WHERE status IN ('waiting', 'called', 'serving');
    CREATE INDEX tickets_day ON tickets (office_id, day);

    CREATE TABLE day_counters (
      office_id TEXT NOT NULL, service_id TEXT NOT NULL, day TEXT NOT NULL, last INTEGER NOT NULL,
      PRIMARY KEY (office_id, service_id, day)
    ) WITHOUT ROWID;

    CREATE TABLE counter_sessions (office_id TEXT NOT NULL, counter_id TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (office_id, counter_id));

    CREATE TABLE events (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      office_id TEXT NOT NULL,
      type TEXT NOT NULL,
      at INTEGER NOT NULL,
      data TEXT NOT NULL
    );
    CREATE INDEX events_office_seq ON events (office_id, seq);

    CREATE TABLE callbacks (
      id TEXT PRIMARY KEY,
      office_id TEXT NOT NULL,
      device_id TEXT,
      idempotency_key TEXT,
      status TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      data TEXT NOT NULL
    );
    CREATE UNIQUE INDEX callbacks_idempotency ON callbacks (device_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

    CREATE TABLE users (
      id TEXT PRIMARY KEY,
      office_id TEXT NOT NULL REFERENCES offices(id),
      username TEXT NOT NULL UNIQUE COLLATE NOCASE,
      display_name TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin')),
      password_hash TEXT NOT NULL,
      active INTEGER NOT NULL DEFAULT 1,
      created_at INTEGER NOT NULL
    );
    CREATE TABLE sessions (
      token_hash TEXT PRIMARY KEY,
      user_id TEXT NOT NULL REFERENCES users(id),
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL
    );
    CREATE TABLE devices (
      id TEXT PRIMARY KEY,
      office_id TEXT NOT NULL REFERENCES offices(id),
      kind TEXT NOT NULL CHECK (kind IN ('kiosk', 'display', 'keypad_station')),
      name TEXT NOT NULL,
      counter_id TEXT,
      token_hash TEXT NOT NULL UNIQUE,
      paired_at INTEGER NOT NULL,
      revoked_at INTEGER,
      last_seen_at INTEGER,
      health TEXT NOT NULL DEFAULT '{}'
    );
    CREATE TABLE pairing_codes (
      code_hash TEXT PRIMARY KEY,
      office_id TEXT NOT NULL REFERENCES offices(id),
      kind TEXT NOT NULL,
      name TEXT NOT NULL,
      counter_id TEXT,
      created_by TEXT NOT NULL,
      expires_at INTEGER NOT NULL,
      used_at INTEGER
    );
  `);
}
