import Database from 'better-sqlite3';

/** Why a database could not be opened for a hub: another hub holds it, or it cannot be written. */
export class StoreOpenError extends Error {
  constructor(
    readonly code: 'DB_IN_USE' | 'DB_LOCK_FAILED' | 'DB_READ_ONLY',
    message: string,
  ) {
    super(message);
  }
}

/**
 * One hub per database file. The lock is an OS file lock on a side file, `<db>.lock`: an SQLite
 * connection in `locking_mode=EXCLUSIVE` that began one EXCLUSIVE transaction keeps its lock until
 * it is closed — or until its process dies, however it dies (a SIGKILL, a power cut), so a lock
 * never outlives its hub and a restart is never blocked by a stale one (a pid file would be). A
 * side file, not the database itself, because the hub's own checkpoint worker and backup copier
 * open the database alongside it. Nothing is written to the side file.
 */
export class DatabaseLock {
  private constructor(readonly path: string, readonly conn: Database.Database) {}

  /** Takes the lock of the database at `dbPath`, or throws (DB_IN_USE while another hub holds it). */
  static acquire(dbPath: string): DatabaseLock {
    const path = `${dbPath}.lock`;
    let conn: Database.Database;
    try {
      conn = new Database(path, { timeout: 0 });
    } catch (error) {
      throw new StoreOpenError('DB_LOCK_FAILED', `cannot open the lock file ${path} beside the database (${(error as Error).message}); nothing was changed`);
    }
    try {
      conn.pragma('locking_mode = EXCLUSIVE');
      // No journal file beside the lock (the lock transaction writes nothing anyway).
      conn.pragma('journal_mode = MEMORY');
      conn.exec('BEGIN EXCLUSIVE');
      conn.exec('COMMIT');
    } catch (error) {
      conn.close();
      if ((error as { code?: unknown }).code === 'SQLITE_BUSY') {
        throw new StoreOpenError('DB_IN_USE', `another hub is using this database: ${dbPath} (it holds ${path}); stop it first — two hubs on one database would call the same tickets. Nothing was changed`);
      }
      throw new StoreOpenError('DB_LOCK_FAILED', `cannot lock ${path} (${(error as Error).message}); nothing was changed`);
    }
    return new DatabaseLock(path, conn);
  }

  /** Lets the next hub in. */
  release(): void {
    if (this.conn.open) this.conn.close();
  }
}
