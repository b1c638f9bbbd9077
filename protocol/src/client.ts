import { ErrorCode, HubError, isUnreachable } from './errors.ts';
import { parseServerMessage } from './parse.ts';
import type { RequestPayload, RequestType } from './requests.ts';
import type { OfficeSnapshot, Principal, QueueStats, ResponseData, ServerMessage } from './responses.ts';
import type { HubEvent } from './events.ts';
import { MAX_MESSAGE_BYTES, PROTOCOL_VERSION } from './version.ts';

/** The part of the WebSocket API the client uses: the browser's, or `ws` in Node. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export type Credentials = { kind: 'device'; token: string } | { kind: 'session'; token: string };
export type ConnectionState = 'connecting' | 'online' | 'offline' | 'stopped';

export interface HubClientOptions {
  url: string;
  createSocket?: (url: string) => WebSocketLike;
  credentials?: Credentials | null;
  requestTimeoutMs?: number;
  /**
   * After this long online with nothing received, the client sends a `ping`; no answer within
   * `probeTimeoutMs` means a dead link (a cut cable, a hub switched off: no close ever arrives), and the
   * client drops it, reconnects and resumes. Browsers do not show WebSocket ping frames to scripts.
   */
  livenessMs?: number;
  probeTimeoutMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Injected for tests; defaults to Math.random. */
  random?: () => number;
}

export interface SubscriptionHandlers {
  onSnapshot?: (snapshot: OfficeSnapshot, seq: number) => void;
  onEvent?: (event: HubEvent, seq: number) => void;
  onStats?: (stats: QueueStats[], at: number) => void;
  /** The hub refused to resume this subscription after a reconnect, for good (see `subscriptionError`): it is dropped. */
  onRefused?: (error: HubError) => void;
}

interface Pending {
  /** Sending order: the hub answers a connection's requests in that order. */
  order: number;
  resolve: (data: unknown) => void;
  reject: (error: HubError) => void;
  timer: ReturnType<typeof setTimeout>;
}

const OPEN = 1;
const utf8 = new TextEncoder();

/**
 * The hub refused the credentials themselves (as opposed to failing to answer or to commit): an
 * unknown, revoked or expired token, or one too malformed to check. The client then stays online
 * but anonymous (`authError`), and an app asks for new credentials.
 */
export function isAuthRefusal(error: unknown): error is HubError {
  return error instanceof HubError && (error.code === ErrorCode.INVALID_TOKEN || error.code === ErrorCode.SESSION_EXPIRED || error.code === ErrorCode.INVALID_MESSAGE);
}

/** The hub signed the connection out (its session ended): a matter for new credentials, not for the subscription. */
function isSignedOut(error: unknown): boolean {
  return error instanceof HubError && (error.code === ErrorCode.SESSION_EXPIRED || error.code === ErrorCode.NOT_AUTHENTICATED);
}

/** A refusal worth trying again after a reconnect: no answer, or the hub could not commit (INTERNAL). */
function isTransient(error: unknown): boolean {
  return isUnreachable(error) || (error instanceof HubError && error.code === ErrorCode.INTERNAL);
}

/**
 * A hub connection that says hello, authenticates, subscribes, and on any drop reconnects with
 * jittered backoff and resumes its subscription from the last sequence number it saw.
 */
export class HubClient {
  state: ConnectionState = 'offline';
  principal: Principal | null = null;
  /** The last authentication error (bad or expired token), until a later one succeeds. */
  authError: HubError | null = null;
  /**
   * Why the hub refused the last handshake, other than over credentials — above all PROTOCOL_VERSION
   * (this app and the hub speak different versions: one of them must be updated); null once online.
   * The client keeps retrying with backoff meanwhile, as the hub may be put back.
   */
  refusal: HubError | null = null;
  /**
   * Why the hub refused the subscription for good (FORBIDDEN: no longer allowed to look into that
   * office; NOT_FOUND: the office is gone): the client dropped it and stays online without it, so
   * that the app can say so and its user can still act (sign out). Cleared by the next subscribe.
   */
  subscriptionError: HubError | null = null;
  lastSeq = 0;

  readonly #opts: Required<Omit<HubClientOptions, 'credentials' | 'createSocket'>> & { createSocket: (url: string) => WebSocketLike };
  #credentials: Credentials | null;
  #socket: WebSocketLike | null = null;
  #pending = new Map<string, Pending>();
  #nextId = 1;
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** Until the socket opens (a connection attempt), then until the next liveness check. */
  #linkTimer: ReturnType<typeof setTimeout> | null = null;
  /** Frames received on the current socket, and when the last one came. */
  #heard = 0;
  #lastHeardAt = 0;
  #subscription: SubscriptionHandlers | null = null;
  #subscribedOffice: string | undefined = undefined;
  #stateListeners = new Set<(state: ConnectionState) => void>();
  #signalListeners = new Set<(signal: Extract<ServerMessage, { type: 'signal' }>) => void>();
  #onlineWaiters = new Set<() => void>();
  /** requestIdempotent's waits between tries: each leaves when it ends; stop() ends them. */
  #retryWaits = new Set<() => void>();

  constructor(opts: HubClientOptions) {
    const createSocket =
      opts.createSocket ??
      ((url: string) => {
        const Ctor = (globalThis as { WebSocket?: new (url: string) => WebSocketLike }).WebSocket;
        if (!Ctor) throw new Error('no WebSocket implementation: pass createSocket');
        return new Ctor(url);
      });
    this.#opts = {
      url: opts.url,
      createSocket,
      requestTimeoutMs: opts.requestTimeoutMs ?? 10_000,
      livenessMs: opts.livenessMs ?? 25_000,
      probeTimeoutMs: opts.probeTimeoutMs ?? 5_000,
      minBackoffMs: opts.minBackoffMs ?? 250,
      maxBackoffMs: opts.maxBackoffMs ?? 5_000,
      random: opts.random ?? Math.random,
    };
    this.#credentials = opts.credentials ?? null;
  }

  /** Starts connecting; keeps reconnecting until stop(). */
  start(): this {
    if (this.state === 'offline' && !this.#socket && !this.#retryTimer) this.#connect();
    return this;
  }

  stop(): void {
    this.#setState('stopped');
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    this.#clearLinkTimer();
    this.#socket?.close(1000, 'client stopped');
    this.#socket = null;
    this.#failPending(ErrorCode.CONNECTION_LOST, 'client stopped');
    // A stopped client never comes online again: nobody is left waiting for it.
    this.#onlineWaiters.clear();
    for (const wake of [...this.#retryWaits]) wake();
  }

  /** Callers waiting for the connection (whenOnline, requestIdempotent between tries). */
  get waitingForOnline(): number {
    return this.#onlineWaiters.size + this.#retryWaits.size;
  }

  /** Drops the current socket as a network failure would; the client reconnects and resumes by itself (not waiting for its close, which a dead link delays). */
  dropConnection(): void {
    if (this.#socket) this.#abandon(this.#socket, 'dropped by client');
  }

  /** Credentials used now (if connected) and on every reconnect. */
  async authenticate(credentials: Credentials | null): Promise<Principal | null> {
    this.#credentials = credentials;
    if (this.state !== 'online') return null;
    return this.#authenticate();
  }

  /** Subscribes to the principal's office (central staff may name another); resumed after every reconnect. */
  async subscribe(handlers: SubscriptionHandlers, officeId?: string): Promise<void> {
    if (officeId !== this.#subscribedOffice) this.lastSeq = 0;
    this.#subscription = handlers;
    this.#subscribedOffice = officeId;
    this.subscriptionError = null;
    if (this.state !== 'online') return;
    try {
      await this.request('subscribe', this.#subscribePayload());
    } catch (error) {
      if (this.#subscription === handlers && !isTransient(error) && !isSignedOut(error)) this.#dropSubscription(error as HubError);
      throw error;
    }
  }

  /** A subscription the hub will not give: forgotten, so that no reconnect asks for it again. */
  #dropSubscription(error: HubError): void {
    this.#subscription = null;
    this.#subscribedOffice = undefined;
    this.lastSeq = 0;
    this.subscriptionError = error;
  }

  #subscribePayload(): { since?: number; officeId?: string } {
    return { ...(this.lastSeq > 0 ? { since: this.lastSeq } : {}), ...(this.#subscribedOffice ? { officeId: this.#subscribedOffice } : {}) };
  }

  /** WebRTC signalling relayed by the hub for a video ticket. */
  onSignal(listener: (signal: Extract<ServerMessage, { type: 'signal' }>) => void): () => void {
    this.#signalListeners.add(listener);
    return () => this.#signalListeners.delete(listener);
  }

  onState(listener: (state: ConnectionState) => void): () => void {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  }

  /**
   * Resolves when online (after hello, authentication and subscription) with a socket that is open: a
   * socket still closing (a WebSocket stays CLOSING until its closing handshake ends, then reports the
   * close) counts as offline, or a retry loop waiting on this would resend at once, forever, without
   * ever letting the close through. Never resolves once the client is stopped.
   */
  whenOnline(): Promise<void> {
    if (this.state === 'online' && this.#socket?.readyState === OPEN) return Promise.resolve();
    return new Promise((resolve) => this.#onlineWaiters.add(resolve));
  }

  /**
   * Sends a request; rejects at once with OFFLINE when not connected, so nothing is promised that the
   * hub did not acknowledge, and with MESSAGE_TOO_LARGE (sending nothing) when its frame is over the
   * hub's MAX_MESSAGE_BYTES. `timeoutMs` (default: the client's `requestTimeoutMs`) is how long to wait
   * for the answer: longer for a request whose work takes longer, such as printing on the hub's printer.
   */
  request<T extends RequestType>(type: T, payload: RequestPayload<T>, opts: { timeoutMs?: number } = {}): Promise<ResponseData[T]> {
    return this.#send(type, payload, false, opts.timeoutMs) as Promise<ResponseData[T]>;
  }

  /**
   * For requests carrying an idempotencyKey: waits for the connection and resends after a drop until
   * the hub answers (or `deadlineMs` passes). The hub returns the first result for a repeated key.
   */
  async requestIdempotent<T extends RequestType>(type: T, payload: RequestPayload<T>, deadlineMs = 30_000): Promise<ResponseData[T]> {
    const deadline = Date.now() + deadlineMs;
    for (;;) {
      try {
        return await this.request(type, payload);
      } catch (error) {
        const retriable = isUnreachable(error);
        const left = deadline - Date.now();
        if (!retriable || left <= 0 || this.#stopped()) throw error;
        await this.#onlineOrAfter(Math.min(left, this.#opts.maxBackoffMs));
        if (this.#stopped()) throw error;
      }
    }
  }

  #stopped(): boolean {
    return this.state === 'stopped';
  }

  /** Resolves when online (open socket), after `ms`, or at stop(), whichever comes first; leaves nothing behind. */
  #onlineOrAfter(ms: number): Promise<void> {
    if (this.state === 'online' && this.#socket?.readyState === OPEN) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.#retryWaits.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.#retryWaits.add(wake);
    });
  }

  #send(type: string, payload: unknown, internal: boolean, timeoutMs = this.#opts.requestTimeoutMs): Promise<unknown> {
    const order = this.#nextId++;
    const id = `r${order}`;
    const frame = JSON.stringify({ id, type, payload });
    // The hub would answer an oversized frame with an error it cannot tie to a request (id null): said here, and nothing sent.
    const bytes = utf8.encode(frame).length;
    if (bytes > MAX_MESSAGE_BYTES) return Promise.reject(new HubError(ErrorCode.MESSAGE_TOO_LARGE, `${type}: ${bytes} bytes, over the hub's ${MAX_MESSAGE_BYTES}`));
    const socket = this.#socket;
    const ready = internal ? socket?.readyState === OPEN : this.state === 'online' && socket?.readyState === OPEN;
    if (!socket || !ready) return Promise.reject(new HubError(ErrorCode.OFFLINE, 'not connected to the hub'));
    const heard = this.#heard;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new HubError(ErrorCode.TIMEOUT, `${type}: no answer from the hub`));
        // NOTE: nothing at all came back since it was sent, and no request sent before it and still in its
        // time explains the wait (the hub answers a connection's requests in order: a print takes a while):
        // the link is taken for dead and dropped, so that the reconnect and the resume follow. A hub slow on
        // this one request while other frames keep arriving keeps its link.
        if (this.#heard === heard && ![...this.#pending.values()].some((p) => p.order < order)) this.#abandon(socket);
      }, timeoutMs);
      this.#pending.set(id, { order, resolve, reject, timer });
      socket.send(frame);
    });
  }

  #connect(): void {
    this.#setState('connecting');
    let socket: WebSocketLike;
    try {
      socket = this.#opts.createSocket(this.#opts.url);
    } catch {
      this.#scheduleReconnect();
      return;
    }
    this.#socket = socket;
    this.#heard = 0;
    // A connection attempt to a host that is off can hang for minutes before the browser gives up.
    this.#linkTimer = setTimeout(() => this.#abandon(socket), this.#opts.requestTimeoutMs);
    socket.onopen = () => {
      if (this.#socket !== socket) return;
      this.#clearLinkTimer();
      void this.#handshake(socket);
    };
    socket.onmessage = (ev) => {
      if (this.#socket !== socket) return;
      this.#heard++;
      this.#lastHeardAt = Date.now();
      this.#onMessage(ev.data);
    };
    socket.onerror = () => {};
    socket.onclose = () => this.#lost(socket);
  }

  /** The current socket is gone: fail what waited on it and reconnect. */
  #lost(socket: WebSocketLike): void {
    if (this.#socket !== socket) return;
    this.#socket = null;
    this.#clearLinkTimer();
    this.#failPending(ErrorCode.CONNECTION_LOST, 'connection to the hub lost');
    if (this.state !== 'stopped') this.#scheduleReconnect();
  }

  /**
   * Gives up on a socket that stopped answering, without waiting for its close: on a dead link a
   * browser reports the close only once its closing handshake times out, a minute later.
   */
  #abandon(socket: WebSocketLike, reason = 'no answer from the hub'): void {
    if (this.#socket !== socket) return;
    try {
      socket.close(4000, reason);
    } catch {
      // Closing a socket that is already going away: nothing more to do with it.
    }
    this.#lost(socket);
  }

  #clearLinkTimer(): void {
    if (this.#linkTimer) clearTimeout(this.#linkTimer);
    this.#linkTimer = null;
  }

  /** Online: checks the link once `livenessMs` pass without a frame from the hub. */
  #watchLink(socket: WebSocketLike, wait = Math.max(0, this.#lastHeardAt + this.#opts.livenessMs - Date.now())): void {
    this.#clearLinkTimer();
    this.#linkTimer = setTimeout(() => {
      this.#linkTimer = null;
      if (this.#socket !== socket || this.state !== 'online') return;
      // A socket no longer open (closing on its own) can carry no ping: let it go rather than retry at once.
      if (socket.readyState !== OPEN) return this.#abandon(socket);
      if (Date.now() - this.#lastHeardAt < this.#opts.livenessMs) return this.#watchLink(socket);
      // A request is out: its own timeout judges the link (a ping would wait behind it at the hub).
      if (this.#pending.size > 0) return this.#watchLink(socket, this.#opts.livenessMs);
      // Any answer, an error too, shows the link alive; none drops it (the ping's timeout, above).
      const again = () => void (this.#socket === socket && this.state === 'online' && this.#watchLink(socket));
      this.#send('ping', {}, true, this.#opts.probeTimeoutMs).then(again, again);
    }, wait);
  }

  async #handshake(socket: WebSocketLike): Promise<void> {
    try {
      await this.#send('hello', { protocolVersion: PROTOCOL_VERSION }, true);
      if (this.#credentials) {
        try {
          await this.#authenticate(true);
        } catch (error) {
          // The hub refused the credentials themselves: online but anonymous, so that the app pairs or signs in again.
          if (!isAuthRefusal(error)) throw error;
          this.#online(socket);
          return;
        }
      }
      const handlers = this.#subscription;
      if (handlers && this.principal) {
        try {
          await this.#send('subscribe', this.#subscribePayload(), true);
        } catch (error) {
          if (isTransient(error) || this.#socket !== socket) throw error;
          if (isSignedOut(error)) {
            // The session ended between signing in and subscribing: online but anonymous, as for refused credentials.
            this.authError = error as HubError;
            this.principal = null;
          } else {
            // Refused for good: said once and dropped, instead of reconnecting forever with every request failing OFFLINE.
            this.#dropSubscription(error as HubError);
            handlers.onRefused?.(error as HubError);
          }
        }
      }
      this.#online(socket);
    } catch (error) {
      // Not answered (the socket's close handler schedules the reconnect) or refused for another reason
      // (the hub could not commit, a timeout, another protocol version): start over, with backoff.
      if (this.#socket !== socket) return;
      if (error instanceof HubError && !isUnreachable(error)) this.refusal = error;
      if (socket.readyState === OPEN) socket.close(4000, 'handshake failed');
    }
  }

  #online(socket: WebSocketLike): void {
    if (this.#socket !== socket) return;
    this.refusal = null;
    this.#attempt = 0;
    this.#lastHeardAt = Date.now();
    this.#watchLink(socket);
    this.#setState('online');
    for (const w of this.#onlineWaiters) w();
    this.#onlineWaiters.clear();
    for (const wake of [...this.#retryWaits]) wake();
  }

  async #authenticate(internal = false): Promise<Principal | null> {
    const creds = this.#credentials;
    if (!creds) return null;
    try {
      const data = (creds.kind === 'device'
        ? await this.#send('auth_device', { token: creds.token }, internal)
        : await this.#send('auth_session', { token: creds.token }, internal)) as { principal: Principal };
      this.principal = data.principal;
      this.authError = null;
      return data.principal;
    } catch (error) {
      if (isAuthRefusal(error)) {
        this.authError = error;
        this.principal = null;
      }
      throw error;
    }
  }

  #onMessage(data: unknown): void {
    const msg: ServerMessage | null = typeof data === 'string' ? parseServerMessage(data) : null;
    if (!msg) return;
    switch (msg.type) {
      case 'result':
      case 'error': {
        const pending = msg.id === null ? undefined : this.#pending.get(msg.id);
        if (!pending || msg.id === null) return;
        this.#pending.delete(msg.id);
        clearTimeout(pending.timer);
        if (msg.type === 'result') pending.resolve(msg.data);
        else pending.reject(new HubError(msg.code as ErrorCode, msg.message, msg.details));
        return;
      }
      case 'snapshot':
        this.lastSeq = msg.seq;
        this.#subscription?.onSnapshot?.(msg.snapshot, msg.seq);
        return;
      case 'event':
        if (msg.seq <= this.lastSeq) return;
        this.lastSeq = msg.seq;
        this.#subscription?.onEvent?.(msg.event, msg.seq);
        return;
      case 'stats':
        this.#subscription?.onStats?.(msg.stats, msg.at);
        return;
      case 'signal':
        for (const l of this.#signalListeners) l(msg);
        return;
    }
  }

  #scheduleReconnect(): void {
    this.#setState('offline');
    const base = Math.min(this.#opts.maxBackoffMs, this.#opts.minBackoffMs * 2 ** this.#attempt);
    this.#attempt = Math.min(this.#attempt + 1, 16);
    const delay = base / 2 + this.#opts.random() * (base / 2);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      if (this.state !== 'stopped') this.#connect();
    }, delay);
  }

  #failPending(code: ErrorCode, message: string): void {
    for (const [id, p] of this.#pending) {
      clearTimeout(p.timer);
      p.reject(new HubError(code, message));
      this.#pending.delete(id);
    }
  }

  #setState(state: ConnectionState): void {
    if (this.state === state) return;
    if (this.state === 'stopped' && state !== 'stopped') return;
    this.state = state;
    for (const l of this.#stateListeners) l(state);
  }
}
