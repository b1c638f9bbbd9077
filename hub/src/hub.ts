import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { AuthService } from './auth/auth-service.ts';
import { uuidv7 } from './auth/tokens.ts';
import { DayEnd } from './day-end.ts';
import { localDay } from './domain/local-day.ts';
import { Gateway } from './gateway/gateway.ts';
import { createHttpServer, HTTP_LIMITS, type HttpLimits } from './http/http-server.ts';
import { TicketWatchers } from './http/ticket-watchers.ts';
import { OfficeEngine } from './office-engine.ts';
import { HubPrinting } from './printing/hub-printing.ts';
import { Backups } from './store/backups.ts';
import { SqliteStore } from './store/sqlite-store.ts';
import { createWsEndpoint, routeUpgrades, type WsEndpoint } from './transport/ws-server.ts';
import { MAX_FRAME_BYTES, MAX_SYNC_FRAME_BYTES, type HubStatus } from '@turnero/protocol';
import { SyncClient } from './sync/sync-client.ts';
import { SyncServer } from './sync/sync-server.ts';

export interface HubOptions {
  dbPath: string;
  host?: string;
  port?: number;
  clock?: () => number;
  newId?: () => string;
  heartbeatMs?: number;
  sessionTtlMs?: number;
  pairingTtlMs?: number;
  resumeLimit?: number;
  synchronous?: 'FULL' | 'NORMAL';
  /** Hub-side printing: per I/O step, and for the printer to confirm a job. */
  printerTimeoutMs?: number;
  printTimeoutMs?: number;
  /** Folder holding kiosk/, display/, agent-desk/ with their dist/. */
  appsRoot?: string;
  log?: (line: string) => void;
  /**
   * Runs once the store is open and the port is bound, before the offices are loaded (the demo
   * seeds here, `--init` creates its office): a port already in use fails the start before it runs.
   */
  prepare?: (store: SqliteStore) => void | Promise<void>;
  /** Run as the central hub: accept office sync on /sync. */
  central?: boolean;
  /** Forward this office's event log to a central hub. */
  sync?: { url: string; token: string; officeId: string };
  /** How often the hub checks whether an office's local day has changed (SPEC D1); default one minute. */
  dayEndCheckMs?: number;
  /** The HTTP side's bounds (tests make them small); default HTTP_LIMITS. */
  httpLimits?: Partial<HttpLimits>;
  /** A copy of the database a day (the office's local day), the newest `keep` kept; off when absent. `create`: make `dir` if missing (the default folder only). */
  backup?: { dir: string; keep: number; create?: boolean };
}

export interface Hub {
  url: string;
  wsUrl: string;
  port: number;
  store: SqliteStore;
  engine: OfficeEngine;
  auth: AuthService;
  gateway: Gateway;
  syncClient: SyncClient | null;
  /** Ends the offices' past days (SPEC D1); null on a central, whose offices end their own. */
  dayEnd: DayEnd | null;
  backups: Backups | null;
  close(): Promise<void>;
}

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A hub that could not start, and said why: its port (LISTEN_FAILED), the office it was to forward (UNKNOWN_OFFICE). */
export class HubStartError extends Error {
  constructor(
    readonly code: 'LISTEN_FAILED' | 'UNKNOWN_OFFICE',
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The composition root: store → engine → auth → gateway, HTTP and WebSocket on one port. */
export async function startHub(opts: HubOptions): Promise<Hub> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const clock = opts.clock ?? Date.now;
  const host = opts.host ?? '127.0.0.1';
  // The database first (one hub per file), then the port, then whatever `prepare` creates: a start
  // that cannot listen must not leave an office behind whose one-time password nobody saw.
  const store = new SqliteStore({ path: opts.dbPath, synchronous: opts.synchronous, log });
  const { server, serve } = createHttpServer({ ...HTTP_LIMITS, ...opts.httpLimits });
  let engine: OfficeEngine;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    }).catch((error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? 'the port is in use: another hub, or another program?' : error.message;
      throw new HubStartError('LISTEN_FAILED', `cannot listen on ${host}:${opts.port ?? 0} (${why}); the hub did not start and created nothing`, { cause: error });
    });
    await opts.prepare?.(store);
    engine = new OfficeEngine(store, clock, opts.newId ?? (() => uuidv7(clock())), { log });
    if (opts.sync && !engine.has(opts.sync.officeId)) throw new HubStartError('UNKNOWN_OFFICE', `--office ${opts.sync.officeId} is not in this hub's database`);
  } catch (error) {
    server.close();
    store.close();
    throw error;
  }
  const auth = new AuthService(engine, { sessionTtlMs: opts.sessionTtlMs ?? 12 * 3_600_000, pairingTtlMs: opts.pairingTtlMs ?? 15 * 60_000 });
  const printing = new HubPrinting({ timeoutMs: opts.printerTimeoutMs ?? 3000, printTimeoutMs: opts.printTimeoutMs ?? 8000 });
  const gateway = new Gateway(engine, auth, printing, { resumeLimit: opts.resumeLimit ?? 2000, maxAuthFailures: 10, log });
  const watchers = new TicketWatchers(engine);
  const backups = opts.backup ? new Backups({ dbPath: opts.dbPath, ...opts.backup, log }) : null;
  let syncClient: SyncClient | null = null;
  const hubStatus = (): HubStatus => ({ backups: backups?.status() ?? null, sync: syncClient?.status() ?? null });
  gateway.hubStatus = hubStatus;
  gateway.broadcaster.listeners.add((officeId) => watchers.notify(officeId));
  serve({ engine, auth, appsRoot: opts.appsRoot ?? REPO_ROOT, startedAt: Date.now(), connections: () => gateway.connectionCount, watchers, hubStatus });
  const ws = createWsEndpoint(gateway, { heartbeatMs: opts.heartbeatMs ?? 15_000, maxPayload: MAX_FRAME_BYTES });
  const routes: Record<string, WsEndpoint> = { '/ws': ws };
  if (opts.central) {
    // Through the gateway, as an office's own commits are: a synced configuration change sends the
    // office's subscribers here (a drilled-down board) a fresh snapshot, which is how clients learn it.
    gateway.syncServer = new SyncServer(engine, (events) => gateway.publishCommitted(events), log);
    routes['/sync'] = createWsEndpoint(gateway.syncServer, { heartbeatMs: opts.heartbeatMs ?? 15_000, maxPayload: MAX_SYNC_FRAME_BYTES });
  }
  routeUpgrades(server, routes);
  if (opts.sync) {
    const client = new SyncClient(engine, { ...opts.sync, log, publish: (events) => gateway.publishCommitted(events), userChanged: (userId) => gateway.recheckSessions(userId) });
    gateway.broadcaster.listeners.add((officeId) => officeId === opts.sync?.officeId && client.notify());
    syncClient = client;
  }
  const { port } = server.address() as AddressInfo;
  syncClient?.start();
  const dayEnd = opts.central ? null : new DayEnd(engine, (events) => gateway.publishCommitted(events), log);
  dayEnd?.start(opts.dayEndCheckMs ?? 60_000);
  // The day of the hub's (first) office; a hub with none (a fresh central) counts days in UTC.
  const dayOfHub = () => {
    const first = engine.officeIds()[0];
    return localDay(clock(), first === undefined ? 'UTC' : engine.state(first).office.timeZone);
  };
  backups?.start(dayOfHub, clock);
  return {
    url: `http://${host}:${port}`,
    wsUrl: `ws://${host}:${port}/ws`,
    port,
    store,
    engine,
    auth,
    gateway,
    syncClient,
    dayEnd,
    backups,
    async close() {
      dayEnd?.stop();
      await backups?.stop();
      syncClient?.stop();
      gateway.syncServer?.close();
      gateway.close();
      watchers.close();
      for (const endpoint of Object.values(routes)) endpoint.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      engine.drainSync();
      store.close();
    },
  };
}
