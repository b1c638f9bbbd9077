import { ErrorCode, HubError, ticketAfterEvent, type HubEvent, type SequencedEvent } from '@turnero/protocol';
import type { Ctx } from './domain/commands.ts';
import { applyEvent, officeDay, type OfficeState } from './domain/office-state.ts';
import { sequenceOf } from './domain/local-day.ts';
import { eventIdentity } from './store/central-rows.ts';
import type { OfficeSeed, SqliteStore } from './store/sqlite-store.ts';

export interface EngineOptions {
  /** Group commit: commands share one COMMIT and one WAL fsync (default true; see README "Durability"). */
  groupCommit?: boolean;
  /** The disk refused an fsync: what was written is in doubt (default: throw, which stops the hub). */
  onDurabilityFailure?: (error: Error) => void;
  /** Where the engine reports trouble it survives (the store's housekeeping after a commit failing); default stderr. */
  log?: (line: string) => void;
}

/**
 * How many more event-loop turns an open batch may wait for commands after its first turn, as long
 * as every turn brings one. Each turn's poll reads what the sockets have, so requests sent while the
 * hub was busy with the last ones join them; a turn that brings nothing commits at once.
 */
export const MAX_GATHER_TURNS = 4;

/** A write the disk refused: when, and SQLite's or the fsync's own words. */
export interface WriteFailure {
  at: number;
  message: string;
}

/** SQLite's codes for a disk that will not take writes (full, failing, read-only, gone), as opposed to a refused row. */
const DISK_REFUSAL = /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|CORRUPT|NOTADB|PERM)/;

/** Extra rows a command writes in the same transaction as its events (ids of the new ticket's secrets, a device row…). */
export interface CommitMeta {
  ticket?: { statusToken: string; deviceId: string | null; idempotencyKey: string | null };
  /** Events replayed from an office hub's log (the central): tickets get no live status link here. */
  external?: boolean;
  callback?: { deviceId: string | null; idempotencyKey: string | null };
  extraWrites?: () => void;
}

/**
 * Holds every office's live state and runs decisions against it: decide (pure) → apply → one SQLite
 * transaction with the changed rows and the appended events (SPEC P1). Commands run one at a time,
 * so two agents can never be given the same ticket (SPEC C6).
 */
export class OfficeEngine {
  readonly #states = new Map<string, OfficeState>();
  #batchOpen = false;
  /** Commands written into the open batch so far (the gathering turns compare it). */
  #batchCommands = 0;
  #afterCommit: ((committed: boolean) => void)[] = [];
  /** An fsync failed: nothing written since may be acknowledged. */
  #durabilityFailed = false;
  /** The last write the disk refused, until a commit succeeds again. */
  #writeFailure: WriteFailure | null = null;
  readonly #onDurabilityFailure: (error: Error) => void;
  /** Per office, the last event sequence known to be on disk (what may leave this hub for the central). */
  readonly #durableSeq = new Map<string, number>();
  /** Per office, the last event sequence written in the open batch. */
  #batchSeq = new Map<string, number>();

  readonly #groupCommit: boolean;
  readonly #log: (line: string) => void;

  constructor(
    readonly store: SqliteStore,
    readonly clock: () => number,
    readonly newId: () => string,
    opts: EngineOptions = {},
  ) {
    this.#groupCommit = opts.groupCommit ?? true;
    this.#log = opts.log ?? ((line) => console.error(line));
    for (const id of store.officeIds()) {
      this.#states.set(id, store.loadOffice(id));
      this.#durableSeq.set(id, store.lastSeq(id));
    }
    this.#onDurabilityFailure =
      opts.onDurabilityFailure ??
      ((error) => {
        throw new Error(`the disk refused to fsync the database's WAL, so recent commits are in doubt: stopping (${error.message})`);
      });
  }

  /**
   * Runs `fn` once everything written so far is durable: at once when no batch is open, otherwise
   * after the open batch's COMMIT and the WAL fsync that follows it (with `committed = false` if that
   * COMMIT or fsync failed). Replies and broadcasts go through here, so nothing is acknowledged
   * before it is on disk.
   */
  afterCommit(fn: (committed: boolean) => void): void {
    if (this.#batchOpen) this.#afterCommit.push(fn);
    else fn(!this.#durabilityFailed);
  }

  /**
   * The last COMMIT or WAL fsync the disk refused (or a write inside a command that it refused as a
   * disk, SQLITE_FULL and the like), as long as no commit has succeeded since; null while writes
   * work. After a refused fsync it stays: nothing is acknowledged any more (see onDurabilityFailure).
   */
  get writeFailure(): WriteFailure | null {
    return this.#writeFailure;
  }

  #refused(error: unknown): void {
    this.#writeFailure = { at: this.clock(), message: error instanceof Error ? error.message : String(error) };
  }

  /**
   * The last event of this office that is durable. Events after it may still be in an open batch or
   * waiting for their fsync: the same connection can read them, but nothing may leave the hub
   * before this passes them (a hub killed now would roll them back and reuse their sequence numbers).
   */
  durableSeq(officeId: string): number {
    return this.#durableSeq.get(officeId) ?? 0;
  }

  /** The office's events after `since` that are durable: what may be sent out of this hub (SPEC S1). */
  durableEventsSince(officeId: string, since: number, limit: number): SequencedEvent[] {
    return this.store.eventsSince(officeId, since, limit, this.durableSeq(officeId));
  }

  /** Events written so far, counted. */
  #writeCount = 0;
  /** Where the events written are also collected while `collectWrites` runs. */
  #collecting: SequencedEvent[] | null = null;

  /** How many events have been written so far: compared before and after, whether anything was. */
  get writeCount(): number {
    return this.#writeCount;
  }

  /**
   * Runs `fn` and returns what it returned, collecting into `into` every event written while it runs
   * (synchronously: nothing else runs meanwhile, so they are its own). The gateway collects what a
   * request wrote, which commits with the batch even when its handler then throws.
   */
  collectWrites<T>(into: SequencedEvent[], fn: () => T): T {
    const outer = this.#collecting;
    this.#collecting = into;
    try {
      return fn();
    } finally {
      this.#collecting = outer;
    }
  }

  #wrote(events: readonly SequencedEvent[]): void {
    this.#writeCount += events.length;
    if (this.#collecting) this.#collecting.push(...events);
    if (this.#batchOpen) this.#batchCommands++;
    const marks = this.#batchOpen ? this.#batchSeq : this.#durableSeq; // no batch: committed with synchronous=FULL
    for (const { officeId, seq } of events) if (seq > (marks.get(officeId) ?? 0)) marks.set(officeId, seq);
  }

  /**
   * Commits the open batch (no fsync inside COMMIT), makes it durable with one fsync of the WAL on
   * this thread, then runs what waited for it. The event loop waits for the disk (~0.3 ms here); in
   * exchange every command that came meanwhile shares the next COMMIT and fsync, and no thread
   * hand-off sits between the disk and the reply. Measured against fsyncs on libuv's pool pipelined
   * with the next batch (npm run bench, alternating runs): a third less CPU a ticket (fewer, larger
   * batches), 10-in-flight p50 and p99 lower, call → displays unchanged.
   */
  flush(): void {
    if (!this.#batchOpen) return;
    try {
      this.store.db.exec('COMMIT');
    } catch (error) {
      this.#refused(error);
      this.#refuseBatch();
      return;
    }
    const { waiting, seqs } = this.#closeBatch();
    let failure: Error | null = null;
    if (!this.#durabilityFailed) {
      try {
        this.store.syncWal();
      } catch (error) {
        failure = error as Error;
        this.#durabilityFailed = true;
        this.#refused(error);
      }
    }
    const durable = !this.#durabilityFailed;
    if (durable) this.#writeFailure = null;
    // First the durable marks, so that what the replies set off (office → central sync) sees them.
    if (durable) for (const [officeId, seq] of seqs) if (seq > this.durableSeq(officeId)) this.#durableSeq.set(officeId, seq);
    for (const fn of waiting) fn(durable);
    if (failure) this.#onDurabilityFailure(failure);
    // The checkpointer's share of the writer's time (now and then a WAL tail copy) comes after the
    // replies; if one of them opened a new batch, the next COMMIT gives it the turn. It is
    // housekeeping: the batch is committed and answered, so its failure must not stop the hub (this
    // runs from setImmediate, where a throw is an uncaught exception).
    if (!this.store.db.inTransaction) {
      try {
        this.store.committed();
      } catch (error) {
        this.#log(`after a commit, the store's housekeeping failed (${(error as Error).message}); serving on`);
      }
    }
  }

  #closeBatch(): { waiting: ((committed: boolean) => void)[]; seqs: Map<string, number> } {
    this.store.deferCommitSync(false);
    this.#batchOpen = false;
    this.#batchCommands = 0;
    const waiting = this.#afterCommit;
    this.#afterCommit = [];
    const seqs = this.#batchSeq;
    this.#batchSeq = new Map();
    return { waiting, seqs };
  }

  /** Rolls the open batch back, rebuilds the live state from the rows and refuses what waited for it (none of it was acknowledged). */
  #refuseBatch(): void {
    if (this.store.db.inTransaction) this.store.db.exec('ROLLBACK');
    const { waiting } = this.#closeBatch();
    // First the refusals (they only send errors), so that a disk too far gone to reload from still answers them.
    for (const fn of waiting) fn(false);
    for (const id of this.#states.keys()) this.#states.set(id, this.store.loadOffice(id));
  }

  /**
   * One command's writes, as one transaction — inside an open batch a SAVEPOINT, so that a command
   * that fails (a bad event replayed from an office, a full disk) rolls back alone and the others in
   * the batch, some already answered, are unaffected. Its office's live state is then rebuilt from
   * the rows.
   */
  #write<T>(officeId: string, fn: () => T): T {
    let result: T;
    try {
      result = this.store.transaction(fn);
    } catch (error) {
      if (DISK_REFUSAL.test(String((error as { code?: unknown }).code))) this.#refused(error);
      this.#states.set(officeId, this.store.loadOffice(officeId));
      throw error;
    }
    // Without a batch that was a COMMIT of its own, with its fsync (synchronous=FULL).
    if (!this.#batchOpen && !this.#durabilityFailed) this.#writeFailure = null;
    return result;
  }

  /** Everything committed is durable when this returns (used when the hub closes); a waiter may open another batch. */
  drainSync(): void {
    while (this.#batchOpen) this.flush();
  }

  #openBatch(): void {
    if (!this.#groupCommit || this.#batchOpen) return;
    this.store.deferCommitSync(true);
    try {
      this.store.db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      this.store.deferCommitSync(false);
      this.#refused(error);
      throw error;
    }
    this.#batchOpen = true;
    setImmediate(() => this.#commitWhenQuiet(0, 0));
  }

  /** At the end of a turn: commit, unless this turn brought commands and the batch may wait one more. */
  #commitWhenQuiet(seen: number, turns: number): void {
    if (!this.#batchOpen || !this.store.db.open) return; // committed already, or the store was closed under it (nothing in it was answered)
    const commands = this.#batchCommands;
    if (commands > seen && turns < MAX_GATHER_TURNS) setImmediate(() => this.#commitWhenQuiet(commands, turns + 1));
    else this.flush();
  }

  officeIds(): string[] {
    return [...this.#states.keys()];
  }

  has(officeId: string): boolean {
    return this.#states.has(officeId);
  }

  state(officeId: string): OfficeState {
    const s = this.#states.get(officeId);
    if (!s) throw new Error(`no office ${officeId}`);
    return s;
  }

  /** Creates an office at run time (the central, when a new office first syncs). */
  addOffice(seed: OfficeSeed): void {
    this.store.createOffice(seed);
    this.#states.set(seed.office.id, this.store.loadOffice(seed.office.id));
    this.#durableSeq.set(seed.office.id, this.store.lastSeq(seed.office.id));
  }

  /** Rebuilds an office's live state from its rows (after its catalogue was replaced). */
  reloadOffice(officeId: string): void {
    this.#states.set(officeId, this.store.loadOffice(officeId));
  }

  /**
   * Applies events from an office hub's log, in order, skipping any at or below the office's last
   * applied sequence (a resend after a cut writes nothing twice); the progress is stored in the same
   * transaction. Returns the events as sequenced here and the new last applied sequence.
   */
  applyExternal(officeId: string, events: readonly { seq: number; event: HubEvent }[]): { applied: SequencedEvent[]; lastSeq: number } {
    const state = this.state(officeId);
    this.#openBatch();
    const result = this.#write(officeId, () => {
      let lastSeq = this.store.central.linkLastSeq(officeId);
      let lastEvent: string | null = null;
      const applied: SequencedEvent[] = [];
      for (const { seq, event } of events) {
        if (seq <= lastSeq) continue;
        const foreign = this.#foreignOffice(officeId, event);
        if (foreign !== null) throw new HubError(ErrorCode.FORBIDDEN, `event ${seq} (${event.type}) is about office ${foreign}, not ${officeId}`);
        this.#persist(state, event, { external: true });
        applied.push({ seq: this.store.appendEvent(officeId, event), officeId, event });
        lastSeq = seq;
        lastEvent = eventIdentity(event);
      }
      this.store.central.setLinkProgress(officeId, lastSeq, lastEvent, this.clock());
      return { applied, lastSeq };
    });
    this.#wrote(result.applied);
    return result;
  }

  /**
   * The other office an office's event names or touches, if any: an office hub writes only its own
   * tickets, callbacks and cases (its link token is for its office, not for its neighbours' rows).
   * Any event about a ticket (`ticketId`, a case's ticket) is checked against the stored ticket's
   * office; a ticket not stored here at all belongs to no other office.
   */
  #foreignOffice(officeId: string, event: HubEvent): string | null {
    const other = (id: string | undefined) => (id !== undefined && id !== officeId ? id : null);
    const ticketOffice = (ticketId: string) => other(this.store.ticketById(ticketId)?.ticket.officeId);
    if ('ticketId' in event) return ticketOffice(event.ticketId);
    switch (event.type) {
      case 'ticket_issued':
        return other(event.ticket.officeId) ?? ticketOffice(event.ticket.id);
      case 'callback_requested':
      case 'callback_updated':
        return other(event.callback.officeId) ?? other(this.store.callbackById(event.callback.id)?.callback.officeId);
      case 'case_opened':
      case 'case_updated':
        return other(event.case.officeId) ?? other(this.store.caseById(event.case.id)?.officeId) ?? ticketOffice(event.case.ticketId);
      default:
        return null;
    }
  }

  ctx(): Ctx {
    return { now: this.clock(), newId: this.newId };
  }

  /** Decides, commits and applies; returns the committed events with their sequence numbers. Throws (changing nothing) when the domain refuses. */
  execute(officeId: string, decide: (state: OfficeState, ctx: Ctx) => HubEvent[], meta: CommitMeta = {}): SequencedEvent[] {
    const state = this.state(officeId);
    const ctx = this.ctx();
    this.#holdToday(state, ctx.now);
    const events = decide(state, ctx);
    if (events.length === 0 && !meta.extraWrites) return [];
    this.#openBatch();
    const written = this.#write(officeId, () => this.#append(state, events, meta));
    this.#wrote(written);
    return written;
  }

  /**
   * Several decisions as one transaction, each deciding on the state the previous ones left (a
   * group, then a service in it, then a counter serving that service): all are written, or — one
   * refused or failing — none, and the live state is rebuilt from the rows.
   */
  executeAll(officeId: string, steps: readonly { decide: (state: OfficeState, ctx: Ctx) => HubEvent[]; meta?: CommitMeta }[]): SequencedEvent[] {
    const state = this.state(officeId);
    const ctx = this.ctx();
    this.#holdToday(state, ctx.now);
    this.#openBatch();
    const written = this.#write(officeId, () => steps.flatMap(({ decide, meta = {} }) => this.#append(state, decide(state, ctx), meta)));
    this.#wrote(written);
    return written;
  }

  /** Writes a decision (inside a transaction): its extra rows, then each event applied to the state, persisted and logged. */
  #append(state: OfficeState, events: HubEvent[], meta: CommitMeta): SequencedEvent[] {
    const officeId = state.office.id;
    meta.extraWrites?.();
    return events.map((event) => {
      this.#persist(state, event, meta);
      return { seq: this.store.appendEvent(officeId, event), officeId, event };
    });
  }

  /**
   * Today's stored day counters into the live state when it no longer holds today: it keeps the
   * last few days issued on, and a clock set ahead on more days than that and then put right would
   * otherwise number today's tickets from 001 again — each refused by the store as a duplicate.
   */
  #holdToday(state: OfficeState, now: number): void {
    const day = officeDay(state, now);
    if (state.dayCounters.holds(day)) return;
    for (const [serviceId, last] of this.store.dayCountersOf(state.office.id, day)) state.dayCounters.raise(serviceId, day, last);
    for (const [prefix, last] of this.store.prefixHighsOf(state.office.id, day)) state.dayCounters.raisePrefix(prefix, day, last);
  }

  #persist(state: OfficeState, event: HubEvent, meta: CommitMeta): void {
    const changed = applyEvent(state, event);
    const officeId = state.office.id;
    switch (event.type) {
      case 'ticket_issued': {
        const t = event.ticket;
        // A ticket mirrored from an office gets no status link here: a placeholder no link can name (':').
        const m = meta.ticket ?? (meta.external ? { statusToken: `sync:${t.id}`, deviceId: null, idempotencyKey: null } : undefined);
        if (!m) throw new Error('ticket_issued needs its status token');
        this.store.insertTicket(t, m);
        if (m.deviceId !== null && m.idempotencyKey !== null) state.issuedKeys.add(t.day, m.deviceId, m.idempotencyKey, t.id);
        this.store.bumpDayCounter(officeId, t.serviceId, t.day, state.dayCounters.get(t.serviceId, t.day) ?? sequenceOf(t.number));
        return;
      }
      case 'counter_opened':
      case 'counter_closed':
      case 'agent_status_changed':
        this.store.saveSession(officeId, event.counterId, state.sessions.get(event.counterId));
        return;
      case 'callback_requested':
        this.store.insertCallback(event.callback, meta.callback?.deviceId ?? null, meta.callback?.idempotencyKey ?? null);
        return;
      case 'config_changed':
        this.store.saveConfig(officeId, event.change);
        return;
      case 'callback_updated':
        this.store.updateCallback(event.callback);
        return;
      case 'case_opened':
      case 'case_updated':
        this.store.saveCase(event.case);
        return;
      case 'ticket_rated': {
        // A rated ticket has ended, so it is no longer in the live state: update its row.
        const stored = this.store.ticketById(event.ticketId);
        if (!stored) throw new Error(`ticket ${event.ticketId} is not stored`);
        this.store.updateTicket(ticketAfterEvent(stored.ticket, event) ?? stored.ticket);
        return;
      }
      case 'ticket_called':
        if (event.rule === 'preferential' || event.rule === 'normal') this.store.saveFairnessCursor(officeId, state.fairnessCursor);
        break;
      default:
        break;
    }
    for (const t of changed) this.store.updateTicket(t);
  }
}
