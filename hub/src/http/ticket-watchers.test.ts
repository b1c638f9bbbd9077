import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Ticket } from '@turnero/protocol';
import { callNext, cancelTicket, issueTicket, openCounter } from '../domain/commands.ts';
import { demoOffice } from '../demo.ts';
import { OfficeEngine } from '../office-engine.ts';
import { SqliteStore } from '../store/sqlite-store.ts';
import type * as TicketStatus from '../domain/ticket-status.ts';
import { TicketWatchers } from './ticket-watchers.ts';

/** How many times a ticket's view was computed: the real function, counted. */
const views = vi.hoisted(() => ({ computed: 0 }));
vi.mock('../domain/ticket-status.ts', async (importOriginal) => {
  const real = await importOriginal<typeof TicketStatus>();
  return {
    ...real,
    ticketStatusView: (...args: Parameters<typeof real.ticketStatusView>) => {
      views.computed++;
      return real.ticketStatusView(...args);
    },
  };
});

/** A response that, like Node's, throws on a write after its end, and emits 'close' only later. */
function fakeResponse() {
  const r = Object.assign(new EventEmitter(), {
    writableEnded: false,
    status: 0,
    written: [] as string[],
    writeHead: (status: number) => {
      r.status = status;
      return r;
    },
    write(text: string) {
      if (r.writableEnded) throw new Error('ERR_STREAM_WRITE_AFTER_END');
      r.written.push(text);
      return true;
    },
    end() {
      r.writableEnded = true;
    },
  });
  return r;
}

describe('TicketWatchers', () => {
  it('lets go of a page as soon as its ticket ends, before the response closes: nothing is written after the end', async () => {
    const store = new SqliteStore({ path: ':memory:' });
    store.createOffice(demoOffice('http://hub'));
    const engine = new OfficeEngine(store, () => Date.UTC(2026, 10, 23, 14, 0), () => 'id-1');
    const [issued] = engine.execute('cucuta-centro', (s, c) => issueTicket(s, { serviceId: 'pagos', preferentialClass: null, accountNumber: null, deviceId: null }, c), {
      ticket: { statusToken: 'st-1', deviceId: null, idempotencyKey: null },
    });
    const ticket = issued?.event.type === 'ticket_issued' ? issued.event.ticket : null;
    const watchers = new TicketWatchers(engine, 1);
    const res = fakeResponse();
    watchers.watch(res as unknown as ServerResponse, ticket!);
    expect(watchers.count).toBe(1);
    engine.execute('cucuta-centro', (s, c) => cancelTicket(s, { ticketId: ticket!.id, reason: 'prueba' }, c));
    watchers.notify('cucuta-centro');
    await new Promise((r) => setTimeout(r, 20));
    expect(res.writableEnded).toBe(true);
    expect(res.written.at(-1)).toContain('"cancelled"');
    expect(watchers.count).toBe(0); // no 'close' yet
    watchers.notify('cucuta-centro');
    await new Promise((r) => setTimeout(r, 20));
    watchers.close();
    store.close();
  });
});

describe('TicketWatchers limits', () => {
  afterEach(() => vi.useRealTimers());

  /** An office with `n` waiting tickets, and watchers over it. */
  function office(n: number, limits?: { perTicket: number; total: number }) {
    const store = new SqliteStore({ path: ':memory:' });
    store.createOffice(demoOffice('http://hub'));
    let id = 0;
    const engine = new OfficeEngine(store, () => Date.UTC(2026, 10, 23, 14, 0), () => `id-${++id}`);
    const tickets: Ticket[] = [];
    for (let i = 0; i < n; i++) {
      const [issued] = engine.execute('cucuta-centro', (s, c) => issueTicket(s, { serviceId: 'pagos', preferentialClass: null, accountNumber: null, deviceId: null }, c), {
        ticket: { statusToken: `st-${i}`, deviceId: null, idempotencyKey: null },
      });
      if (issued?.event.type === 'ticket_issued') tickets.push(issued.event.ticket);
    }
    const watchers = new TicketWatchers(engine, 1, limits);
    const open = (ticket: Ticket) => {
      const res = fakeResponse();
      watchers.watch(res as unknown as ServerResponse, ticket);
      return res;
    };
    return { store, engine, tickets, watchers, open, close: () => (watchers.close(), store.close()) };
  }

  it('a fourth page on one ticket closes its oldest (told to come back no sooner than a minute); the others stay', () => {
    const o = office(1);
    const pages = Array.from({ length: 4 }, () => o.open(o.tickets[0]!));
    expect(o.watchers.count).toBe(3);
    expect(pages.map((p) => p.writableEnded)).toEqual([true, false, false, false]);
    expect(pages[0]!.written.at(-1)).toBe('retry: 60000\n\n');
    expect(pages[3]!.status).toBe(200);
    expect(pages[3]!.written).toEqual([pages[1]!.written[0]]);
    // Its later 'close' changes no count.
    pages[0]!.emit('close');
    expect(o.watchers.count).toBe(3);
    pages[1]!.emit('close');
    expect(o.watchers.count).toBe(2);
    o.close();
  });

  it('past the hub’s total a new page is refused (429) and no one else’s is closed; a ticket at its own limit still swaps its oldest', () => {
    const o = office(3, { perTicket: 3, total: 4 });
    const [a, b, c] = o.tickets as [Ticket, Ticket, Ticket];
    const onA = [o.open(a), o.open(a), o.open(a)];
    const onB = o.open(b);
    expect(o.watchers.count).toBe(4);
    const refused = o.open(c);
    expect([refused.status, refused.writableEnded, refused.written]).toEqual([429, true, []]);
    expect(o.watchers.count).toBe(4);
    expect([...onA, onB].map((p) => p.writableEnded)).toEqual([false, false, false, false]);
    const fourthOnA = o.open(a);
    expect(fourthOnA.status).toBe(200);
    expect([...onA, onB, fourthOnA].map((p) => p.writableEnded)).toEqual([true, false, false, false, false]);
    expect(o.watchers.count).toBe(4);
    // A page closed makes room.
    onB.emit('close');
    expect(o.open(c).status).toBe(200);
    o.close();
  });

  it('a change computes each ticket’s view once however many pages show it, and every page gets the same text', async () => {
    vi.useFakeTimers();
    const o = office(2, { perTicket: 1000, total: 2000 });
    const [first, second] = o.tickets as [Ticket, Ticket];
    const pages = [...Array.from({ length: 500 }, () => o.open(first)), ...Array.from({ length: 100 }, () => o.open(second))];
    expect(o.watchers.count).toBe(600);
    o.engine.execute('cucuta-centro', (s, c) => openCounter(s, { agentId: 'user-agente1', agentName: 'Laura Pérez' }, 'modulo-1', c));
    o.engine.execute('cucuta-centro', (s, c) => callNext(s, { agentId: 'user-agente1', counterId: 'modulo-1' }, c));
    views.computed = 0;
    o.watchers.notify('cucuta-centro');
    o.watchers.notify('cucuta-centro');
    await vi.advanceTimersByTimeAsync(10);
    expect(views.computed).toBe(2);
    const lastOf = (p: (typeof pages)[number]) => p.written.at(-1);
    expect(new Set(pages.slice(0, 500).map(lastOf)).size).toBe(1);
    expect(lastOf(pages[0]!)).toContain('"called"');
    expect(new Set(pages.slice(500).map(lastOf)).size).toBe(1);
    expect(lastOf(pages[500]!)).toContain('"position":0');
    o.close();
  });
});
