import { createServer, connect as tcpConnect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { beforeEachFsync, fileEngine } from '../../test/file-engine.ts';
import { until } from '../../test/helpers.ts';
import { issueTicket } from '../domain/commands.ts';
import { upsertService } from '../domain/config.ts';
import type { ConfigPushChange } from '@turnero/protocol';
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

describe('SyncClient: a link cut on the way', () => {
  it('[S1] a central that stops answering (no FIN: a dead router) is left within heartbeats and reached again; what was written meanwhile arrives', async () => {
    const { e: engine, store } = fileEngine();
    const issue = officeIssuer(engine);
    issue(2);
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, autoPong: false });
    await new Promise((r) => wss.once('listening', r));
    cleanups.push(() => new Promise<void>((r) => wss.close(() => r())));
    const received: number[] = [];
    let connections = 0;
    let acked = 0;
    wss.on('connection', (ws) => {
      // The first link goes silent after its first batch: no pong, no acknowledgement, no close.
      const silentAfterFirst = ++connections === 1;
      let batches = 0;
      ws.on('ping', () => !(silentAfterFirst && batches > 0) && ws.pong());
      ws.on('message', (data) => {
        const m = JSON.parse(String(data)) as { type: string; batch?: number; events?: { seq: number }[] };
        if (m.type === 'sync_hello') ws.send(JSON.stringify({ type: 'sync_welcome', ackSeq: acked, ackEvent: acked ? store.eventIdentityAt('cucuta-centro', acked) : null }));
        if (m.type === 'sync_events') {
          if (silentAfterFirst && batches++ > 0) return;
          const seqs = (m.events ?? []).map((e) => e.seq);
          received.push(...seqs);
          acked = Math.max(...seqs);
          ws.send(JSON.stringify({ type: 'sync_ack', batch: m.batch, ackSeq: acked }));
        }
      });
    });
    const client = new SyncClient(engine, { url: `ws://127.0.0.1:${(wss.address() as { port: number }).port}/sync`, token: 't', officeId: 'cucuta-centro', log: () => {}, heartbeatMs: 50, minBackoffMs: 10, maxBackoffMs: 20 });
    client.start();
    cleanups.push(() => client.stop());
    await until(() => received.length === 2);
    issue(2);
    client.notify();
    await until(() => connections === 2, 3000, 'a new link after the silent one');
    await until(() => received.length === 4);
    expect(received).toEqual([1, 2, 3, 4]);
  });
});

/**
 * A TCP proxy on loopback to `port` whose office → central direction carries at most `bytesPerSecond`
 * (a slow uplink with a deep queue); the way back is not limited. A link the office drops loses what
 * it still had queued (the cut loses the batch in flight). Each link's pacing stops with it.
 */
async function throttledProxy(port: number, bytesPerSecond: number): Promise<number> {
  const sockets = new Set<Socket>();
  const server = createServer((office) => {
    const central = tcpConnect(port, '127.0.0.1');
    sockets.add(office).add(central);
    central.pipe(office);
    const queue: Buffer[] = [];
    office.on('data', (chunk: Buffer) => queue.push(chunk));
    const perTick = Math.ceil(bytesPerSecond / 100);
    const pace = setInterval(() => {
      for (let budget = perTick; budget > 0 && queue.length > 0; ) {
        const head = queue[0]!;
        const part = head.subarray(0, budget);
        central.write(part);
        budget -= part.length;
        if (part.length === head.length) queue.shift();
        else queue[0] = head.subarray(part.length);
      }
    }, 10);
    const end = () => {
      clearInterval(pace);
      queue.length = 0;
      office.destroy();
      central.destroy();
    };
    for (const s of [office, central]) s.on('close', end).on('error', end).on('end', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => {
    for (const s of sockets) s.destroy();
    return new Promise<void>((r) => server.close(() => r()));
  });
  return (server.address() as { port: number }).port;
}

describe('SyncClient: a slow uplink', () => {
  it('[S1] a backlog larger than the uplink carries within a heartbeat drains: a batch cut in flight is followed by smaller ones, each acknowledged', async () => {
    const { e: engine, store } = fileEngine();
    officeIssuer(engine)(1000);
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((r) => wss.once('listening', r));
    cleanups.push(
      () =>
        new Promise<void>((r) => {
          for (const ws of wss.clients) ws.terminate();
          wss.close(() => r());
        }),
    );
    let acked = 0;
    let acks = 0;
    const received: number[] = [];
    wss.on('connection', (ws) => {
      ws.on('message', (data) => {
        const m = JSON.parse(String(data)) as { type: string; batch?: number; events?: { seq: number }[] };
        if (m.type === 'sync_hello') ws.send(JSON.stringify({ type: 'sync_welcome', ackSeq: acked, ackEvent: acked ? store.eventIdentityAt('cucuta-centro', acked) : null }));
        if (m.type !== 'sync_events') return;
        // Applied once, as the central does: what it already holds is skipped.
        for (const { seq } of m.events ?? []) if (seq > acked) received.push((acked = seq));
        acks++;
        ws.send(JSON.stringify({ type: 'sync_ack', batch: m.batch, ackSeq: acked }));
      });
    });
    const backlogBytes = store.eventsSince('cucuta-centro', 0, 5000).reduce((n, e) => n + Buffer.byteLength(JSON.stringify(e.event)), 0);
    expect(backlogBytes).toBeGreaterThan(400_000);
    // 1 MB/s up, a heartbeat of 100 ms: a batch of the whole backlog takes five heartbeats to leave.
    const port = await throttledProxy((wss.address() as { port: number }).port, 1_000_000);
    const client = new SyncClient(engine, { url: `ws://127.0.0.1:${port}/sync`, token: 't', officeId: 'cucuta-centro', log: () => {}, heartbeatMs: 100, minBackoffMs: 10, maxBackoffMs: 50 });
    client.start();
    cleanups.push(() => client.stop());
    await until(() => client.status().backlog === 0, 20_000, 'the backlog drained');
    expect(acks).toBeGreaterThan(1);
    expect(received).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
  });
});

describe('SyncClient: a central that restarts mid-batch', () => {
  it('[S1] a batch cut by the central closing the link itself (a close frame) is sent again as large: only a link cut without one halves it', async () => {
    const { e: engine } = fileEngine();
    officeIssuer(engine)(300);
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((r) => wss.once('listening', r));
    cleanups.push(() => new Promise<void>((r) => wss.close(() => r())));
    const batches: number[] = [];
    let connections = 0;
    wss.on('connection', (ws) => {
      const n = ++connections;
      ws.on('message', (data) => {
        const m = JSON.parse(String(data)) as { type: string; batch?: number; events?: { seq: number }[] };
        if (m.type === 'sync_hello') ws.send(JSON.stringify({ type: 'sync_welcome', ackSeq: 0, ackEvent: null }));
        if (m.type !== 'sync_events') return;
        batches.push(m.events!.length);
        // First link: the central shuts down with the batch unanswered (1001, going away); second: it is cut with no close frame.
        if (n === 1) return void ws.close(1001, 'central shutting down');
        if (n === 2) return void ws.terminate();
        ws.send(JSON.stringify({ type: 'sync_ack', batch: m.batch, ackSeq: m.events!.at(-1)!.seq }));
      });
    });
    const client = new SyncClient(engine, { url: `ws://127.0.0.1:${(wss.address() as { port: number }).port}/sync`, token: 't', officeId: 'cucuta-centro', log: () => {}, batchBytes: 32 * 1024, minBatchBytes: 1024, minBackoffMs: 10, maxBackoffMs: 20 });
    client.start();
    cleanups.push(() => client.stop());
    await until(() => batches.length >= 3, 10_000, 'three batches');
    const [first, afterClose, afterCut] = batches as [number, number, number];
    expect(first).toBeLessThan(300); // the budget, not the whole backlog
    expect(afterClose).toBe(first);
    expect(afterCut).toBeLessThan(first);
    expect(afterCut).toBeGreaterThanOrEqual(Math.floor(first / 2) - 1);
  });
});

describe('SyncClient: a central that keeps refusing', () => {
  it('[S1] an office whose batch is refused again and again backs off (welcomes do not reset the backoff, acknowledgements do) and says it is stuck, at which event and why', async () => {
    const { e: engine } = fileEngine();
    officeIssuer(engine)(3);
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((r) => wss.once('listening', r));
    cleanups.push(() => new Promise<void>((r) => wss.close(() => r())));
    let refuse = true;
    let hellos = 0;
    let batches = 0;
    wss.on('connection', (ws) => {
      ws.on('message', (data) => {
        const m = JSON.parse(String(data)) as { type: string; batch?: number; events?: { seq: number }[] };
        if (m.type === 'sync_hello') {
          hellos++;
          ws.send(JSON.stringify({ type: 'sync_welcome', ackSeq: 0, ackEvent: null }));
        }
        if (m.type !== 'sync_events') return;
        batches++;
        if (!refuse) return ws.send(JSON.stringify({ type: 'sync_ack', batch: m.batch, ackSeq: Math.max(...(m.events ?? []).map((e) => e.seq)) }));
        // What the central does with a batch it cannot take (a bad stored event, FORBIDDEN, its disk): says so and closes.
        ws.send(JSON.stringify({ type: 'sync_error', code: 'FORBIDDEN', message: 'event 1 (ticket_issued) is about office ocana' }));
        ws.close(4003, 'FORBIDDEN');
      });
    });
    const lines: string[] = [];
    const client = new SyncClient(engine, { url: `ws://127.0.0.1:${(wss.address() as { port: number }).port}/sync`, token: 't', officeId: 'cucuta-centro', log: (l) => lines.push(l), minBackoffMs: 20, maxBackoffMs: 10_000 });
    client.start();
    cleanups.push(() => client.stop());
    await until(() => (client.status().stuck?.refusals ?? 0) >= 3, 10_000, 'three refusals in a row');
    // Then a bounded second: with no backoff growth (a 10–20 ms wait each time) it would hold some 50
    // more tries; past three doublings from 20 ms, at most a handful. (An upper bound only: a slow
    // machine makes fewer tries, never more.)
    const before = hellos;
    await new Promise((r) => setTimeout(r, 1000));
    expect(hellos - before).toBeLessThanOrEqual(6);
    expect(batches).toBeLessThanOrEqual(hellos);
    expect(client.status()).toMatchObject({ connected: false, ackSeq: 0, backlog: 3, stuck: { seq: 1, code: 'FORBIDDEN', message: expect.stringContaining('ocana'), refusals: expect.any(Number) } });
    expect(client.status().stuck!.refusals).toBeGreaterThanOrEqual(3);
    expect(lines.some((l) => l.includes('stuck'))).toBe(true);

    // The central takes it at last: acknowledged, no longer stuck.
    refuse = false;
    await until(() => client.status().backlog === 0, 10_000, 'the backlog acknowledged');
    expect(client.status().stuck).toBeNull();
  });
});

describe('SyncClient: configuration pushed by the central', () => {
  /** A central that sends `push` after each welcome and records the results; `drop()` cuts the link (the office reconnects). */
  async function pushingCentral(push: { pushId: string; changes: ConfigPushChange[]; basedOnSeq?: number | null }) {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((r) => wss.once('listening', r));
    const results: { pushId: string; ok: boolean; error: string | null; refusal?: unknown }[] = [];
    let welcomes = 0;
    wss.on('connection', (ws) => {
      ws.on('message', (data) => {
        const m = JSON.parse(String(data)) as { type: string; batch?: number; events?: { seq: number }[]; pushId?: string; ok?: boolean; error?: string | null; refusal?: unknown };
        if (m.type === 'sync_hello') {
          welcomes++;
          ws.send(JSON.stringify({ type: 'sync_welcome', ackSeq: 0, ackEvent: null }));
          ws.send(JSON.stringify({ type: 'config_push', ...push }));
        }
        if (m.type === 'sync_events') ws.send(JSON.stringify({ type: 'sync_ack', batch: m.batch, ackSeq: Math.max(...(m.events ?? []).map((e) => e.seq)) }));
        if (m.type === 'config_push_result') results.push({ pushId: m.pushId!, ok: m.ok!, error: m.error ?? null, ...(m.refusal ? { refusal: m.refusal } : {}) });
      });
    });
    cleanups.push(() => new Promise<void>((r) => wss.close(() => r())));
    return {
      url: `ws://127.0.0.1:${(wss.address() as { port: number }).port}/sync`,
      results,
      welcomes: () => welcomes,
      drop: () => {
        for (const ws of wss.clients) ws.terminate();
      },
    };
  }

  const configEvents = (store: ReturnType<typeof fileEngine>['store']) =>
    (store.db.prepare("SELECT count(*) AS n FROM events WHERE type = 'config_changed'").get() as { n: number }).n;
  const audits = (store: ReturnType<typeof fileEngine>['store']) => (store.db.prepare("SELECT count(*) AS n FROM audit WHERE user_id = 'central'").get() as { n: number }).n;

  it('[S4] a push sent again (its result was lost with the link) is applied once: the resend gets the same answer and writes nothing', async () => {
    const { e: engine, store } = fileEngine();
    const service = { ...engine.state('cucuta-centro').services.get('pagos')!, name: { es: 'Pagos y convenios', en: 'Payments' } };
    const central = await pushingCentral({ pushId: 'push-1', changes: [{ kind: 'service', service }] });
    const client = new SyncClient(engine, { url: central.url, token: 't', officeId: 'cucuta-centro', log: () => {}, minBackoffMs: 10, maxBackoffMs: 20 });
    client.start();
    cleanups.push(() => client.stop());
    await until(() => central.results.length === 1);
    const [events, audited] = [configEvents(store), audits(store)];
    expect(events).toBe(1);
    central.drop();
    await until(() => central.results.length === 2);
    expect(central.welcomes()).toBe(2);
    expect(central.results).toEqual([
      { pushId: 'push-1', ok: true, error: null },
      { pushId: 'push-1', ok: true, error: null },
    ]);
    expect([configEvents(store), audits(store)]).toEqual([events, audited]);
  });

  it('[S4] a push the office refuses in part is applied not at all: one transaction, and the refusal is the answer every time', async () => {
    const { e: engine, store } = fileEngine();
    const before = engine.state('cucuta-centro');
    const service = { ...before.services.get('pagos')!, id: 'convenios', prefix: 'C', name: { es: 'Convenios', en: 'Payment plans' } };
    const counter = { ...before.counters.get('modulo-1')!, serviceIds: ['convenios', 'no-existe'] };
    const central = await pushingCentral({ pushId: 'push-2', changes: [{ kind: 'service', service }, { kind: 'counter', counter }] });
    const client = new SyncClient(engine, { url: central.url, token: 't', officeId: 'cucuta-centro', log: () => {}, minBackoffMs: 10, maxBackoffMs: 20 });
    client.start();
    cleanups.push(() => client.stop());
    await until(() => central.results.length === 1);
    expect(central.results[0]).toMatchObject({ pushId: 'push-2', ok: false });
    expect(central.results[0]!.error).toMatch(/no-existe/);
    expect(configEvents(store)).toBe(0);
    expect(engine.state('cucuta-centro').services.has('convenios')).toBe(false);
    expect(store.loadOffice('cucuta-centro').services.has('convenios')).toBe(false);
    expect(central.results[0]!.refusal).toEqual({ reason: 'unknown_services', services: 'no-existe' });
    central.drop();
    await until(() => central.results.length === 2);
    // Sent again, the stored answer with its refusal.
    expect(central.results[1]).toEqual(central.results[0]);
    expect(configEvents(store)).toBe(0);
  });

  it('[S4] a push that failed for this hub’s own reason (a write error, not a refusal) is not answered for good: sent again, it is applied', async () => {
    const { e: engine, store } = fileEngine();
    const service = { ...engine.state('cucuta-centro').services.get('pagos')!, name: { es: 'Pagos hoy', en: 'Payments' } };
    const realAudit = store.audit.bind(store);
    let failures = 1;
    store.audit = (...args: Parameters<typeof store.audit>) => {
      if (failures-- > 0) throw new Error('disk I/O error');
      realAudit(...args);
    };
    const central = await pushingCentral({ pushId: 'push-4', changes: [{ kind: 'service', service }] });
    const client = new SyncClient(engine, { url: central.url, token: 't', officeId: 'cucuta-centro', log: () => {}, minBackoffMs: 10, maxBackoffMs: 20 });
    client.start();
    cleanups.push(() => client.stop());
    await until(() => central.results.length === 1);
    expect(central.results[0]).toMatchObject({ ok: false, error: 'disk I/O error' });
    central.drop();
    await until(() => central.results.length === 2);
    expect(central.results[1]).toEqual({ pushId: 'push-4', ok: true, error: null });
    expect(engine.state('cucuta-centro').services.get('pagos')!.name.es).toBe('Pagos hoy');
  });

  it('[S4] a push made before the central had this office’s own later change to the same service is refused whole; one made after it, or about other things, applies', async () => {
    const { e: engine, store } = fileEngine();
    const office = 'cucuta-centro';
    const seen = store.lastSeq(office); // what the central held when the pushes were made
    const pagos = engine.state(office).services.get('pagos')!;
    engine.execute(office, (s, c) => upsertService(s, { ...pagos, targetWaitMinutes: 7 }, 'user-supervisor', c));
    engine.drainSync();
    const localEdit = store.lastSeq(office);
    const reclamos = engine.state(office).services.get('reclamos')!;
    const stale = { kind: 'service', service: { ...pagos, name: { es: 'Pagos (central)', en: 'Payments' } } } as const;
    const other = { kind: 'service', service: { ...reclamos, name: { es: 'Reclamos (central)', en: 'Claims' } } } as const;

    const refused = await pushingCentral({ pushId: 'push-stale', changes: [other, stale], basedOnSeq: seen });
    const client = new SyncClient(engine, { url: refused.url, token: 't', officeId: office, log: () => {}, minBackoffMs: 10, maxBackoffMs: 20 });
    client.start();
    await until(() => refused.results.length === 1);
    client.stop();
    expect(refused.results[0]).toMatchObject({ pushId: 'push-stale', ok: false });
    expect(refused.results[0]!.error).toMatch(/service pagos \(.*by user-supervisor\)/);
    expect(refused.results[0]!.error).not.toMatch(/reclamos/);
    // Worded by the central's console from the refusal (its language), the message staying for logs.
    expect(refused.results[0]!.refusal).toEqual({ reason: 'changed_at_office', changes: 'pagos' });
    // Nothing of it applied: the office's own change stands, the other service is untouched.
    expect(engine.state(office).services.get('pagos')).toMatchObject({ targetWaitMinutes: 7, name: pagos.name });
    expect(engine.state(office).services.get('reclamos')!.name).toEqual(reclamos.name);

    for (const [pushId, changes, basedOnSeq] of [
      ['push-other', [other], seen],
      ['push-after', [stale], localEdit],
      // Made to overwrite (no base): applied over the office's change.
      ['push-overwrite', [{ kind: 'service', service: { ...pagos, targetWaitMinutes: 9 } }], null],
    ] as const) {
      const central = await pushingCentral({ pushId, changes: [...changes], basedOnSeq });
      const c = new SyncClient(engine, { url: central.url, token: 't', officeId: office, log: () => {}, minBackoffMs: 10, maxBackoffMs: 20 });
      c.start();
      cleanups.push(() => c.stop());
      await until(() => central.results.length === 1);
      expect(central.results[0]).toEqual({ pushId, ok: true, error: null });
      c.stop();
    }
    expect(engine.state(office).services.get('pagos')).toMatchObject({ targetWaitMinutes: 9 });
    expect(engine.state(office).services.get('reclamos')!.name.es).toBe('Reclamos (central)');
  });

  it('[S4] a pushed user that was edited at the office after the central’s last event of it is not overwritten; a central’s own earlier push does not count', async () => {
    const { e: engine, store } = fileEngine();
    const office = 'cucuta-centro';
    const user = { id: 'user-agente1', username: 'agente1', displayName: 'Agente Uno (central)', role: 'agent', officeId: office, active: true, passwordHash: null } as const;
    const first = await pushingCentral({ pushId: 'push-u1', changes: [{ kind: 'user', user: { ...user, passwordHash: 'scrypt-hash' } }], basedOnSeq: store.lastSeq(office) });
    const c = new SyncClient(engine, { url: first.url, token: 't', officeId: office, log: () => {}, minBackoffMs: 10, maxBackoffMs: 20 });
    c.start();
    await until(() => first.results.length === 1);
    c.stop();
    expect(first.results[0]).toEqual({ pushId: 'push-u1', ok: true, error: null });
    const seen = store.lastSeq(office);
    const pushUser = async (pushId: string, displayName: string) => {
      const central = await pushingCentral({ pushId, changes: [{ kind: 'user', user: { ...user, displayName } }], basedOnSeq: seen });
      const client = new SyncClient(engine, { url: central.url, token: 't', officeId: office, log: () => {}, minBackoffMs: 10, maxBackoffMs: 20 });
      client.start();
      await until(() => central.results.length === 1);
      client.stop();
      return central.results[0]!;
    };
    // The first push's own audit row (by the central, after that event) is no local edit.
    expect(await pushUser('push-u2', 'Agente Uno (central, 2)')).toEqual({ pushId: 'push-u2', ok: true, error: null });
    // Later than the central's last event of the office: a supervisor renames the agent here.
    store.audit(office, engine.clock() + 1000, 'user-supervisor', 'update_user', 'user-agente1', null, { displayName: 'Agente 1' });
    const third = await pushUser('push-u3', 'Otro nombre');
    expect(third).toMatchObject({ pushId: 'push-u3', ok: false });
    expect(third.error).toMatch(/user user-agente1 \(.*by user-supervisor\)/);
    expect(store.userById('user-agente1')!.displayName).toBe('Agente Uno (central, 2)');
  });

  it('[S4] a push whose later change needs an earlier one (a group, then a service in it, then a counter serving it) is applied whole', async () => {
    const { e: engine } = fileEngine();
    const before = engine.state('cucuta-centro');
    const group = { id: 'convenios-g', name: { es: 'Convenios', en: 'Plans' }, icon: before.groups[0]!.icon, order: 9 };
    const service = { ...before.services.get('pagos')!, id: 'convenios', prefix: 'C', groupId: group.id, name: { es: 'Convenios', en: 'Payment plans' } };
    const counter = { ...before.counters.get('modulo-1')!, serviceIds: ['convenios', 'pagos'] };
    const central = await pushingCentral({ pushId: 'push-3', changes: [{ kind: 'group', group }, { kind: 'service', service }, { kind: 'counter', counter }] });
    const client = new SyncClient(engine, { url: central.url, token: 't', officeId: 'cucuta-centro', log: () => {} });
    client.start();
    cleanups.push(() => client.stop());
    await until(() => central.results.length === 1);
    expect(central.results[0]).toEqual({ pushId: 'push-3', ok: true, error: null });
    expect(engine.state('cucuta-centro').counters.get('modulo-1')!.serviceIds).toEqual(['convenios', 'pagos']);
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
