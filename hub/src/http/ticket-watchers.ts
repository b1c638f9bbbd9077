import type { ServerResponse } from 'node:http';
import type { Ticket } from '@turnero/protocol';
import { ticketStatusView } from '../domain/ticket-status.ts';
import type { OfficeEngine } from '../office-engine.ts';

/** How many live pages may be open: anyone holding one printed QR can open as many as they like. */
export interface WatcherLimits {
  /** Per ticket: one more closes its oldest (a reloaded tab whose old stream the phone has not closed yet, a second phone). */
  perTicket: number;
  /** In all: past it a new page is refused (429) rather than closing someone else's. */
  total: number;
}

export const WATCHER_LIMITS: WatcherLimits = { perTicket: 3, total: 2000 };

/** One ticket's open pages: they share its view, computed once per refresh. */
interface TicketPages {
  ticket: Ticket;
  /** Oldest first. */
  streams: ServerResponse[];
  /** The view last sent, as JSON. */
  last: string;
}

const FINAL = new Set(['done', 'no_show', 'cancelled']);
/** What a closed page's browser waits before it opens its stream again (SSE `retry`), so that two tabs do not take turns closing each other. */
const EVICTED_RETRY_MS = 60_000;

/**
 * The live ticket pages' Server-Sent Events: each open page gets its ticket's status at once and
 * again whenever it changes (recomputed at most every `delayMs` per office, once per ticket however
 * many pages show it), within `limits`.
 */
export class TicketWatchers {
  readonly #byOffice = new Map<string, Map<string, TicketPages>>();
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #heartbeat: ReturnType<typeof setInterval>;
  #count = 0;

  constructor(
    readonly engine: OfficeEngine,
    readonly delayMs = 150,
    readonly limits: WatcherLimits = WATCHER_LIMITS,
  ) {
    this.#heartbeat = setInterval(() => {
      for (const tickets of this.#byOffice.values()) for (const pages of tickets.values()) for (const res of pages.streams) if (!res.writableEnded) res.write(': keep-alive\n\n');
    }, 25_000);
    this.#heartbeat.unref();
  }

  /** Open streams. */
  get count(): number {
    return this.#count;
  }

  /**
   * Starts an SSE stream for one ticket on `res`; past the limits, closes the ticket's oldest stream,
   * or answers 429 when the hub holds `limits.total` already.
   */
  watch(res: ServerResponse, ticket: Ticket): void {
    const crowded = this.#byOffice.get(ticket.officeId)?.get(ticket.id);
    if (crowded && crowded.streams.length >= this.limits.perTicket) this.#evict(crowded, crowded.streams[0]!);
    if (this.#count >= this.limits.total) {
      res.writeHead(429, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'retry-after': '60' });
      res.end('too many live ticket pages open; try again in a minute');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    let tickets = this.#byOffice.get(ticket.officeId);
    if (!tickets) this.#byOffice.set(ticket.officeId, (tickets = new Map()));
    let pages = tickets.get(ticket.id);
    if (!pages) tickets.set(ticket.id, (pages = { ticket, streams: [], last: '' }));
    pages.streams.push(res);
    this.#count++;
    const joined = pages;
    res.on('close', () => this.#remove(joined, res));
    this.#refresh(pages, res);
  }

  /** Something changed in the office: refresh its pages soon. */
  notify(officeId: string): void {
    if (this.#timers.has(officeId) || !this.#byOffice.get(officeId)?.size) return;
    const timer = setTimeout(() => {
      this.#timers.delete(officeId);
      for (const pages of [...(this.#byOffice.get(officeId)?.values() ?? [])]) this.#refresh(pages);
    }, this.delayMs);
    timer.unref();
    this.#timers.set(officeId, timer);
  }

  close(): void {
    clearInterval(this.#heartbeat);
    for (const t of this.#timers.values()) clearTimeout(t);
    for (const tickets of this.#byOffice.values()) for (const pages of tickets.values()) for (const res of pages.streams) res.end();
    this.#byOffice.clear();
    this.#count = 0;
  }

  /** Computes the ticket's view once; sends it to every page if it changed, else only to `newcomer`. */
  #refresh(pages: TicketPages, newcomer?: ServerResponse): void {
    const state = this.engine.state(pages.ticket.officeId);
    const live = state.active.get(pages.ticket.id) ?? this.engine.store.ticketById(pages.ticket.id)?.ticket ?? pages.ticket;
    const view = ticketStatusView(state, live);
    const text = JSON.stringify(view);
    const changed = text !== pages.last;
    if (!changed && !newcomer) return;
    pages.last = text;
    const frame = `data: ${text}\n\n`;
    for (const res of changed ? pages.streams : [newcomer!]) if (!res.writableEnded) res.write(frame);
    if (FINAL.has(view.status)) {
      // Let go at once: the responses' 'close' comes later, and a write to an ended response throws.
      for (const res of [...pages.streams]) {
        this.#remove(pages, res);
        res.end();
      }
    }
  }

  /** Closes a page's stream to make room; its browser comes back no sooner than EVICTED_RETRY_MS. */
  #evict(pages: TicketPages, res: ServerResponse): void {
    this.#remove(pages, res);
    if (res.writableEnded) return;
    res.write(`retry: ${EVICTED_RETRY_MS}\n\n`);
    res.end();
  }

  /** Forgets one stream (once: its 'close' may come after the hub let go of it). */
  #remove(pages: TicketPages, res: ServerResponse): void {
    const i = pages.streams.indexOf(res);
    if (i < 0) return;
    pages.streams.splice(i, 1);
    this.#count--;
    if (pages.streams.length > 0) return;
    const tickets = this.#byOffice.get(pages.ticket.officeId);
    if (tickets?.get(pages.ticket.id) === pages) tickets.delete(pages.ticket.id);
    if (tickets?.size === 0) this.#byOffice.delete(pages.ticket.officeId);
  }
}
