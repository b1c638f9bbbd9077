import { HubError, refused, refusalOf, SYNC_PROTOCOL_VERSION, SyncDownSchema, type ConfigPushChange, type OfficeDescriptor, type SyncStatus, type SyncStuck, type SequencedEvent, type SyncDown, type SyncUp } from '@turnero/protocol';
import { releaseWorkOf, type Ctx } from '../domain/commands.ts';
import type { OfficeState } from '../domain/office-state.ts';
import { CENTRAL_ACTOR, unseenLocalEdits, upsertCounter, upsertGroup, upsertService } from '../domain/config.ts';
import type { OfficeEngine } from '../office-engine.ts';
import { openClientLink, type ClientLink } from '../transport/ws-client.ts';

/** What a WebSocket reports when its link ended without a close frame (RFC 6455 §7.1.5). */
const ABNORMAL_CLOSE = 1006;

export interface SyncClientOptions {
  /** The central's sync endpoint, e.g. ws://central:8080/sync */
  url: string;
  token: string;
  officeId: string;
  /**
   * Events per batch, and the byte budget of one batch: the most it grows to (`batchBytes`), and the
   * least it halves to after batches cut in flight (`minBatchBytes`; a batch holds one event at least).
   */
  batchEvents?: number;
  batchBytes?: number;
  minBatchBytes?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** How often the link to the central is pinged; unanswered over one interval, it is dropped and made again. */
  heartbeatMs?: number;
  log: (line: string) => void;
  /** Fans out events this client committed (configuration pushed by the central). */
  publish?: (events: SequencedEvent[]) => void;
  /** A user pushed by the central changed (disabled, new role or password): their open screens lose what they may no longer do. */
  userChanged?: (userId: string) => void;
}

/** Refusals in a row, with no event acknowledged between, after which the office says it is stuck. */
const STUCK_AFTER_REFUSALS = 3;

/**
 * The office hub's end of sync (SPEC S1–S4): store-and-forward of its event log to the central.
 * The office never depends on it: sync runs beside the hub, one batch in flight at a time
 * (back-pressure), resumed from the central's acknowledged sequence after any cut.
 */
export class SyncClient {
  #ws: ClientLink | null = null;
  #ready = false;
  #inflight: number | null = null;
  /** The first sequence of the batch in flight. */
  #inflightFrom: number | null = null;
  /** What the central said refusing on this connection (it closes it next). */
  #refusal: { code: string; message: string } | null = null;
  #refusals: { count: number; since: number } | null = null;
  #stuck: SyncStuck | null = null;
  /** The byte budget of the next batch: halved after one was cut in flight, grown back after acknowledgements. */
  #budget: number;
  #batch = 0;
  #ackSeq = 0;
  #lastAckAt: number | null = null;
  #diverged: string | null = null;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #stopped = false;
  readonly #opts: Required<SyncClientOptions>;

  constructor(
    readonly engine: OfficeEngine,
    opts: SyncClientOptions,
  ) {
    this.#opts = { batchEvents: 2000, batchBytes: 256 * 1024, minBatchBytes: 16 * 1024, minBackoffMs: 500, maxBackoffMs: 10_000, heartbeatMs: 10_000, publish: () => undefined, userChanged: () => undefined, ...opts };
    this.#budget = this.#opts.batchBytes;
  }

  status(): SyncStatus {
    const last = this.engine.store.lastSeq(this.#opts.officeId);
    return { connected: this.#ready, ackSeq: this.#ackSeq, backlog: Math.max(0, last - this.#ackSeq), lastAckAt: this.#lastAckAt, diverged: this.#diverged, stuck: this.#stuck };
  }

  start(): void {
    this.#stopped = false;
    this.#connect();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#ws?.close(1000, 'office hub stopping');
    this.#ws = null;
  }

  /** New events were committed: send them if nothing is in flight. */
  notify(): void {
    this.#pump();
  }

  #descriptor(): OfficeDescriptor {
    const s = this.engine.state(this.#opts.officeId);
    return { office: s.office, settings: s.settings, preferentialClasses: s.preferentialClasses, groups: s.groups, services: [...s.services.values()], counters: [...s.counters.values()] };
  }

  #connect(): void {
    if (this.#stopped) return;
    const ws: ClientLink = openClientLink(
      this.#opts.url,
      {
        onOpen: () => {
          this.#refusal = null;
          this.#send({ type: 'sync_hello', protocolVersion: SYNC_PROTOCOL_VERSION, token: this.#opts.token, descriptor: this.#descriptor() });
        },
        onMessage: (text) => this.#onMessage(text),
        onClose: (code) => {
          if (this.#ws !== ws) return;
          this.#ws = null;
          this.#ready = false;
          const unansweredFrom = this.#inflightFrom;
          this.#inflight = null;
          this.#inflightFrom = null;
          if (this.#refusal) this.#refused(this.#refusal, unansweredFrom);
          // NOTE: a batch cut in flight (no answer: the heartbeat gave up, the link broke) may be more than the
          // uplink carries between two heartbeats; sent whole again it would be cut again, forever. A central
          // that closed the link itself (a close frame: it is restarting) says nothing about the uplink.
          else if (unansweredFrom !== null && code === ABNORMAL_CLOSE) this.#budget = Math.max(this.#opts.minBatchBytes, Math.floor(this.#budget / 2));
          this.#refusal = null;
          if (this.#stopped) return;
          // NOTE: the attempt grows until the central acknowledges something (or there is nothing to send):
          // a welcome is no progress — a central that welcomes and then refuses each batch is not retried twice a second.
          const base = Math.min(this.#opts.maxBackoffMs, this.#opts.minBackoffMs * 2 ** this.#attempt++);
          this.#timer = setTimeout(() => this.#connect(), base / 2 + Math.random() * (base / 2));
        },
      },
      { maxPayload: 1024 * 1024, handshakeTimeoutMs: 10_000, heartbeatMs: this.#opts.heartbeatMs },
    );
    this.#ws = ws;
  }

  #send(msg: SyncUp): void {
    this.#ws?.send(JSON.stringify(msg));
  }

  #onMessage(text: string): void {
    let msg: SyncDown;
    try {
      const parsed = SyncDownSchema.safeParse(JSON.parse(text));
      if (!parsed.success) return this.#opts.log('sync: ignored a malformed message from the central');
      msg = parsed.data as SyncDown;
    } catch {
      return this.#opts.log('sync: ignored a non-JSON message from the central');
    }
    switch (msg.type) {
      case 'sync_welcome': {
        const diverged = this.#divergence(msg.ackSeq, msg.ackEvent ?? null);
        if (diverged) {
          // Sending from here on would skip (at the central) what this office writes under numbers the
          // central already holds for other events: stop, say so, keep everything here for a person.
          this.#diverged = `${diverged} (a restored backup?): forwarding stopped`;
          this.#opts.log(`sync: ${this.#diverged}`);
          this.stop();
          return;
        }
        this.#ready = true;
        this.#ackSeq = msg.ackSeq;
        this.#inflight = null;
        this.#inflightFrom = null;
        this.#pump();
        return;
      }
      case 'sync_ack':
        if (msg.batch !== this.#inflight) return;
        this.#inflight = null;
        this.#inflightFrom = null;
        this.#ackSeq = msg.ackSeq;
        this.#lastAckAt = this.engine.clock();
        this.#budget = Math.min(this.#opts.batchBytes, Math.ceil(this.#budget * 1.25));
        this.#progressed();
        this.#pump();
        return;
      case 'sync_error':
        this.#opts.log(`sync: central refused: ${msg.code}: ${msg.message}`);
        this.#refusal = { code: msg.code, message: msg.message };
        return;
      case 'config_push':
        this.#applyPush(msg.pushId, msg.changes, msg.basedOnSeq ?? null);
        return;
    }
  }

  /**
   * Why this database is not the one whose log the central holds, or null: the central has events
   * past this database's end, or its event at `ackSeq` is not this database's (checked on every
   * welcome, so it stays found after this office's log has grown past the central's number).
   */
  #divergence(ackSeq: number, ackEvent: string | null): string | null {
    const office = this.#opts.officeId;
    const own = this.engine.durableSeq(office);
    if (ackSeq > own) return `the central holds events up to ${ackSeq} of office ${office}, this database only up to ${own}`;
    if (ackSeq > 0 && ackEvent !== null) {
      const mine = this.engine.store.eventIdentityAt(office, ackSeq);
      if (mine !== ackEvent) return `the central's event ${ackSeq} of office ${office} (${ackEvent}) is not this database's (${mine ?? 'none'})`;
    }
    return null;
  }

  /** The central took what it was sent (or holds everything): the backoff starts over, nothing is stuck. */
  #progressed(): void {
    this.#attempt = 0;
    this.#refusals = null;
    if (this.#stuck) this.#opts.log('sync: the central takes this office\'s events again');
    this.#stuck = null;
  }

  /** The central refused this connection's batch (or the link) and closed it: counted, and past a few in a row, said. */
  #refused(refusal: { code: string; message: string }, seq: number | null): void {
    this.#refusals = { count: (this.#refusals?.count ?? 0) + 1, since: this.#refusals?.since ?? this.engine.clock() };
    if (this.#refusals.count < STUCK_AFTER_REFUSALS) return;
    const first = this.#stuck === null;
    this.#stuck = { seq, ...refusal, refusals: this.#refusals.count, since: this.#refusals.since };
    if (first) this.#opts.log(`sync: stuck: the central refused ${seq === null ? 'the link' : `the events from ${seq} on`} ${this.#refusals.count} times in a row: ${refusal.code}: ${refusal.message}`);
  }

  #pump(): void {
    if (!this.#ready || this.#inflight !== null) return;
    // Only durable events leave: an open batch's events can be read on this connection but could still roll back.
    const events = this.engine.durableEventsSince(this.#opts.officeId, this.#ackSeq, this.#opts.batchEvents);
    if (events.length === 0) {
      // Nothing left to send: the central holds all of it.
      if (this.engine.store.lastSeq(this.#opts.officeId) <= this.#ackSeq) this.#progressed();
      return;
    }
    let bytes = 0;
    let n = 0;
    for (const e of events) {
      bytes += Buffer.byteLength(JSON.stringify(e.event)) + 32;
      if (n > 0 && bytes > this.#budget) break;
      n++;
    }
    this.#inflight = ++this.#batch;
    this.#inflightFrom = events[0]!.seq;
    this.#send({ type: 'sync_events', batch: this.#inflight, events: events.slice(0, n).map((e) => ({ seq: e.seq, event: e.event })) });
  }

  /**
   * Configuration from the central, applied as if an admin here had made it (validated, audited,
   * live): all its changes in one transaction, each on the state the previous left, or — one
   * refused — none. The answer is stored with it: a push sent again because its answer was lost
   * with the link is answered again, not applied over what was edited here since. A push made
   * before the central had this office's own later change to one of the things it changes (after
   * `basedOnSeq`) is refused whole: whoever pushed did not see that change, and it would be lost
   * without a word; pushed again once the central has it, it applies.
   */
  #applyPush(pushId: string, changes: ConfigPushChange[], basedOnSeq: number | null): void {
    const officeId = this.#opts.officeId;
    const store = this.engine.store;
    const answered = store.appliedConfigPush(pushId);
    if (answered) {
      // After the commit: the answer read may be in a batch still open (the first delivery's), which could yet fail.
      this.engine.afterCommit((ok) =>
        this.#send({ type: 'config_push_result', pushId, ok: ok && answered.ok, error: ok ? answered.error : 'could not save', refusal: ok ? answered.refusal : null }),
      );
      return;
    }
    const users: string[] = [];
    let events: SequencedEvent[];
    try {
      if (basedOnSeq !== null) {
        const unseen = unseenLocalEdits(store.configEditsAfter(officeId, basedOnSeq), changes);
        if (unseen.length > 0) {
          const ids = [...new Set(unseen.map((u) => u.id))].join(', ');
          throw refused({ reason: 'changed_at_office', changes: ids }, `not applied: changed at this office after the push was made (push again with overwrite to replace): ${unseen.map((u) => u.text).join('; ')}`);
        }
      }
      events = this.engine.executeAll(officeId, [
        ...changes.map((change) => {
          const audit = (target: string, after: unknown) => ({ extraWrites: () => store.audit(officeId, this.engine.clock(), CENTRAL_ACTOR, `central_${change.kind}`, target, null, after) });
          switch (change.kind) {
            case 'service':
              return { decide: (s: OfficeState, c: Ctx) => upsertService(s, change.service, CENTRAL_ACTOR, c), meta: audit(change.service.id, change.service) };
            case 'group':
              return { decide: (s: OfficeState, c: Ctx) => upsertGroup(s, change.group, CENTRAL_ACTOR, c), meta: audit(change.group.id, change.group) };
            case 'counter':
              return { decide: (s: OfficeState, c: Ctx) => upsertCounter(s, change.counter, CENTRAL_ACTOR, c), meta: audit(change.counter.id, change.counter) };
            case 'user': {
              const { passwordHash, ...rest } = change.user;
              users.push(rest.id);
              return {
                // A user disabled from the central leaves no counter held and no callback claimed in their name here either (SPEC A8, F3).
                decide: (s: OfficeState, c: Ctx) => (rest.active ? [] : releaseWorkOf(s, rest.id, store.callbacksClaimedBy(officeId, rest.id), CENTRAL_ACTOR, c)),
                meta: {
                  extraWrites: () => {
                    store.upsertPushedUser({ ...rest, officeId }, passwordHash, this.engine.clock());
                    store.audit(officeId, this.engine.clock(), CENTRAL_ACTOR, 'central_user', rest.id, null, rest);
                  },
                },
              };
            }
          }
        }),
        // The answer is stored with the push, in its transaction.
        { decide: () => [], meta: { extraWrites: () => store.recordConfigPush(pushId, officeId, { ok: true, error: null, refusal: null }, this.engine.clock()) } },
      ]);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // A refusal of the office's rules (nothing of the push was applied) is the answer every time it
      // is asked; a failure of this hub (its disk) is not stored: a push sent again is tried again.
      if (error instanceof HubError) {
        try {
          store.transaction(() => store.recordConfigPush(pushId, officeId, { ok: false, error: message, refusal: refusalOf(error) }, this.engine.clock()));
        } catch {
          // Not even that could be written: the central still hears the refusal.
        }
      }
      this.engine.afterCommit(() => this.#send({ type: 'config_push_result', pushId, ok: false, error: message, refusal: refusalOf(error) }));
      return;
    }
    this.#opts.publish(events);
    this.engine.afterCommit((ok) => {
      if (ok) for (const id of users) this.#opts.userChanged(id);
      this.#send({ type: 'config_push_result', pushId, ok, error: ok ? null : 'could not save' });
    });
  }
}
