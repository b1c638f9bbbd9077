import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { beforeEachFsync, fileEngine } from '../../test/file-engine.ts';
import { until } from '../../test/helpers.ts';
import { issueTicket } from '../domain/commands.ts';
import { SyncClient } from './sync-client.ts';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A stand-in central on loopback: welcomes the office at `ackSeq` (0: a new office; `ackEvent`: which event that is) and records the sequences it is sent. */
async function fakeCentral(ackSeq = 0, ackEvent: string | null = null): Promise<{ url: string; received: number[] }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  const received: number[] = [];
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as { type: string; batch?: number; events?: { seq: number }[] };
      if (m.type === 'sync_hello') ws.send(JSON.stringify({ type: 'sync_welcome', ackSeq, ackEvent }));
      if (m.type === 'sync_events') {
        const seqs = (m.events ?? []).map((e) => e.seq);
        received.push(...seqs);
        ws.send(JSON.stringify({ type: 'sync_ack', batch: m.batch, ackSeq: Math.max(...seqs) }));
      }
    });
  });
  cleanups.push(() => new Promise<void>((r) => wss.close(() => r())));
  return { url: `ws://127.0.0.1:${(wss.address() as { port: number }).port}/sync`, received };
}

describe('SyncClient (office → central)', () => {
  it('[S1] never sends an event before it is durable: one in an open batch or waiting for its fsync stays home', async () => {
    const { e: engine, store } = fileEngine();
    const central = await fakeCentral();
    const client = new SyncClient(engine, { url: central.url, token: 'link-token', officeId: 'cucuta-centro', log: () => {} });
    let fsyncs = 0;
    beforeEachFsync(store, () => {
      fsyncs++;
      client.notify(); // committed, its fsync not yet done
    });
    client.start();
    cleanups.push(() => client.stop());
    await until(() => client.status().connected);

    engine.execute('cucuta-centro', (s, c) => issueTicket(s, { serviceId: 'pagos', preferentialClass: null, accountNumber: null, deviceId: null }, c), {
      ticket: { statusToken: 'st-1', deviceId: null, idempotencyKey: null },
    });
    client.notify(); // the batch is still open: readable on this connection, not yet committed
    await until(() => engine.durableSeq('cucuta-centro') === 1);
    expect(fsyncs).toBe(1); // the notify above ran while that fsync was under way
    await new Promise((r) => setTimeout(r, 100));
    expect(central.received).toEqual([]);

    client.notify();
    await until(() => central.received.length === 1);
    expect(central.received).toEqual([1]);
  });

  it('[S2] a central that holds more of this office’s log than its database (a restored backup) gets nothing: forwarding stops, loudly', async () => {
    const { e: engine } = fileEngine();
    const issue = officeIssuer(engine);
    issue(2);
    // The central acknowledged events up to 40 before this database was replaced by an older copy.
    const central = await fakeCentral(40, 'ticket_issued 123');
    const lines: string[] = [];
    const client = new SyncClient(engine, { url: central.url, token: 'link-token', officeId: 'cucuta-centro', log: (l) => lines.push(l) });
    client.start();
    cleanups.push(() => client.stop());
    await until(() => client.status().diverged !== null);
    expect(client.status()).toMatchObject({ connected: false, diverged: expect.stringContaining('up to 40') });
    expect(lines.some((l) => l.includes('forwarding stopped'))).toBe(true);
    // The office writes on, past the central's number: still nothing leaves (events 41… would land in
    // a central that holds other events under 3…40 and never gets this database's).
    issue(45);
    client.notify();
    await new Promise((r) => setTimeout(r, 200));
    expect(central.received).toEqual([]);
  });

  it('[S2] an office whose log grew past the central’s number after a restore is still told apart: the central’s event at that number is not its own', async () => {
    const { e: engine, store } = fileEngine();
    officeIssuer(engine)(10);
    expect(store.eventIdentityAt('cucuta-centro', 5)).toMatch(/^ticket_issued \d+$/);
    const central = await fakeCentral(5, 'ticket_issued 1');
    const client = new SyncClient(engine, { url: central.url, token: 'link-token', officeId: 'cucuta-centro', log: () => {} });
    client.start();
    cleanups.push(() => client.stop());
    await until(() => client.status().diverged !== null);
    expect(client.status().diverged).toContain('is not this database');
    await new Promise((r) => setTimeout(r, 200));
    expect(central.received).toEqual([]);
  });

  it('[S2] the same database reconnecting (the central’s event at its number is this one’s) sends what follows', async () => {
    const { e: engine, store } = fileEngine();
    officeIssuer(engine)(4);
    const central = await fakeCentral(2, store.eventIdentityAt('cucuta-centro', 2));
    const client = new SyncClient(engine, { url: central.url, token: 'link-token', officeId: 'cucuta-centro', log: () => {} });
    client.start();
    cleanups.push(() => client.stop());
    await until(() => central.received.length === 2);
    expect(central.received).toEqual([3, 4]);
    expect(client.status().diverged).toBeNull();
  });
});

/** Issues `n` tickets at the office and waits until they are durable. */
function officeIssuer(engine: ReturnType<typeof fileEngine>['e']) {
  let k = 0;
  return (n: number) => {
    for (let i = 0; i < n; i++) {
      k++;
      engine.execute('cucuta-centro', (s, c) => issueTicket(s, { serviceId: 'pagos', preferentialClass: null, accountNumber: null, deviceId: null }, c), {
        ticket: { statusToken: `st-${k}`, deviceId: null, idempotencyKey: null },
      });
    }
    engine.drainSync();
  };
}
