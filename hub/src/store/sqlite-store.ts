import { closeSync, fdatasyncSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import type {
  AuditAction,
  AuditEntry,
  Callback,
  Counter,
  Device,
  DeviceHealth,
  DeviceKind,
  HubEvent,
  Office,
  OfficeSettings,
  PreferentialClass,
  RecoveryCase,
  PushAnswer,
  Role,
  SequencedEvent,
  Service,
  ServiceGroup,
  Ticket,
  User,
} from '@turnero/protocol';
import type { CounterSession, OfficeState } from '../domain/office-state.ts';
import { DayCounters } from '../domain/day-counters.ts';
import type { ConfigEdit } from '../domain/config.ts';
import { addDays } from '../domain/local-day.ts';
import { IssuedKeys } from '../domain/issued-keys.ts';
import { indexTickets, newOfficeState, RECENT_CALLS, recentCallsAfter } from '../domain/office-state.ts';
import { pushSample } from '../domain/wait-estimate.ts';
import { Checkpointer } from './checkpointer.ts';
import { CentralRows, eventIdentity, refusalColumn, refusalFromColumn } from './central-rows.ts';
import { DatabaseLock, StoreOpenError } from './database-lock.ts';
import { migrate } from './migrations/index.ts';

/** Closed callbacks and cases listed at most (the newest); open ones are always all listed. */
export const CLOSED_LISTED = 500;
/**
 * How many finished tickets, the office's last issued, a start reads its service times from (W1),
 * then orders by when they ended: a busy day's worth and more, so that a service used a few times a
 * day still has its last ones (a ticket finishes the day it was issued).
 */
const RECENT_DONE_TICKETS = 5000;

/** Everything needed to create an office. */
export interface OfficeSeed {
  office: Office;
  settings: OfficeSettings;
  preferentialClasses: PreferentialClass[];
  groups: ServiceGroup[];
  services: Service[];
  counters: Counter[];
}

export interface UserRow extends User {
  passwordHash: string;
}

export interface DeviceRow extends Omit<Device, 'online'> {
  tokenHash: string;
}

export interface PairingCodeRow {
  officeId: string;
  kind: DeviceKind;
  name: string;
  counterId: string | null;
  expiresAt: number;
}

export interface StoreOptions {
  /** `:memory:` or a file path. */
  path: string;
  /** SQLite `synchronous`; FULL makes every acknowledged commit survive a power cut. */
  synchronous?: 'FULL' | 'NORMAL';
  /** WAL checkpoints on a worker thread instead of inside COMMIT (file databases; default true). */
  backgroundCheckpoints?: boolean;
  /** How long the WAL may grow, in 4 KiB frames, before it is started over (default 8,000: see Checkpointer). */
  walRestartFrames?: number;
  /** Where the store reports trouble it recovers from by itself (a checkpoint worker that stopped). */
  log?: (line: string) => void;
}

const json = (v: unknown) => JSON.stringify(v);
const parse = <T>(s: string) => JSON.parse(s) as T;

/** The hub's only persistence: better-sqlite3 in WAL mode, statements prepared once, transactions synchronous. */
export class SqliteStore {
  readonly db: Database.Database;
  /** The central hub's rows: office links and configuration pushes. */
  readonly central: CentralRows;
  readonly #s;
  readonly #path: string;
  readonly #relaxed: { on: Database.Statement; off: Database.Statement };
  #walFd: number | null = null;
  readonly #checkpointer: Checkpointer | null;
  /** This store's hold on its database file (null for `:memory:`): one hub per database. */
  readonly #lock: DatabaseLock | null;
  /** One transaction function for every caller: better-sqlite3 builds five wrappers per `db.transaction()`. */
  readonly #transaction: (fn: () => unknown) => unknown;

  /**
   * Opens (creating it if need be) and migrates the database. A file database is locked first, for
   * as long as the store is open: a second store on the same file — another hub — is refused
   * (StoreOpenError DB_IN_USE) before anything is read or written.
   */
  constructor(opts: StoreOptions) {
    this.#path = opts.path;
    const level = opts.synchronous ?? 'FULL';
    this.#lock = this.hasWalFile ? DatabaseLock.acquire(opts.path) : null;
    try {
      this.db = new Database(opts.path);
    } catch (error) {
      this.#lock?.release();
      throw error;
    }
    try {
      assertWritable(this.db, opts.path);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma(`synchronous = ${level}`);
      this.db.pragma('foreign_keys = ON');
      this.db.pragma('busy_timeout = 5000');
      migrate(this.db, opts.log);
    } catch (error) {
      this.db.close();
      this.#lock?.release();
      throw error;
    }
    this.central = new CentralRows(this.db);
    const db = this.db;
    this.#checkpointer = this.hasWalFile && (opts.backgroundCheckpoints ?? true) ? new Checkpointer(db, opts.path, opts.log, opts.walRestartFrames) : null;
    this.#relaxed = { on: db.prepare('PRAGMA synchronous = NORMAL'), off: db.prepare(`PRAGMA synchronous = ${level}`) };
    this.#transaction = db.transaction((fn: () => unknown) => fn());
    this.#s = {
      insertTicket: db.prepare(
        `INSERT INTO tickets (id, office_id, service_id, day, number, status, arrived_at, status_token, device_id, idempotency_key, account_number, data)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      updateTicket: db.prepare('UPDATE tickets SET status = ?, service_id = ?, data = ? WHERE id = ?'),
      ticketById: db.prepare('SELECT data, status_token FROM tickets WHERE id = ?'),
      ticketByToken: db.prepare('SELECT data, status_token FROM tickets WHERE status_token = ?'),
      dayCountersOf: db.prepare('SELECT service_id, last FROM day_counters WHERE office_id = ? AND day = ?'),
      // The highest sequence per letter on a day, from the numbers themselves (the tickets' unique index covers it).
      prefixHighsOf: db.prepare(
        "SELECT substr(number, 1, instr(number, '-') - 1) AS prefix, max(CAST(substr(number, instr(number, '-') + 1) AS INTEGER)) AS last FROM tickets WHERE office_id = ? AND day = ? GROUP BY prefix",
      ),
      bumpDay: db.prepare(
        `INSERT INTO day_counters (office_id, service_id, day, last) VALUES (?, ?, ?, ?)
         ON CONFLICT (office_id, service_id, day) DO UPDATE SET last = max(last, excluded.last)`,
      ),
      upsertSession: db.prepare('INSERT OR REPLACE INTO counter_sessions (counter_id, office_id, data) VALUES (?, ?, ?)'),
      deleteSession: db.prepare('DELETE FROM counter_sessions WHERE office_id = ? AND counter_id = ?'),
      saveCursor: db.prepare('UPDATE offices SET fairness_cursor = ? WHERE id = ?'),
      appendEvent: db.prepare('INSERT INTO events (office_id, type, at, data) VALUES (?, ?, ?, ?)'),
      eventsSince: db.prepare('SELECT seq, data FROM events WHERE office_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?'),
      lastSeq: db.prepare('SELECT max(seq) AS seq FROM events WHERE office_id = ?'),
      insertCallback: db.prepare('INSERT INTO callbacks (id, office_id, device_id, idempotency_key, status, created_at, account_number, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      updateCallback: db.prepare('UPDATE callbacks SET status = ?, data = ? WHERE id = ?'),
      callbacksToDo: db.prepare("SELECT data FROM callbacks WHERE office_id = ? AND status != 'closed' ORDER BY created_at DESC"),
      callbacksClaimedBy: db.prepare("SELECT data FROM callbacks WHERE office_id = ? AND status = 'claimed' AND json_extract(data, '$.claimedBy') = ?"),
      callbacksClosed: db.prepare("SELECT data FROM callbacks WHERE office_id = ? AND status = 'closed' ORDER BY created_at DESC LIMIT ?"),
      callbacksOfAccount: db.prepare("SELECT data FROM callbacks WHERE account_number = @account AND (@office IS NULL OR office_id = @office) AND status != 'closed' ORDER BY created_at DESC LIMIT 20"),
      ticketsOfAccount: db.prepare('SELECT data FROM tickets WHERE account_number = @account AND (@office IS NULL OR office_id = @office) ORDER BY arrived_at DESC LIMIT @limit'),
      ticketsOfAgentDay: db.prepare("SELECT data FROM tickets WHERE office_id = ? AND day = ? AND json_extract(data, '$.agentId') = ?"),
      // Transfers since a time (the office-time index), of tickets of one day, by one agent.
      transfersOfAgentDay: db.prepare(
        "SELECT count(DISTINCT t.id) AS n FROM events e JOIN tickets t ON t.id = json_extract(e.data, '$.ticketId') WHERE e.office_id = ? AND e.at >= ? AND e.type = 'ticket_transferred' AND t.day = ? AND json_extract(e.data, '$.agentId') = ?",
      ),
      upsertCase: db.prepare('INSERT INTO cases (id, office_id, ticket_id, status, opened_at, data) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET status = excluded.status, data = excluded.data'),
      caseById: db.prepare('SELECT data FROM cases WHERE id = ?'),
      caseOfTicket: db.prepare('SELECT data FROM cases WHERE ticket_id = ? ORDER BY opened_at DESC LIMIT 1'),
      // A page of that read: between the office's first and last event of the range, by seq (its index), the time filtered per row.
      // Both ends from the time index over the range alone: an old range does not walk the log written since.
      seqsBetween: db.prepare('SELECT min(seq) AS first, max(seq) AS last FROM events WHERE office_id = ? AND at >= ? AND at < ?'),
      eventPage: db.prepare('SELECT seq, data FROM events WHERE office_id = ? AND seq >= ? AND seq <= ? AND at >= ? AND at < ? ORDER BY seq LIMIT ?'),
      eventsInRange: db.prepare('SELECT data FROM events WHERE office_id = ? AND seq >= ? AND seq <= ? AND at >= ? AND at < ? ORDER BY seq'),
      insertAudit: db.prepare('INSERT INTO audit (office_id, at, user_id, action, target, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      auditOf: db.prepare('SELECT a.*, u.display_name AS user_name FROM audit a LEFT JOIN users u ON u.id = a.user_id WHERE a.office_id = ? ORDER BY a.seq DESC LIMIT ?'),
      usersOf: db.prepare('SELECT * FROM users WHERE office_id = ? ORDER BY username'),
      updateUser: db.prepare('UPDATE users SET username = ?, display_name = ?, role = ?, active = ? WHERE id = ?'),
      setPassword: db.prepare('UPDATE users SET password_hash = ? WHERE id = ?'),
      deleteSessionsOf: db.prepare('DELETE FROM sessions WHERE user_id = ?'),
      deleteOtherSessionsOf: db.prepare('DELETE FROM sessions WHERE user_id = ? AND token_hash != ?'),
      casesOpen: db.prepare("SELECT data FROM cases WHERE office_id = ? AND status = 'open' ORDER BY opened_at DESC"),
      casesClosed: db.prepare("SELECT data FROM cases WHERE office_id = ? AND status = 'closed' ORDER BY opened_at DESC LIMIT ?"),
      callbackByKey: db.prepare('SELECT data FROM callbacks WHERE device_id = ? AND idempotency_key = ?'),
      ticketsOfDay: db.prepare('SELECT data FROM tickets WHERE office_id = ? AND day = ? ORDER BY arrived_at'),
      userByName: db.prepare('SELECT * FROM users WHERE username = ?'),
      userById: db.prepare('SELECT * FROM users WHERE id = ?'),
      insertSession: db.prepare('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)'),
      sessionByHash: db.prepare('SELECT user_id, expires_at FROM sessions WHERE token_hash = ?'),
      deleteUserSession: db.prepare('DELETE FROM sessions WHERE token_hash = ?'),
      deleteExpiredSessions: db.prepare('DELETE FROM sessions WHERE expires_at < ?'),
      deviceByToken: db.prepare('SELECT * FROM devices WHERE token_hash = ?'),
      deviceById: db.prepare('SELECT * FROM devices WHERE id = ?'),
      devicesOf: db.prepare('SELECT * FROM devices WHERE office_id = ? ORDER BY paired_at'),
      insertDevice: db.prepare(
        'INSERT INTO devices (id, office_id, kind, name, counter_id, token_hash, paired_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      saveHealth: db.prepare('UPDATE devices SET health = ?, last_seen_at = ? WHERE id = ?'),
      touchDevice: db.prepare('UPDATE devices SET last_seen_at = ? WHERE id = ?'),
      configureDevice: db.prepare('UPDATE devices SET printer_uri = ?, paper_width = ? WHERE id = ?'),
      callbackById: db.prepare('SELECT data, device_id, receipt_printed_at FROM callbacks WHERE id = ?'),
      ticketDevice: db.prepare('SELECT device_id FROM tickets WHERE id = ?'),
      revokeDevice: db.prepare('UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
      insertCode: db.prepare(
        'INSERT INTO pairing_codes (code_hash, office_id, kind, name, counter_id, created_by, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      takeCode: db.prepare(
        'UPDATE pairing_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING office_id, kind, name, counter_id, expires_at',
      ),
    };
  }

  /** Makes what was committed durable, closes the database and lets the next hub in (also when the fsync fails). */
  close(): void {
    this.#checkpointer?.close();
    try {
      this.syncWal();
    } finally {
      if (this.#walFd !== null) closeSync(this.#walFd);
      this.#walFd = null;
      this.db.close();
      this.#lock?.release();
    }
  }

  /** Whether commits land in a WAL file that `syncWal` can make durable (not for `:memory:`). */
  get hasWalFile(): boolean {
    return this.#path !== ':memory:' && this.#path !== '';
  }

  /**
   * Turns the fsync inside COMMIT off (`deferred`) or back on. With it off the caller must not
   * acknowledge anything it wrote before `syncWal` reports success (the engine's group commit does so).
   */
  deferCommitSync(deferred: boolean): void {
    if (this.hasWalFile) (deferred ? this.#relaxed.on : this.#relaxed.off).run();
  }

  /** fsync of the WAL file: every transaction committed before the call is durable when it returns. */
  syncWal(): void {
    const fd = this.#wal();
    if (fd !== null) fdatasyncSync(fd);
  }

  /** The writer calls this right after each COMMIT of its own, while no transaction is open. */
  committed(): void {
    this.#checkpointer?.afterCommit();
  }

  /** The WAL file, opened once (it exists from the first commit on); null for `:memory:`. */
  #wal(): number | null {
    if (!this.hasWalFile) return null;
    this.#walFd ??= openSync(`${this.#path}-wal`, 'r');
    return this.#walFd;
  }

  transaction<T>(fn: () => T): T {
    return this.#transaction(fn) as T;
  }

  // ---- catalogue ----

  createOffice(seed: OfficeSeed): void {
    this.transaction(() => {
      const { office } = seed;
      this.db
        .prepare('INSERT INTO offices (id, name, time_zone, public_base_url, settings, preferential_classes) VALUES (?, ?, ?, ?, ?, ?)')
        .run(office.id, office.name, office.timeZone, office.publicBaseUrl, json(seed.settings), json(seed.preferentialClasses));
      const ins = (table: string) => this.db.prepare(`INSERT INTO ${table} (id, office_id, data) VALUES (?, ?, ?)`);
      for (const g of seed.groups) ins('service_groups').run(g.id, office.id, json(g));
      for (const s of seed.services) ins('services').run(s.id, office.id, json(s));
      for (const c of seed.counters) ins('counters').run(c.id, office.id, json(c));
    });
  }

  /** Marks an office as the demo's own (in the transaction that creates it): it may get demo devices. */
  markDemoOffice(officeId: string): void {
    this.db.prepare('INSERT OR IGNORE INTO demo_offices (office_id) VALUES (?)').run(officeId);
  }

  /** Whether the demo created this office (a real one never gets demo devices nor demo passwords). */
  isDemoOffice(officeId: string): boolean {
    return this.db.prepare('SELECT 1 FROM demo_offices WHERE office_id = ?').get(officeId) !== undefined;
  }

  officeIds(): string[] {
    return (this.db.prepare('SELECT id FROM offices ORDER BY id').all() as { id: string }[]).map((r) => r.id);
  }

  /** Rebuilds an office's live state from its rows (used at start and after a failed commit). */
  loadOffice(officeId: string): OfficeState {
    const row = this.db.prepare('SELECT * FROM offices WHERE id = ?').get(officeId) as
      | { id: string; name: string; time_zone: string; public_base_url: string; settings: string; preferential_classes: string; fairness_cursor: number }
      | undefined;
    if (!row) throw new Error(`no office ${officeId}`);
    const office: Office = { id: row.id, name: row.name, timeZone: row.time_zone, publicBaseUrl: row.public_base_url };
    const dataOf = <T>(table: string) =>
      (this.db.prepare(`SELECT data FROM ${table} WHERE office_id = ?`).all(officeId) as { data: string }[]).map((r) => parse<T>(r.data));
    const services = dataOf<Service>('services').sort((a, b) => a.order - b.order);
    const counters = dataOf<Counter>('counters').sort((a, b) => a.name.localeCompare(b.name, 'es', { numeric: true }));
    const state = newOfficeState(
      {
        office,
        settings: parse<OfficeSettings>(row.settings),
        groups: dataOf<ServiceGroup>('service_groups').sort((a, b) => a.order - b.order),
        services: new Map(services.map((s) => [s.id, s])),
        counters: new Map(counters.map((c) => [c.id, c])),
        preferentialClasses: parse<PreferentialClass[]>(row.preferential_classes),
      },
      row.fairness_cursor,
    );
    const active = this.db
      .prepare("SELECT data FROM tickets WHERE office_id = ? AND status IN ('waiting', 'called', 'serving')")
      .all(officeId) as { data: string }[];
    for (const r of active) {
      const t = parse<Ticket>(r.data);
      state.active.set(t.id, t);
    }
    indexTickets(state, state.active.values());
    // The keys of the last KEPT_DAYS days issued on, read from the newest ticket back until a day
    // beyond those (not a window before today's date, nor the latest dates: a clock set days ahead
    // and put right must leave today's keys known after a restart), then held in issue order.
    const keyed: { id: string; day: string; device_id: string | null; idempotency_key: string | null }[] = [];
    const keyDays = new Set<string>();
    for (const r of this.db.prepare('SELECT id, day, device_id, idempotency_key FROM tickets WHERE office_id = ? ORDER BY rowid DESC').iterate(officeId) as Iterable<(typeof keyed)[number]>) {
      if (!keyDays.has(r.day) && keyDays.size === IssuedKeys.KEPT_DAYS) break;
      keyDays.add(r.day);
      keyed.push(r);
    }
    keyed.reverse();
    for (const r of keyed) if (r.device_id !== null && r.idempotency_key !== null) state.issuedKeys.add(r.day, r.device_id, r.idempotency_key, r.id);
    for (const r of this.db.prepare('SELECT counter_id, data FROM counter_sessions WHERE office_id = ?').all(officeId) as { counter_id: string; data: string }[]) {
      state.sessions.set(r.counter_id, parse<CounterSession>(r.data));
    }
    // The counters of the last KEPT_DAYS days issued on, oldest first as the live state holds
    // them — not a window before today's date: a hub restarted while its clock was days ahead still
    // has today's counter once the clock is put right.
    const dayCounters = this.db.prepare(
      'SELECT service_id, day, last FROM day_counters WHERE office_id = ? AND day IN (SELECT DISTINCT day FROM day_counters WHERE office_id = ? ORDER BY day DESC LIMIT ?) ORDER BY day',
    );
    for (const r of dayCounters.all(officeId, officeId, DayCounters.KEPT_DAYS) as {
      service_id: string;
      day: string;
      last: number;
    }[]) {
      state.dayCounters.raise(r.service_id, r.day, r.last);
    }
    for (const day of state.dayCounters.days()) for (const [prefix, last] of this.prefixHighsOf(officeId, day)) state.dayCounters.raisePrefix(prefix, day, last);
    // Service times as the live state gathered them: in the order the services ended (a long one
    // started early ends after many short ones), from the office's last issued tickets (a few days').
    const done = this.db
      .prepare("SELECT data FROM tickets WHERE office_id = ? AND status = 'done' ORDER BY rowid DESC LIMIT ?")
      .all(officeId, RECENT_DONE_TICKETS) as { data: string }[];
    const ended = done.map((r) => parse<Ticket>(r.data)).filter((t): t is Ticket & { startedAt: number; endedAt: number } => t.startedAt !== null && t.endedAt !== null);
    for (const t of ended.sort((a, b) => a.endedAt - b.endedAt)) {
      let samples = state.serviceSamples.get(t.serviceId);
      if (!samples) state.serviceSamples.set(t.serviceId, (samples = []));
      pushSample(samples, t.endedAt - t.startedAt);
    }
    // Calls taken back (requeued) leave the list, as they do live: read far enough back to replay them.
    const calls = this.db
      .prepare("SELECT data FROM events WHERE office_id = ? AND type IN ('ticket_called', 'ticket_recalled', 'ticket_requeued') ORDER BY seq DESC LIMIT ?")
      .all(officeId, RECENT_CALLS * 8) as { data: string }[];
    state.recentCalls = recentCallsAfter(calls.reverse().map((r) => parse<HubEvent>(r.data)));
    return state;
  }

  // ---- ticket flow (called inside transaction()) ----

  insertTicket(t: Ticket, meta: { statusToken: string; deviceId: string | null; idempotencyKey: string | null }): void {
    this.#s.insertTicket.run(t.id, t.officeId, t.serviceId, t.day, t.number, t.status, t.arrivedAt, meta.statusToken, meta.deviceId, meta.idempotencyKey, t.accountNumber, json(t));
  }

  updateTicket(t: Ticket): void {
    const r = this.#s.updateTicket.run(t.status, t.serviceId, json(t), t.id);
    if (r.changes !== 1) throw new Error(`ticket ${t.id} is not stored`);
  }

  /** A day's highest sequence per ticket letter: [prefix, last] (numbers as formatTicketNumber writes them). */
  prefixHighsOf(officeId: string, day: string): [string, number][] {
    return (this.#s.prefixHighsOf.all(officeId, day) as { prefix: string; last: number }[]).map((r) => [r.prefix, r.last]);
  }

  /** A day's stored counters: [service id, last sequence] for each service numbered that day. */
  dayCountersOf(officeId: string, day: string): [string, number][] {
    return (this.#s.dayCountersOf.all(officeId, day) as { service_id: string; last: number }[]).map((r) => [r.service_id, r.last]);
  }

  bumpDayCounter(officeId: string, serviceId: string, day: string, last: number): void {
    this.#s.bumpDay.run(officeId, serviceId, day, last);
  }

  saveSession(officeId: string, counterId: string, session: CounterSession | undefined): void {
    if (session) this.#s.upsertSession.run(counterId, officeId, json(session));
    else this.#s.deleteSession.run(officeId, counterId);
  }

  saveFairnessCursor(officeId: string, cursor: number): void {
    this.#s.saveCursor.run(cursor, officeId);
  }

  appendEvent(officeId: string, event: HubEvent): number {
    return Number(this.#s.appendEvent.run(officeId, event.type, event.at, json(event)).lastInsertRowid);
  }

  ticketById(id: string): { ticket: Ticket; statusToken: string } | null {
    const r = this.#s.ticketById.get(id) as { data: string; status_token: string } | undefined;
    return r ? { ticket: parse<Ticket>(r.data), statusToken: r.status_token } : null;
  }

  ticketByStatusToken(token: string): Ticket | null {
    const r = this.#s.ticketByToken.get(token) as { data: string } | undefined;
    return r ? parse<Ticket>(r.data) : null;
  }

  /** Events after `since`, at most `limit`, none after `upTo` (the engine's durableSeq, for what leaves the hub). */
  eventsSince(officeId: string, since: number, limit: number, upTo = Number.MAX_SAFE_INTEGER): SequencedEvent[] {
    return (this.#s.eventsSince.all(officeId, since, upTo, limit) as { seq: number; data: string }[]).map((r) => ({ seq: r.seq, officeId, event: parse<HubEvent>(r.data) }));
  }

  /** The office's event at `seq` as `eventIdentity` names it, or null when there is none. */
  eventIdentityAt(officeId: string, seq: number): string | null {
    const r = this.db.prepare('SELECT type, at FROM events WHERE office_id = ? AND seq = ?').get(officeId, seq) as { type: string; at: number } | undefined;
    return r ? eventIdentity(r) : null;
  }

  lastSeq(officeId: string): number {
    return (this.#s.lastSeq.get(officeId) as { seq: number | null }).seq ?? 0;
  }

  /**
   * The changes to services, groups, counters and users after the office's event `seq`, oldest
   * first, whoever made them: the first three from its log, the users from its audit rows (users are
   * not in the log) written after that event's time. Read once per configuration push (SPEC S4).
   */
  configEditsAfter(officeId: string, seq: number): ConfigEdit[] {
    const edits: ConfigEdit[] = [];
    const events = this.db
      .prepare("SELECT data FROM events WHERE office_id = ? AND seq > ? AND type = 'config_changed' ORDER BY seq")
      .all(officeId, seq) as { data: string }[];
    for (const r of events) {
      const e = parse<Extract<HubEvent, { type: 'config_changed' }>>(r.data);
      if (e.change.kind === 'settings') continue;
      const id = e.change.kind === 'service' ? e.change.service.id : e.change.kind === 'group' ? e.change.group.id : e.change.counter.id;
      edits.push({ kind: e.change.kind, id, at: e.at, by: e.by });
    }
    const since = seq === 0 ? null : (this.db.prepare('SELECT at FROM events WHERE office_id = ? AND seq = ?').get(officeId, seq) as { at: number } | undefined);
    const users = this.db
      .prepare("SELECT target, at, user_id FROM audit WHERE office_id = ? AND at > ? AND action IN ('create_user', 'update_user', 'update_user_and_password', 'central_user') ORDER BY seq")
      .all(officeId, since?.at ?? 0) as { target: string; at: number; user_id: string }[];
    for (const u of users) edits.push({ kind: 'user', id: u.target, at: u.at, by: u.user_id });
    return edits;
  }

  /** An office's tickets of local days `fromDay`..`toDay` by arrival, a day at a time, the event loop free between days. */
  async *ticketDaysBetween(officeId: string, fromDay: string, toDay: string): AsyncGenerator<Ticket[]> {
    for (let day = fromDay; day <= toDay; day = addDays(day, 1)) {
      yield (this.#s.ticketsOfDay.all(officeId, day) as { data: string }[]).map((r) => parse<Ticket>(r.data));
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  insertCallback(cb: Callback, deviceId: string | null, key: string | null): void {
    this.#s.insertCallback.run(cb.id, cb.officeId, deviceId, key, cb.status, cb.createdAt, cb.accountNumber, json(cb));
  }

  updateCallback(cb: Callback): void {
    if (this.#s.updateCallback.run(cb.status, json(cb), cb.id).changes !== 1) throw new Error(`callback ${cb.id} is not stored`);
  }

  /**
   * An office's callbacks, newest first: every one still to do (open or claimed), however old, and
   * the latest CLOSED_LISTED closed ones — an office's history must not push an open one off the list.
   */
  callbacksOf(officeId: string, status: 'open' | 'claimed' | 'closed' | 'all'): Callback[] {
    const toDo = status === 'closed' ? [] : (this.#s.callbacksToDo.all(officeId) as { data: string }[]).map((r) => parse<Callback>(r.data)).filter((c) => status === 'all' || c.status === status);
    const closed = status === 'closed' || status === 'all' ? (this.#s.callbacksClosed.all(officeId, CLOSED_LISTED) as { data: string }[]).map((r) => parse<Callback>(r.data)) : [];
    return [...toDo, ...closed].sort((a, b) => b.createdAt - a.createdAt);
  }

  /** The callbacks a user has claimed (to give back when they are disabled). */
  callbacksClaimedBy(officeId: string, userId: string): Callback[] {
    return (this.#s.callbacksClaimedBy.all(officeId, userId) as { data: string }[]).map((r) => parse<Callback>(r.data));
  }

  /** An account's open callbacks, of one office or (null) of every office this hub holds. */
  openCallbacksOfAccount(accountNumber: string, officeId: string | null): Callback[] {
    return (this.#s.callbacksOfAccount.all({ account: accountNumber, office: officeId }) as { data: string }[]).map((r) => parse<Callback>(r.data));
  }

  /** An account's latest tickets, of one office or (null) of every office this hub holds. */
  ticketsOfAccount(accountNumber: string, officeId: string | null, limit: number): Ticket[] {
    return (this.#s.ticketsOfAccount.all({ account: accountNumber, office: officeId, limit }) as { data: string }[]).map((r) => parse<Ticket>(r.data));
  }

  ticketsOfAgentDay(officeId: string, day: string, agentId: string): Ticket[] {
    return (this.#s.ticketsOfAgentDay.all(officeId, day, agentId) as { data: string }[]).map((r) => parse<Ticket>(r.data));
  }

  /** How many of the local day `day`'s tickets `agentId` sent on (transferred), reading the log from `since` (at or before that day's start). */
  transfersOfAgentDay(officeId: string, day: string, agentId: string, since: number): number {
    return (this.#s.transfersOfAgentDay.get(officeId, since, day, agentId) as { n: number }).n;
  }

  saveCase(c: RecoveryCase): void {
    this.#s.upsertCase.run(c.id, c.officeId, c.ticketId, c.status, c.openedAt, json(c));
  }

  /** The recovery case a ticket's rating opened, if any. */
  caseOfTicket(ticketId: string): RecoveryCase | null {
    const r = this.#s.caseOfTicket.get(ticketId) as { data: string } | undefined;
    return r ? parse<RecoveryCase>(r.data) : null;
  }

  caseById(id: string): RecoveryCase | null {
    const r = this.#s.caseById.get(id) as { data: string } | undefined;
    return r ? parse<RecoveryCase>(r.data) : null;
  }

  /** An office's recovery cases, newest first: every open one, however old, and the latest CLOSED_LISTED closed ones. */
  casesOf(officeId: string, status: 'open' | 'closed' | 'all'): RecoveryCase[] {
    const open = status === 'closed' ? [] : (this.#s.casesOpen.all(officeId) as { data: string }[]).map((r) => parse<RecoveryCase>(r.data));
    const closed = status === 'open' ? [] : (this.#s.casesClosed.all(officeId, CLOSED_LISTED) as { data: string }[]).map((r) => parse<RecoveryCase>(r.data));
    return [...open, ...closed].sort((a, b) => b.openedAt - a.openedAt);
  }

  /** A callback, the kiosk that recorded it, and when its receipt came out of the hub's printer (null: not yet, or printed by the kiosk's own printer). */
  callbackById(id: string): { callback: Callback; deviceId: string | null; receiptPrintedAt: number | null } | null {
    const r = this.#s.callbackById.get(id) as { data: string; device_id: string | null; receipt_printed_at: number | null } | undefined;
    return r ? { callback: parse<Callback>(r.data), deviceId: r.device_id, receiptPrintedAt: r.receipt_printed_at } : null;
  }

  markReceiptPrinted(callbackId: string, at: number): void {
    this.db.prepare('UPDATE callbacks SET receipt_printed_at = ? WHERE id = ?').run(at, callbackId);
  }

  /** The kiosk that issued a ticket (null for tickets made elsewhere). */
  ticketDeviceId(ticketId: string): string | null {
    return (this.#s.ticketDevice.get(ticketId) as { device_id: string | null } | undefined)?.device_id ?? null;
  }

  callbackByIdempotencyKey(deviceId: string, key: string): Callback | null {
    const r = this.#s.callbackByKey.get(deviceId, key) as { data: string } | undefined;
    return r ? parse<Callback>(r.data) : null;
  }

  /**
   * An office's events with `at` in [fromMs, toMs), in log order, read `pageSize` at a time with the event loop free between
   * pages (a year's report replays millions of events: read at once, the hub would stall for seconds).
   */
  async *eventPagesBetween(officeId: string, fromMs: number, toMs: number, pageSize: number): AsyncGenerator<HubEvent[]> {
    const { first, last } = this.#s.seqsBetween.get(officeId, fromMs, toMs) as { first: number | null; last: number | null };
    let next = first;
    while (next !== null) {
      const rows = this.#s.eventPage.all(officeId, next, last, fromMs, toMs, pageSize) as { seq: number; data: string }[];
      if (rows.length === 0) return;
      yield rows.map((r) => parse<HubEvent>(r.data));
      if (rows.length < pageSize) return;
      next = (rows.at(-1) as { seq: number }).seq + 1;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /**
   * Events of an office numbered after `afterSeq` up to `upToSeq` with `at` in [fromMs, toMs), in log
   * order: what a report kept up to date has not read yet. It starts at the first event of the range
   * (the time index), so a first read does not walk the office's whole log.
   */
  *eventsInRangeAfter(officeId: string, afterSeq: number, upToSeq: number, fromMs: number, toMs: number): Generator<HubEvent> {
    const { first, last } = this.#s.seqsBetween.get(officeId, fromMs, toMs) as { first: number | null; last: number | null };
    if (first === null || last === null) return;
    for (const r of this.#s.eventsInRange.iterate(officeId, Math.max(afterSeq + 1, first), Math.min(upToSeq, last), fromMs, toMs) as Iterable<{ data: string }>) yield parse<HubEvent>(r.data);
  }

  /** Writes a catalogue row after a config_changed event. */
  saveConfig(officeId: string, change: Extract<HubEvent, { type: 'config_changed' }>['change']): void {
    switch (change.kind) {
      case 'service':
        this.db.prepare('INSERT INTO services (id, office_id, data) VALUES (?, ?, ?) ON CONFLICT (office_id, id) DO UPDATE SET data = excluded.data').run(change.service.id, officeId, json(change.service));
        return;
      case 'group':
        this.db.prepare('INSERT INTO service_groups (id, office_id, data) VALUES (?, ?, ?) ON CONFLICT (office_id, id) DO UPDATE SET data = excluded.data').run(change.group.id, officeId, json(change.group));
        return;
      case 'counter':
        this.db.prepare('INSERT INTO counters (id, office_id, data) VALUES (?, ?, ?) ON CONFLICT (office_id, id) DO UPDATE SET data = excluded.data').run(change.counter.id, officeId, json(change.counter));
        return;
      case 'settings':
        this.db.prepare('UPDATE offices SET settings = ?, preferential_classes = ? WHERE id = ?').run(json(change.settings), json(change.preferentialClasses), officeId);
        return;
    }
  }

  /** The answer this office gave to a configuration push from the central, if it has answered it. */
  appliedConfigPush(pushId: string): PushAnswer | null {
    const r = this.db.prepare('SELECT ok, error, refusal FROM applied_config_pushes WHERE push_id = ?').get(pushId) as { ok: number; error: string | null; refusal: string | null } | undefined;
    return r ? { ok: r.ok === 1, error: r.error, refusal: refusalFromColumn(r.refusal) } : null;
  }

  /** Records the answer to a configuration push (in the transaction that applied it, or that refused it). */
  recordConfigPush(pushId: string, officeId: string, answer: PushAnswer, at: number): void {
    this.db
      .prepare('INSERT INTO applied_config_pushes (push_id, office_id, ok, error, refusal, applied_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(pushId, officeId, answer.ok ? 1 : 0, answer.error, refusalColumn(answer.refusal), at);
  }

  audit(officeId: string, at: number, userId: string, action: AuditAction, target: string, before: unknown, after: unknown): void {
    this.#s.insertAudit.run(officeId, at, userId, action, target, before === undefined ? null : json(before), after === undefined ? null : json(after));
  }

  auditOf(officeId: string, limit: number): AuditEntry[] {
    return (this.#s.auditOf.all(officeId, limit) as { seq: number; at: number; user_id: string; user_name: string | null; action: string; target: string; before: string | null; after: string | null }[]).map((r) => ({
      seq: r.seq,
      at: r.at,
      userId: r.user_id,
      userName: r.user_name,
      action: r.action,
      target: r.target,
      before: r.before === null ? null : parse(r.before),
      after: r.after === null ? null : parse(r.after),
    }));
  }

  /** Replaces an office's catalogue with what its hub says it is now. */
  replaceCatalog(seed: OfficeSeed): void {
    const { office } = seed;
    this.db
      .prepare('UPDATE offices SET name = ?, time_zone = ?, public_base_url = ?, settings = ?, preferential_classes = ? WHERE id = ?')
      .run(office.name, office.timeZone, office.publicBaseUrl, json(seed.settings), json(seed.preferentialClasses), office.id);
    for (const g of seed.groups) this.saveConfig(office.id, { kind: 'group', group: g });
    for (const s of seed.services) this.saveConfig(office.id, { kind: 'service', service: s });
    for (const c of seed.counters) this.saveConfig(office.id, { kind: 'counter', counter: c });
  }

  /** A user row as pushed from the central (created or updated, keeping the given id). */
  upsertPushedUser(u: User, passwordHash: string | null, now: number): void {
    const existing = this.userById(u.id);
    if (existing) {
      this.updateUser(u);
      if (passwordHash) this.setPassword(u.id, passwordHash);
    } else {
      if (!passwordHash) throw new Error(`new user ${u.username} needs a password hash`);
      this.createUser(u, passwordHash, now);
    }
  }

  // ---- people ----

  usersOf(officeId: string): UserRow[] {
    return (this.#s.usersOf.all(officeId) as unknown[]).map((r) => userRow(r) as UserRow);
  }

  updateUser(u: User): void {
    this.#s.updateUser.run(u.username, u.displayName, u.role, u.active ? 1 : 0, u.id);
    if (!u.active) this.#s.deleteSessionsOf.run(u.id);
  }

  /** Sets a new password and ends the user's sessions — all but `keepTokenHash`'s (the user changing their own). */
  setPassword(userId: string, passwordHash: string, keepTokenHash: string | null = null): void {
    this.#s.setPassword.run(passwordHash, userId);
    if (keepTokenHash === null) this.#s.deleteSessionsOf.run(userId);
    else this.#s.deleteOtherSessionsOf.run(userId, keepTokenHash);
  }

  createUser(u: User, passwordHash: string, now: number): void {
    this.db
      .prepare('INSERT INTO users (id, office_id, username, display_name, role, password_hash, active, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(u.id, u.officeId, u.username, u.displayName, u.role, passwordHash, u.active ? 1 : 0, now);
  }

  userByUsername(username: string): UserRow | null {
    return userRow(this.#s.userByName.get(username));
  }

  userById(id: string): UserRow | null {
    return userRow(this.#s.userById.get(id));
  }

  createSession(tokenHash: string, userId: string, now: number, expiresAt: number): void {
    this.#s.deleteExpiredSessions.run(now);
    this.#s.insertSession.run(tokenHash, userId, now, expiresAt);
  }

  sessionByHash(tokenHash: string): { userId: string; expiresAt: number } | null {
    const r = this.#s.sessionByHash.get(tokenHash) as { user_id: string; expires_at: number } | undefined;
    return r ? { userId: r.user_id, expiresAt: r.expires_at } : null;
  }

  deleteSession(tokenHash: string): void {
    this.#s.deleteUserSession.run(tokenHash);
  }

  // ---- devices ----

  createPairingCode(codeHash: string, row: PairingCodeRow, createdBy: string): void {
    this.#s.insertCode.run(codeHash, row.officeId, row.kind, row.name, row.counterId, createdBy, row.expiresAt);
  }

  /** Marks a pairing code used and returns it, or null if unknown, used or expired. */
  takePairingCode(codeHash: string, now: number): PairingCodeRow | null {
    const r = this.#s.takeCode.get(now, codeHash, now) as { office_id: string; kind: DeviceKind; name: string; counter_id: string | null; expires_at: number } | undefined;
    return r ? { officeId: r.office_id, kind: r.kind, name: r.name, counterId: r.counter_id, expiresAt: r.expires_at } : null;
  }

  createDevice(d: DeviceRow): void {
    this.#s.insertDevice.run(d.id, d.officeId, d.kind, d.name, d.counterId, d.tokenHash, d.pairedAt);
  }

  deviceByTokenHash(tokenHash: string): DeviceRow | null {
    return deviceRow(this.#s.deviceByToken.get(tokenHash));
  }

  deviceById(id: string): DeviceRow | null {
    return deviceRow(this.#s.deviceById.get(id));
  }

  devicesOf(officeId: string): DeviceRow[] {
    return (this.#s.devicesOf.all(officeId) as unknown[]).map((r) => deviceRow(r) as DeviceRow);
  }

  saveDeviceHealth(id: string, health: DeviceHealth, now: number): void {
    this.#s.saveHealth.run(json(health), now, id);
  }

  /** A new token for a device (the old one stops working). */
  setDeviceToken(id: string, tokenHash: string): void {
    this.db.prepare('UPDATE devices SET token_hash = ?, revoked_at = NULL WHERE id = ?').run(tokenHash, id);
  }

  configureDevice(id: string, printerUri: string | null, paperWidth: 58 | 80): void {
    this.#s.configureDevice.run(printerUri, paperWidth, id);
  }

  touchDevice(id: string, now: number): void {
    this.#s.touchDevice.run(now, id);
  }

  revokeDevice(id: string, now: number): boolean {
    return this.#s.revokeDevice.run(now, id).changes === 1;
  }
}

/**
 * Refuses a database the hub could read but never write (a read-only or immutable file, a read-only
 * mount): SQLite opens such a file read-only without a word, and the hub would start, say it is up
 * and refuse every command. One write transaction begun and rolled back writes nothing.
 */
function assertWritable(db: Database.Database, path: string): void {
  const refuse = (why: string) => new StoreOpenError('DB_READ_ONLY', `the database ${path} cannot be written (${why}): check the file's and its folder's permissions and the disk; nothing was changed`);
  if (db.readonly) throw refuse('opened read-only');
  try {
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw refuse((error as Error).message);
  }
}

function userRow(r: unknown): UserRow | null {
  if (!r) return null;
  const u = r as { id: string; office_id: string; username: string; display_name: string; role: Role; password_hash: string; active: number };
  return { id: u.id, officeId: u.office_id, username: u.username, displayName: u.display_name, role: u.role, active: u.active === 1, passwordHash: u.password_hash };
}

function deviceRow(r: unknown): DeviceRow | null {
  if (!r) return null;
  const d = r as {
    id: string;
    office_id: string;
    kind: DeviceKind;
    name: string;
    counter_id: string | null;
    token_hash: string;
    paired_at: number;
    revoked_at: number | null;
    last_seen_at: number | null;
    health: string;
    printer_uri: string | null;
    paper_width: 58 | 80;
  };
  return {
    id: d.id,
    officeId: d.office_id,
    kind: d.kind,
    name: d.name,
    counterId: d.counter_id,
    tokenHash: d.token_hash,
    pairedAt: d.paired_at,
    revoked: d.revoked_at !== null,
    lastSeenAt: d.last_seen_at,
    health: parse<DeviceHealth>(d.health),
    printerUri: d.printer_uri,
    paperWidth: d.paper_width,
  };
}
