import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { cancelTicket, issueTicket } from '../domain/commands.ts';
import { demoOffice } from '../demo.ts';
import { OfficeEngine } from '../office-engine.ts';
import { SqliteStore } from '../store/sqlite-store.ts';
import { TicketWatchers } from './ticket-watchers.ts';

/** A response that, like Node's, throws on a write after its end, and emits 'close' only later. */
function fakeResponse() {
  const r = Object.assign(new EventEmitter(), {
    writableEnded: false,
    written: [] as string[],
    writeHead: () => r,
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
