import {
  ErrorCode,
  HubError,
  MAX_MESSAGE_BYTES,
  PROTOCOL_VERSION,
  parseRequest,
  type Device,
  type HubStatus,
  type ParsedRequest,
  type Principal,
  type SequencedEvent,
} from '@turnero/protocol';
import type { AuthService } from '../auth/auth-service.ts';
import { devicePrincipal } from '../auth/auth-service.ts';
import { newStatusToken } from '../auth/tokens.ts';
import * as cmd from '../domain/commands.ts';
import { newCallback } from '../domain/followups.ts';
import { queueStats } from '../domain/office-state.ts';
import type { HubPrinting } from '../printing/hub-printing.ts';
import { deviceHandlers } from './device-handlers.ts';
import { followupHandlers } from './followup-handlers.ts';
import { configHandlers } from './config-handlers.ts';
import { SignalRelay } from './signal-relay.ts';
import { centralHandlers, targetOffice } from './central-handlers.ts';
import type { SyncServer } from '../sync/sync-server.ts';
import { issueResult } from './issue-result.ts';
import type { OfficeEngine } from '../office-engine.ts';
import type { ClientSocket, ConnectionAcceptor, ConnectionHandlers } from '../transport/socket.ts';
import { audienceOf, visibleEvents } from './audience.ts';
import { Broadcaster } from './broadcaster.ts';
import { Connection } from './connection.ts';
import { allowed } from './permissions.ts';
import { queueHandlers, type HandlerResult } from './queue-handlers.ts';
import { AttemptLimiter, TokenBucket } from './rate-limit.ts';
import { buildSnapshot } from './snapshot.ts';

export interface GatewayOptions {
  /** Resume by replaying at most this many events; more means a fresh snapshot. */
  resumeLimit: number;
  /** Failed sign-ins or pairings per address before RATE_LIMITED. */
  maxAuthFailures: number;
  log: (line: string) => void;
}

/** A configuration change: subscribers get a fresh snapshot rather than the event (live, and on a resume that missed one). */
/** An internal error's words, by what the failed request left written. */
function internalErrorMessage(left: 'saved' | 'unknown' | 'nothing'): string {
  if (left === 'saved') return 'internal error after the change was saved: it is shown to everyone; look before trying again';
  if (left === 'unknown') return 'internal error; the change may have been saved: look before trying again';
  return 'internal error; nothing was changed';
}

const changesCatalog = (e: SequencedEvent): boolean => e.event.type === 'config_changed';
/** How often the printers the hub prints on are asked for their state between prints. */
const PRINTER_CHECK_MS = 30_000;
/** How often signed-in people's sessions are looked at again without a request of theirs. */
const SESSION_CHECK_MS = 30_000;

/**
 * Turns client messages into hub actions: parses every frame, checks hello, identity and role,
 * runs the command, replies, then broadcasts what it committed (SPEC P1, P2).
 */
export class Gateway implements ConnectionAcceptor {
  readonly broadcaster: Broadcaster;
  readonly #connections = new Set<Connection>();
  /** Offices whose subscribers get a fresh snapshot once the batch being published has gone out. */
  readonly #snapshotsDue = new Set<string>();
  readonly #onlineDevices = new Map<string, number>();
  /** Failed sign-ins per address and name (pairing: per address), and per address whatever the name. */
  readonly #authFailures: AttemptLimiter;
  readonly #addressFailures: AttemptLimiter;
  /** Each device's ticket-issuing budget (SPEC P3): per device, not per socket. */
  readonly #issueBuckets = new Map<string, { rate: number; bucket: TokenBucket }>();
  readonly #queue;
  readonly #devices;
  readonly #followups;
  readonly #config;
  readonly #sessionCheck: ReturnType<typeof setInterval>;
  readonly #printerCheck: ReturnType<typeof setInterval>;
  readonly #signals: SignalRelay;
  readonly #central;
  /** Set on a central hub: the office sync endpoint. */
  syncServer: SyncServer | null = null;
  /** The hub's housekeeping (daily copies, forwarding), set by the composition root. */
  hubStatus: () => HubStatus = () => ({ backups: null, sync: null });

  constructor(
    readonly engine: OfficeEngine,
    readonly auth: AuthService,
    printing: HubPrinting,
    readonly opts: GatewayOptions,
  ) {
    this.broadcaster = new Broadcaster((officeId) => queueStats(engine.state(officeId), engine.clock()), engine.clock);
    this.#authFailures = new AttemptLimiter(opts.maxAuthFailures, 10 * 60_000);
    this.#addressFailures = new AttemptLimiter(opts.maxAuthFailures * 3, 10 * 60_000);
    this.#queue = queueHandlers(engine);
    this.#devices = deviceHandlers(engine, printing, (officeId) => this.devices(officeId));
    this.#followups = followupHandlers(engine);
    this.#config = configHandlers(engine);
    this.#signals = new SignalRelay(engine, () => this.#connections);
    this.#central = centralHandlers(engine, () => this.syncServer);
    // Sessions end without a request on the connection (expiry, a change made elsewhere): looked at
    // again now and then, so an idle desk stops receiving the office's events.
    this.#sessionCheck = setInterval(() => this.recheckSessions(), SESSION_CHECK_MS);
    this.#sessionCheck.unref();
    this.#printerCheck = setInterval(() => void this.checkHubPrinters(), PRINTER_CHECK_MS);
    this.#printerCheck.unref();
  }

  #checkingPrinters = false;

  /** Looks at the printers the hub prints on for kiosks and publishes their changed health (see deviceHandlers.checkPrinters). */
  async checkHubPrinters(): Promise<void> {
    if (this.#checkingPrinters) return;
    this.#checkingPrinters = true;
    try {
      for (const officeId of this.engine.officeIds()) {
        const events = await this.#devices.checkPrinters(officeId, (id) => this.isDeviceOnline(id));
        this.publishCommitted(events);
      }
    } catch (error) {
      this.opts.log(`printer check failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.#checkingPrinters = false;
    }
  }

  /**
   * Drops every connection signed in as a person (all, or `userId`'s) whose session has ended —
   * expired, signed out elsewhere, user disabled, password reset — or whose role or office changed
   * since it signed in. The socket is closed (4001): the client reconnects, and its stored token
   * either signs it in again with its current rights or is refused and the app asks for a sign-in.
   */
  recheckSessions(userId?: string): void {
    for (const c of this.#connections) {
      const p = c.principal;
      if (p?.kind !== 'user' || (userId !== undefined && p.id !== userId) || c.sessionToken === null) continue;
      let why: string | null = null;
      try {
        const now = this.auth.session(c.sessionToken).principal;
        if (now.role !== p.role || now.officeId !== p.officeId) why = 'access changed: sign in again';
      } catch (error) {
        why = error instanceof HubError ? error.message : 'session ended';
      }
      if (why === null) continue;
      this.#signOut(c);
      c.socket.close(4001, why.slice(0, 120));
    }
  }

  get connectionCount(): number {
    return this.#connections.size;
  }

  accept(socket: ClientSocket): ConnectionHandlers {
    const conn = new Connection(socket);
    this.#connections.add(conn);
    return {
      onMessage: (text, bytes) => {
        conn.queue.push({ text, bytes });
        if (!conn.busy) void this.#drain(conn);
      },
      onClose: () => this.#onClose(conn),
    };
  }

  close(): void {
    clearInterval(this.#sessionCheck);
    clearInterval(this.#printerCheck);
    this.broadcaster.close();
    for (const c of this.#connections) c.socket.close(1001, 'hub shutting down');
  }

  isDeviceOnline(deviceId: string): boolean {
    return (this.#onlineDevices.get(deviceId) ?? 0) > 0;
  }

  devices(officeId: string): Device[] {
    return this.engine.store.devicesOf(officeId).map(({ tokenHash: _t, ...d }) => ({ ...d, online: this.isDeviceOnline(d.id) }));
  }

  async #drain(conn: Connection): Promise<void> {
    conn.busy = true;
    try {
      while (conn.queue.length > 0 && !conn.closed) {
        const { text, bytes } = conn.queue.shift()!;
        const pending = this.#handle(conn, text, bytes);
        if (pending) await pending;
      }
    } finally {
      conn.busy = false;
    }
  }

  /** Handles one frame; returns a promise only when the handler is asynchronous. */
  #handle(conn: Connection, text: string | null, bytes: number): Promise<void> | undefined {
    if (text === null) return void this.#send(conn, { type: 'error', id: null, code: ErrorCode.INVALID_MESSAGE, message: 'binary frames are not accepted' });
    if (bytes > MAX_MESSAGE_BYTES) {
      return void this.#send(conn, { type: 'error', id: null, code: ErrorCode.MESSAGE_TOO_LARGE, message: `message over ${MAX_MESSAGE_BYTES} bytes` });
    }
    const parsed = parseRequest(text);
    if (!parsed.ok) return void this.#send(conn, { type: 'error', id: parsed.id, code: parsed.code, message: parsed.message, details: parsed.details });
    const req = parsed.request;
    const mark = this.engine.writeCount;
    // What the request writes while it runs synchronously is its own. Once it waits (an asynchronous
    // handler), others may write meanwhile: then only "nothing at all was written" is known.
    const written: SequencedEvent[] = [];
    try {
      const out = this.engine.collectWrites(written, () => this.#dispatch(conn, req));
      if (out instanceof Promise) return out.then((r) => this.#reply(conn, req.id, r), (e: unknown) => this.#fail(conn, req.id, e, this.engine.writeCount === mark ? [] : undefined));
      this.#reply(conn, req.id, out);
    } catch (error) {
      this.#fail(conn, req.id, error, written);
    }
    return undefined;
  }

  /**
   * Queues a message behind the open commit batch, so a reply never overtakes the write it reports.
   * `durableOnly`: state read while the batch was open (a snapshot, replayed events) is dropped if the
   * batch is refused, since it may show writes that were rolled back.
   */
  #send(conn: Connection, message: unknown, durableOnly = false): void {
    const text = JSON.stringify(message);
    this.engine.afterCommit((committed) => {
      if (!conn.closed && (committed || !durableOnly)) conn.socket.send(text);
    });
  }

  /** The reply once its writes are durable, then the broadcast (SPEC P1); an error if the batch failed to commit. */
  #reply(conn: Connection, id: string, result: HandlerResult): void {
    const events = result.events ?? [];
    const text = JSON.stringify({ type: 'result', id, data: result.data });
    this.engine.afterCommit((committed) => {
      if (conn.closed) {
        if (committed && events.length) this.#publish(events);
        return;
      }
      if (!committed) {
        // Its own writes (events or not: a login's session row) or what it read were in the refused batch.
        conn.socket.send(JSON.stringify({ type: 'error', id, code: ErrorCode.INTERNAL, message: 'could not save; nothing was changed' }));
        return;
      }
      conn.socket.send(text);
      if (events.length) this.#publish(events);
    });
  }

  /** For events committed outside a client request (configuration pushed by the central): fan out once durable. */
  publishCommitted(events: SequencedEvent[]): void {
    if (events.length) this.engine.afterCommit((committed) => committed && this.#publish(events));
  }

  /**
   * Fans events out; after a configuration change every subscriber of the office gets a fresh
   * snapshot — once the whole batch's events have gone out (a microtask after the commit's
   * callbacks). Sent at once, it would already hold the commands that followed the change in the
   * same batch, whose events would then arrive behind it and be dropped as already seen: a call
   * among them would be on the display's list but never announced.
   */
  #publish(events: SequencedEvent[]): void {
    this.broadcaster.publish(events);
    const offices = events.filter(changesCatalog).map((e) => e.officeId);
    if (offices.length === 0) return;
    if (this.#snapshotsDue.size === 0) this.#sendSnapshotsSoon();
    for (const officeId of offices) this.#snapshotsDue.add(officeId);
  }

  /** After the current turn's callbacks; if a batch is open by then, after it commits (a snapshot shows only durable state). */
  #sendSnapshotsSoon(): void {
    queueMicrotask(() => {
      if (this.engine.store.db.inTransaction) this.engine.afterCommit(() => this.#sendSnapshotsSoon());
      else this.#sendDueSnapshots();
    });
  }

  #sendDueSnapshots(): void {
    const offices = [...this.#snapshotsDue];
    this.#snapshotsDue.clear();
    for (const officeId of offices) {
      const seq = this.engine.store.lastSeq(officeId);
      for (const c of this.#connections) {
        if (c.subscription?.officeId !== officeId || c.closed) continue;
        const snapshot = buildSnapshot(this.engine.state(officeId), c.subscription.audience, this.engine.clock(), () => this.devices(officeId));
        c.socket.send(JSON.stringify({ type: 'snapshot', seq, snapshot }));
      }
    }
  }

  /**
   * A refused or failed request. What it wrote before it failed commits with its batch all the same —
   * on purpose (a failed print, recorded and named in the error's `events`), or because the handler
   * threw after its command (`written`: what a synchronous request wrote; undefined: not known, an
   * asynchronous one that others may have written beside): it is published after the commit, and an
   * internal error says whether the change may have been saved instead of claiming nothing was.
   */
  #fail(conn: Connection, id: string, error: unknown, written: SequencedEvent[] | undefined): void {
    const attached = (error as { events?: SequencedEvent[] } | null)?.events;
    const events = Array.isArray(attached) ? attached : (written ?? []);
    if (events.length) this.engine.afterCommit((committed) => committed && this.#publish(events));
    if (error instanceof HubError) {
      this.#send(conn, { type: 'error', id, code: error.code, message: error.message, details: error.details });
      return;
    }
    this.opts.log(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    this.#send(conn, { type: 'error', id, code: ErrorCode.INTERNAL, message: internalErrorMessage(events.length > 0 ? 'saved' : written === undefined ? 'unknown' : 'nothing') });
  }

  #dispatch(conn: Connection, req: ParsedRequest): HandlerResult | Promise<HandlerResult> {
    if (!conn.hello && req.type !== 'hello') throw new HubError(ErrorCode.PROTOCOL_VERSION, 'send hello first');
    // A client's liveness probe: answered as it is, before anything that could act on the connection (an ended session's sign-out).
    if (req.type === 'ping') return { data: {} };
    if (conn.principal?.kind === 'user' && conn.sessionExpiresAt <= this.engine.clock() && req.type !== 'auth_session' && req.type !== 'login') {
      this.#signOut(conn);
      throw new HubError(ErrorCode.SESSION_EXPIRED, 'session expired: sign in again');
    }
    if (!allowed(req.type, conn.principal)) {
      throw new HubError(conn.principal ? ErrorCode.FORBIDDEN : ErrorCode.NOT_AUTHENTICATED, conn.principal ? `${conn.principal.role} may not ${req.type}` : `sign in before ${req.type}`);
    }
    const p = conn.principal as Principal;
    const authed = conn as Connection & { principal: Principal };
    switch (req.type) {
      case 'hello':
        if (req.payload.protocolVersion !== PROTOCOL_VERSION) {
          throw new HubError(ErrorCode.PROTOCOL_VERSION, `hub speaks protocol ${PROTOCOL_VERSION}, client ${req.payload.protocolVersion}`);
        }
        conn.hello = true;
        return { data: { protocolVersion: PROTOCOL_VERSION, serverTime: this.engine.clock() } };
      case 'login':
        return this.#guarded(conn, `user:${req.payload.username.toLowerCase()}`, async () => {
          const r = await this.auth.login(req.payload.username, req.payload.password);
          this.#setPrincipal(conn, r.principal, r.token, r.expiresAt);
          return { data: r };
        });
      case 'auth_session': {
        const s = this.auth.session(req.payload.token);
        this.#setPrincipal(conn, s.principal, req.payload.token, s.expiresAt);
        return { data: s };
      }
      case 'auth_device': {
        const d = this.auth.device(req.payload.token);
        const principal = devicePrincipal(d);
        const events = this.#setPrincipal(conn, principal, null, Number.POSITIVE_INFINITY);
        return { data: { principal }, events };
      }
      case 'pair_device':
        return this.#guarded(conn, 'pairing', () => {
          const r = this.auth.pairDevice(req.payload.code, req.payload.name);
          const principal = devicePrincipal(r.device);
          const events = this.#setPrincipal(conn, principal, null, Number.POSITIVE_INFINITY);
          return { data: { token: r.token, principal }, events: [...r.events, ...events] };
        });
      case 'logout': {
        const user = conn.principal?.kind === 'user' ? conn.principal.id : null;
        if (conn.sessionToken) this.auth.logout(conn.sessionToken);
        this.#signOut(conn);
        // The same session open on another screen ends with it.
        if (user !== null) this.recheckSessions(user);
        return { data: {} };
      }
      case 'subscribe':
        return this.#subscribe(authed, req.payload.since, targetOffice(this.engine, p, req.payload.officeId));
      case 'issue_ticket':
        return this.#issue(authed, req.payload);
      case 'request_callback':
        return this.#requestCallback(authed, req.payload);
      case 'report_print':
        return this.#devices.report_print(p, req.payload);
      case 'report_health':
        return this.#devices.report_health(p, req.payload);
      case 'create_pairing_code':
        return { data: this.auth.createPairingCode(p.officeId, req.payload, p.id) };
      case 'revoke_device': {
        const d = this.engine.store.deviceById(req.payload.deviceId);
        if (!d || d.officeId !== p.officeId) throw new HubError(ErrorCode.NOT_FOUND, 'no such device');
        const now = this.engine.clock();
        // Revoked already: nothing more to record.
        const events = d.revoked ? [] : this.engine.execute(p.officeId, () => [{ type: 'device_revoked', at: now, deviceId: d.id }], {
          extraWrites: () => this.engine.store.revokeDevice(d.id, now),
        });
        // Signed out before the close: a socket that ignores the close frame (a stolen kiosk) can do nothing meanwhile.
        for (const c of this.#connections) {
          if (c.principal?.kind !== 'device' || c.principal.id !== d.id) continue;
          this.#signOut(c);
          c.socket.close(4001, 'device revoked');
        }
        return { data: {}, events };
      }
      case 'list_devices':
        return { data: { devices: this.devices(p.officeId) } };
      case 'configure_device':
        return this.#devices.configure_device(p, req.payload);
      case 'print_ticket':
        return this.#devices.print_ticket(p, req.payload);
      case 'print_callback_receipt':
        return this.#devices.print_callback_receipt(p, req.payload);
      case 'signal':
        return { data: this.#signals.relay(p, req.payload.ticketId, req.payload.data) };
      case 'rate_ticket':
        return this.#followups.rate_ticket(p, req.payload);
      case 'customer_history':
        return this.#followups.customer_history(p, req.payload);
      case 'my_day':
        return this.#followups.my_day(p);
      case 'list_callbacks':
        return this.#followups.list_callbacks(p, req.payload);
      case 'claim_callback':
        return this.#followups.claim_callback(p, req.payload);
      case 'release_callback':
        return this.#followups.release_callback(p, req.payload);
      case 'record_callback_attempt':
        return this.#followups.record_callback_attempt(p, req.payload);
      case 'list_cases':
        return this.#followups.list_cases(p, req.payload);
      case 'record_case_followup':
        return this.#followups.record_case_followup(p, req.payload);
      case 'upsert_service':
        return this.#config.upsert_service(p, req.payload);
      case 'upsert_service_group':
        return this.#config.upsert_service_group(p, req.payload);
      case 'upsert_counter':
        return this.#config.upsert_counter(p, req.payload);
      case 'set_office_settings':
        return this.#config.set_office_settings(p, req.payload);
      case 'list_users':
        return this.#config.list_users(p);
      case 'upsert_user':
        return this.#config.upsert_user(p, req.payload, conn.sessionToken).then((r) => {
          // A user disabled, demoted or given a new password loses what their open screens could do.
          if (req.payload.id) this.recheckSessions(req.payload.id);
          return r;
        });
      case 'list_audit':
        return this.#config.list_audit(p, req.payload);
      case 'report':
        return this.#config.report(p, { ...req.payload, officeId: targetOffice(this.engine, p, req.payload.officeId) });
      case 'create_office_link':
        return this.#central.create_office_link(p, req.payload);
      case 'offices_overview':
        return this.#central.offices_overview(p);
      case 'push_config':
        return this.#central.push_config(p, req.payload);
      case 'config_pushes':
        return this.#central.config_pushes(p, req.payload);
      case 'hub_status':
        return { data: this.hubStatus() };
      default:
        return (this.#queue[req.type] as (c: typeof authed, payload: unknown) => HandlerResult)(authed, req.payload);
    }
  }

  /**
   * Sign-in and pairing: refused for a while after too many failures for one `subject` (a user name,
   * or pairing) from one address, or three times as many from that address whatever the subject. Not
   * the address alone: everyone behind an office's router or a reverse proxy shares one, and one
   * person's typos must not lock the others out.
   */
  async #guarded(conn: Connection, subject: string, fn: () => HandlerResult | Promise<HandlerResult>): Promise<HandlerResult> {
    const address = conn.socket.remoteAddress;
    const key = `${address}\n${subject}`;
    const now = this.engine.clock();
    if (!this.#addressFailures.begin(address, now)) throw new HubError(ErrorCode.RATE_LIMITED, 'too many failed attempts; wait a few minutes');
    if (!this.#authFailures.begin(key, now)) {
      this.#addressFailures.end(address, now, false);
      throw new HubError(ErrorCode.RATE_LIMITED, 'too many failed attempts; wait a few minutes');
    }
    let failed = false;
    try {
      return await fn();
    } catch (error) {
      failed = error instanceof HubError && (error.code === ErrorCode.INVALID_CREDENTIALS || error.code === ErrorCode.INVALID_PAIRING_CODE);
      throw error;
    } finally {
      this.#authFailures.end(key, this.engine.clock(), failed);
      this.#addressFailures.end(address, this.engine.clock(), failed);
    }
  }

  #setPrincipal(conn: Connection, principal: Principal, sessionToken: string | null, expiresAt: number): SequencedEvent[] {
    this.#signOut(conn);
    conn.principal = principal;
    conn.sessionToken = sessionToken;
    conn.sessionExpiresAt = expiresAt;
    this.#signals.flush(conn);
    // NOTE: a person's counter is not kept here: the office state's sessions say who holds which (SPEC A1).
    if (principal.kind === 'user') return [];
    const n = (this.#onlineDevices.get(principal.id) ?? 0) + 1;
    this.#onlineDevices.set(principal.id, n);
    return n === 1 ? this.#deviceOnline(principal, true) : [];
  }

  #deviceOnline(principal: Principal, online: boolean): SequencedEvent[] {
    const now = this.engine.clock();
    const row = this.engine.store.deviceById(principal.id);
    if (!row) return [];
    return this.engine.execute(principal.officeId, () => [{ type: 'device_health', at: now, deviceId: principal.id, online, health: row.health }], {
      extraWrites: () => this.engine.store.touchDevice(principal.id, now),
    });
  }

  #signOut(conn: Connection): void {
    const p = conn.principal;
    if (conn.subscription) this.broadcaster.remove(conn.subscription.officeId, conn.subscription.audience, conn.socket);
    conn.subscription = null;
    conn.principal = null;
    conn.sessionToken = null;
    conn.sessionExpiresAt = Number.POSITIVE_INFINITY;
    if (p?.kind === 'device') {
      const n = (this.#onlineDevices.get(p.id) ?? 1) - 1;
      if (n > 0) this.#onlineDevices.set(p.id, n);
      else {
        this.#onlineDevices.delete(p.id);
        try {
          const events = this.#deviceOnline(p, false);
          this.engine.afterCommit((committed) => committed && this.broadcaster.publish(events));
        } catch (error) {
          this.opts.log(`could not record device ${p.id} offline: ${String(error)}`);
        }
      }
    }
  }

  #onClose(conn: Connection): void {
    conn.closed = true;
    this.#signOut(conn);
    this.#connections.delete(conn);
  }

  /**
   * Snapshot, or the missed events when resuming (SPEC P4); then live events and stats. The order on
   * the wire is what the client relies on (it drops an event whose sequence it has passed): missed
   * events are durable and go out at once, ahead of anything the open batch will publish; a snapshot
   * may show the open batch's writes, so it goes out once they are durable, and only then does the
   * socket join the fan-out (what the batch published before that is in the snapshot). A resume that
   * missed a configuration change gets a snapshot, as a live subscriber does. If the batch fails, the
   * subscription is dropped and the socket closed: the client reconnects and subscribes again.
   */
  #subscribe(conn: Connection & { principal: Principal }, since: number | undefined, officeId: string): HandlerResult {
    const audience = audienceOf(conn.principal);
    // Everything read first: a read that fails leaves the connection's subscription as it was.
    const last = this.engine.store.lastSeq(officeId);
    const missed = since !== undefined && since <= last ? this.engine.durableEventsSince(officeId, since, this.opts.resumeLimit + 1) : null;
    const replay = missed && missed.length <= this.opts.resumeLimit && !missed.some(changesCatalog) ? missed : null;
    const snapshot = replay ? null : JSON.stringify({ type: 'snapshot', seq: last, snapshot: buildSnapshot(this.engine.state(officeId), audience, this.engine.clock(), () => this.devices(officeId)) });
    if (conn.subscription) this.broadcaster.remove(conn.subscription.officeId, conn.subscription.audience, conn.socket);
    const subscription = { officeId, audience };
    conn.subscription = subscription;
    const current = () => !conn.closed && conn.subscription === subscription;
    if (snapshot === null) {
      // What this audience is sent live, and nothing more (a hall display never gets the tickets with their phones).
      const visible = visibleEvents[audience];
      for (const e of replay ?? []) if (visible.has(e.event.type)) conn.socket.send(JSON.stringify({ type: 'event', seq: e.seq, event: e.event }));
      this.broadcaster.add(officeId, audience, conn.socket);
    } else {
      this.engine.afterCommit((committed) => {
        if (!committed || !current()) return;
        conn.socket.send(snapshot);
        this.broadcaster.add(officeId, audience, conn.socket);
      });
    }
    this.engine.afterCommit((committed) => {
      if (!current()) return;
      if (committed) return this.broadcaster.sendStats(officeId, conn.socket);
      this.broadcaster.remove(officeId, audience, conn.socket);
      conn.subscription = null;
      conn.socket.close(1013, 'could not subscribe: reconnect');
    });
    return { data: { seq: last } };
  }

  /** A device's issuing budget, one per device however many sockets it opens (rebuilt when the office's rate changes). */
  #rateLimit(conn: Connection): void {
    const p = conn.principal;
    if (p?.kind !== 'device') return;
    const rate = this.engine.state(p.officeId).settings.issueRatePerMinute;
    let held = this.#issueBuckets.get(p.id);
    if (!held || held.rate !== rate) this.#issueBuckets.set(p.id, (held = { rate, bucket: new TokenBucket(Math.max(3, Math.ceil(rate / 6)), rate, this.engine.clock()) }));
    if (!held.bucket.take(this.engine.clock())) throw new HubError(ErrorCode.RATE_LIMITED, 'too many requests from this kiosk; wait a moment');
  }

  /** A kiosk's ticket: idempotent per device and key (SPEC P3), rate-limited per device. */
  #issue(conn: Connection & { principal: Principal }, p: Extract<ParsedRequest, { type: 'issue_ticket' }>['payload']): HandlerResult {
    const officeId = conn.principal.officeId;
    const state = this.engine.state(officeId);
    const previousId = state.issuedKeys.get(conn.principal.id, p.idempotencyKey);
    const previous = previousId === null ? null : this.engine.store.ticketById(previousId);
    if (previous) return { data: issueResult(state, state.active.get(previous.ticket.id) ?? previous.ticket, previous.statusToken) };
    this.#rateLimit(conn);
    const statusToken = newStatusToken(this.engine.clock());
    const events = this.engine.execute(officeId, (s, c) => cmd.issueTicket(s, { serviceId: p.serviceId, preferentialClass: p.preferentialClass, accountNumber: p.accountNumber, phone: p.phone ?? null, deviceId: conn.principal.id }, c), {
      ticket: { statusToken, deviceId: conn.principal.id, idempotencyKey: p.idempotencyKey },
    });
    const issued = events[0]?.event;
    if (issued?.type !== 'ticket_issued') throw new HubError(ErrorCode.INTERNAL, 'issue produced no ticket');
    return { data: issueResult(state, issued.ticket, statusToken, true), events };
  }

  #requestCallback(conn: Connection & { principal: Principal }, p: Extract<ParsedRequest, { type: 'request_callback' }>['payload']): HandlerResult {
    const officeId = conn.principal.officeId;
    const previous = this.engine.store.callbackByIdempotencyKey(conn.principal.id, p.idempotencyKey);
    if (previous) return { data: { callback: previous } };
    this.#rateLimit(conn);
    const state = this.engine.state(officeId);
    if (p.serviceId !== null && !state.services.has(p.serviceId)) throw new HubError(ErrorCode.NOT_FOUND, `no service ${p.serviceId}`);
    const events = this.engine.execute(
      officeId,
      (_s, c) => {
        const callback = newCallback({ officeId, serviceId: p.serviceId, name: p.name, phone: p.phone, reason: p.reason, accountNumber: p.accountNumber ?? null, source: 'kiosk' }, c);
        return [{ type: 'callback_requested', at: c.now, callback }];
      },
      { callback: { deviceId: conn.principal.id, idempotencyKey: p.idempotencyKey } },
    );
    const e = events[0]?.event;
    if (e?.type !== 'callback_requested') throw new HubError(ErrorCode.INTERNAL, 'callback not recorded');
    return { data: { callback: e.callback }, events };
  }
}
