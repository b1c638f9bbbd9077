import type { ServerResponse } from 'node:http';
import type { Ticket } from '@turnero/protocol';
import { ticketStatusView } from '../domain/ticket-status.ts';
import type { OfficeEngine } from '../office-engine.ts';

interface Watcher {
  ticket: Ticket;
  last: string;
}

const FINAL = new Set(['done', 'no_show', 'cancelled']);

/**
 * The live ticket pages' Server-Sent Events: each open page gets its ticket's status at once and
 * again whenever it changes (recomputed at most every `delayMs` per office).
 */
export class TicketWatchers {
  readonly #byOffice = new Map<string, Map<ServerResponse, Watcher>>();
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #heartbeat: ReturnType<typeof setInterval>;

  constructor(
    readonly engine: OfficeEngine,
    readonly delayMs = 150,
  ) {
    this.#heartbeat = setInterval(() => {
      for (const watchers of this.#byOffice.values()) for (const res of watchers.keys()) if (!res.writableEnded) res.write(': keep-alive\n\n');
    }, 25_000);
    this.#heartbeat.unref();
  }

  get count(): number {
    let n = 0;
    for (const w of this.#byOffice.values()) n += w.size;
    return n;
  }

  /** Starts an SSE stream for one ticket on `res`. */
  watch(res: ServerResponse, ticket: Ticket): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    let watchers = this.#byOffice.get(ticket.officeId);
    if (!watchers) this.#byOffice.set(ticket.officeId, (watchers = new Map()));
    const watcher: Watcher = { ticket, last: '' };
    watchers.set(res, watcher);
    res.on('close', () => watchers.delete(res));
    this.#push(res, watcher);
  }

  /** Something changed in the office: refresh its pages soon. */
  notify(officeId: string): void {
    if (this.#timers.has(officeId) || !this.#byOffice.get(officeId)?.size) return;
    const timer = setTimeout(() => {
      this.#timers.delete(officeId);
      for (const [res, w] of this.#byOffice.get(officeId) ?? []) this.#push(res, w);
    }, this.delayMs);
    timer.unref();
    this.#timers.set(officeId, timer);
  }

  close(): void {
    clearInterval(this.#heartbeat);
    for (const t of this.#timers.values()) clearTimeout(t);
    for (const watchers of this.#byOffice.values()) for (const res of watchers.keys()) res.end();
  }

  #push(res: ServerResponse, w: Watcher): void {
    if (res.writableEnded) return;
    const state = this.engine.state(w.ticket.officeId);
    const live = state.active.get(w.ticket.id) ?? this.engine.store.ticketById(w.ticket.id)?.ticket ?? w.ticket;
    const view = ticketStatusView(state, live);
    const text = JSON.stringify(view);
    if (text === w.last) return;
    w.last = text;
    res.write(`data: ${text}\n\n`);
    if (FINAL.has(view.status)) {
      // Let go at once: the response's 'close' comes later, and a write to an ended response throws.
      this.#byOffice.get(w.ticket.officeId)?.delete(res);
      res.end();
    }
  }
}
