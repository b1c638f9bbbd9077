import type { Database } from 'better-sqlite3';

/** Each kiosk's printer, for kiosks that print through the hub (a browser kiosk, a network printer). */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE devices ADD COLUMN printer_uri TEXT;
    ALTER TABLE devices ADD COLUMN paper_width INTEGER NOT NULL DEFAULT 80 CHECK (paper_width IN (58, 80));
  `);
}
