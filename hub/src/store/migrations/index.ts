import type { Database } from 'better-sqlite3';
import { up as initial } from './001-initial.ts';
import { up as devicePrinter } from './002-device-printer.ts';
import { up as followups } from './003-followups.ts';
import { up as dropRedundantIndex } from './004-drop-redundant-index.ts';
import { up as centralSync } from './005-central-sync.ts';
import { up as idempotencyInMemory } from './006-idempotency-in-memory.ts';
import { up as eventsWithoutAutoincrement } from './007-events-without-autoincrement.ts';
import { up as officeLinkLastEvent } from './008-office-link-last-event.ts';
import { up as appliedConfigPushes } from './009-applied-config-pushes.ts';
import { up as demoOffices } from './010-demo-offices.ts';
import { up as configPushBase } from './011-config-push-base.ts';
import { up as configPushRefusal } from './012-config-push-refusal.ts';
import { up as callbackReceiptPrinted } from './013-callback-receipt-printed.ts';

export interface Migration {
  version: number;
  name: string;
  up: (db: Database) => void;
}

/** All migrations, in order; a migration is never edited once released, only added. */
export const migrations: readonly Migration[] = [
  { version: 1, name: 'initial', up: initial },
  { version: 2, name: 'device-printer', up: devicePrinter },
  { version: 3, name: 'followups', up: followups },
  { version: 4, name: 'drop-redundant-index', up: dropRedundantIndex },
  { version: 5, name: 'central-sync', up: centralSync },
  { version: 6, name: 'idempotency-in-memory', up: idempotencyInMemory },
  { version: 7, name: 'events-without-autoincrement', up: eventsWithoutAutoincrement },
  { version: 8, name: 'office-link-last-event', up: officeLinkLastEvent },
  { version: 9, name: 'applied-config-pushes', up: appliedConfigPushes },
  { version: 10, name: 'demo-offices', up: demoOffices },
  { version: 11, name: 'config-push-base', up: configPushBase },
  { version: 12, name: 'config-push-refusal', up: configPushRefusal },
  { version: 13, name: 'callback-receipt-printed', up: callbackReceiptPrinted },
];

export const LATEST_VERSION = migrations[migrations.length - 1]?.version ?? 0;

export class MigrationError extends Error {
  readonly code = 'DB_TOO_NEW';
}

/**
 * Brings the database to LATEST_VERSION, each migration in its own transaction bumping user_version.
 * On a database that already had data (version above 0), `log` hears each one as it starts and how
 * long it took: a hub upgraded over a large event log may take a while to start (007 rebuilds the
 * log, about 6 s per million events on the 2-core benchmark machine).
 */
export function migrate(db: Database, log: (line: string) => void = () => {}, now: () => number = () => performance.now()): { from: number; to: number } {
  const from = db.pragma('user_version', { simple: true }) as number;
  if (from > LATEST_VERSION) {
    throw new MigrationError(`database schema version ${from} is newer than this hub (${LATEST_VERSION}); refusing to open it`);
  }
  for (const m of migrations) {
    if (m.version <= from) continue;
    const started = now();
    if (from > 0) log(`database: applying migration ${m.version} (${m.name})…`);
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
    if (from > 0) log(`database: migration ${m.version} done in ${((now() - started) / 1000).toFixed(1)} s`);
  }
  return { from, to: LATEST_VERSION };
}
