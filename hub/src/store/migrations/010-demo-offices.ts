import type { Database } from 'better-sqlite3';

/**
 * The offices the demo created (`--demo`, and the central's own office with its demo people): only
 * those get the demo's devices and have the demo's public passwords printed — never a real office
 * that happens to share the demo office's id. Databases the demo made before this table are known by
 * the demo people's user ids, which nothing else creates (`--init`'s admin is `user-admin-<office>`,
 * people added later get generated ids).
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE demo_offices (office_id TEXT PRIMARY KEY REFERENCES offices(id));
    INSERT INTO demo_offices (office_id)
      SELECT office_id FROM users WHERE id IN ('user-agente1', 'user-agente2', 'user-supervisor', 'user-admin') GROUP BY office_id HAVING count(*) = 4
      UNION
      SELECT office_id FROM users WHERE id IN ('user-central-admin', 'user-central-supervisor') GROUP BY office_id HAVING count(*) = 2;
  `);
}
