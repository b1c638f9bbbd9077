import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { demoOffice } from '../src/demo.ts';
import { OfficeEngine, type EngineOptions } from '../src/office-engine.ts';
import { SqliteStore } from '../src/store/sqlite-store.ts';

/**
 * An engine on a real database file with the demo office, at a fixed clock, closed and removed when
 * the test ends. `beforeEachFsync` watches or fails the engine's fsyncs.
 */
export function fileEngine(opts: EngineOptions = {}): { e: OfficeEngine; store: SqliteStore; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'turnero-engine-'));
  const path = join(dir, 'hub.db');
  const store = new SqliteStore({ path });
  onTestFinished(() => {
    if (store.db.open) store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  store.createOffice(demoOffice('http://hub'));
  let id = 0;
  const e = new OfficeEngine(store, () => Date.UTC(2026, 10, 23, 14, 0), () => `id-${++id}`, opts);
  return { e, store, path };
}

/** Runs `fn` at the start of every WAL fsync of `store`, before the disk is asked; `fn` throwing refuses that fsync. */
export function beforeEachFsync(store: SqliteStore, fn: () => void): void {
  const realSync = store.syncWal.bind(store);
  store.syncWal = () => {
    fn();
    realSync();
  };
}
