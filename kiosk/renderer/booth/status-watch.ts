import type { Ticket } from '@turnero/protocol';
import { realTimers, type Timers } from '@turnero/app-kit/renderer';
import type { BoothTicketStatus } from './booth-flow.svelte.ts';

const STATUSES: readonly Ticket['status'][] = ['waiting', 'called', 'serving', 'done', 'no_show', 'cancelled'];
const FINAL: readonly Ticket['status'][] = ['done', 'no_show', 'cancelled'];
/** EventSource.CLOSED: the source gave up and will not reconnect by itself. */
const CLOSED = 2;

/** The token of a live ticket page: the last path segment of IssueResult.statusUrl. */
export function statusToken(statusUrl: string): string {
  const path = new URL(statusUrl, 'http://x/').pathname;
  return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
}

/** Parses one Server-Sent Event of the ticket status stream; null for anything else. */
export function parseStatusEvent(data: string): BoothTicketStatus | null {
  try {
    const o = JSON.parse(data) as Record<string, unknown>;
    if (!STATUSES.includes(o.status as Ticket['status'])) return null;
    // NOTE: a hub from before `rateable` rated every done ticket.
    return {
      status: o.status as Ticket['status'],
      counterName: typeof o.counterName === 'string' ? o.counterName : null,
      calledAt: typeof o.calledAt === 'number' && Number.isFinite(o.calledAt) ? o.calledAt : null,
      rateable: o.rateable !== false,
    };
  } catch {
    return null;
  }
}

/** The part of an EventSource the watcher uses. */
interface StatusSource {
  readonly readyState: number;
  onmessage: ((event: MessageEvent<string>) => void) | null;
  onerror: ((event: Event) => void) | null;
  close(): void;
}

export interface StatusWatchHandlers {
  onStatus(status: BoothTicketStatus): void;
  /** The hub does not know the ticket (404): no status will ever come. */
  onGone(): void;
}

export interface StatusWatchOptions {
  timers?: Timers;
  /** After the stream gave up, the wait before opening it again: doubles from `firstMs` up to `maxMs`, back to `firstMs` once a status arrives. */
  retry?: { firstMs: number; maxMs: number };
}

const RETRY = { firstMs: 1000, maxMs: 30_000 };

/**
 * Follows a ticket at `/api/ticket-status/<token>/events` on this page's hub (the statusUrl's host
 * is the hub's public address, which the booth may not reach the same way) until a final status.
 * EventSource reconnects by itself after a dropped connection, but not after an HTTP error answer
 * (a 404, a 429 from a crowded hub, a 502 from a proxy while the hub restarts): then the ticket's
 * status is asked once — a 404 means the hub no longer knows the ticket (`onGone`), anything else
 * opens the stream again after a growing wait.
 */
export function watchTicketStatus(origin: string, statusUrl: string, handlers: StatusWatchHandlers, opts: StatusWatchOptions = {}): () => void {
  const timers = opts.timers ?? realTimers;
  const retry = opts.retry ?? RETRY;
  const url = `${origin}/api/ticket-status/${encodeURIComponent(statusToken(statusUrl))}`;
  let source: StatusSource | null = null;
  let timer: unknown = null;
  let failures = 0;
  let stopped = false;

  const stop = () => {
    stopped = true;
    source?.close();
    source = null;
    if (timer !== null) timers.clear(timer);
    timer = null;
  };

  const recover = async () => {
    // The ticket's status as JSON: its HTTP status says whether the hub still knows it (null: unreachable).
    const code = await fetch(url, { cache: 'no-store' }).then((r) => r.status, () => null);
    if (stopped) return;
    if (code === 404) {
      stop();
      handlers.onGone();
      return;
    }
    timer = timers.set(connect, Math.min(retry.firstMs * 2 ** failures, retry.maxMs));
    failures += 1;
  };

  function connect(): void {
    timer = null;
    if (stopped) return;
    const s: StatusSource = new EventSource(`${url}/events`);
    source = s;
    s.onmessage = (event) => {
      const status = parseStatusEvent(event.data);
      if (!status) return;
      failures = 0;
      if (FINAL.includes(status.status)) stop();
      handlers.onStatus(status);
    };
    s.onerror = () => {
      // NOTE: while CONNECTING the source is retrying by itself; CLOSED is for good.
      if (stopped || s !== source || s.readyState !== CLOSED) return;
      s.close();
      source = null;
      void recover();
    };
  }

  connect();
  return stop;
}
