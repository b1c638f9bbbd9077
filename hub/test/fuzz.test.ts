import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, MAX_MESSAGE_BYTES, requestPayloads } from '@turnero/protocol';
import { connect, key, pairDevice, rawSocket, startTestHub, type TestHub } from './helpers.ts';
import { prng } from './prng.ts';

let t: TestHub;
let displayToken: string;
let kioskToken: string;

beforeAll(async () => {
  t = await startTestHub();
  displayToken = await pairDevice(t.hub.wsUrl, 'display', 'TV');
  kioskToken = await pairDevice(t.hub.wsUrl, 'kiosk', 'Kiosco');
});
afterAll(() => t.close());

/** Every row of every table, hashed: equal fingerprints mean nothing was written. */
function fingerprint(): string {
  const db = t.hub.store.db;
  const h = createHash('sha256');
  for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]) {
    for (const row of db.prepare(`SELECT * FROM "${name}"`).all()) h.update(name + JSON.stringify(row));
  }
  return h.digest('hex');
}

const SAMPLES: Record<string, unknown> = {
  hello: { protocolVersion: 1 },
  login: { username: 'agente1', password: 'x' },
  pair_device: { code: '123456', name: 'x' },
  auth_device: { token: 'a'.repeat(43) },
  auth_session: { token: 'b'.repeat(43) },
  issue_ticket: { serviceId: 'facturacion', preferentialClass: null, accountNumber: null, lang: 'es', idempotencyKey: 'abcdefgh12' },
  request_callback: { serviceId: null, name: 'Ana', phone: '3001234567', reason: 'x', idempotencyKey: 'abcdefgh12' },
  call_next: {},
  transfer: { ticketId: 't1', toServiceId: 'pagos', toCounterId: null, note: '' },
  subscribe: { since: 0 },
};

function randomValue(r: () => number, depth = 0): unknown {
  const k = Math.floor(r() * (depth > 2 ? 5 : 8));
  switch (k) {
    case 0: return null;
    case 1: return r() < 0.5;
    case 2: return Math.floor((r() - 0.5) * 2 ** (r() * 60));
    case 3: return 'ñ'.repeat(Math.floor(r() * 5)) + String.fromCharCode(Math.floor(r() * 0xffff));
    case 4: return '';
    case 5: return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
    default: return Object.fromEntries(Array.from({ length: Math.floor(r() * 4) }, (_, i) => [`k${i}`, randomValue(r, depth + 1)]));
  }
}

function mutate(r: () => number, sample: unknown): unknown {
  if (typeof sample !== 'object' || sample === null) return randomValue(r);
  const copy: Record<string, unknown> = { ...(sample as Record<string, unknown>) };
  const keys = Object.keys(copy);
  const target = keys[Math.floor(r() * keys.length)];
  const op = Math.floor(r() * 4);
  if (target === undefined || op === 0) copy[`extra${Math.floor(r() * 3)}`] = randomValue(r);
  else if (op === 1) delete copy[target];
  else if (op === 2) copy[target] = randomValue(r);
  else copy[target] = 'x'.repeat(Math.floor(r() * 2000));
  return copy;
}

/** One hostile frame: garbage, random JSON, a mutated real request, or an oversized one. */
function frame(r: () => number, types: string[]): string | Buffer {
  const kind = r();
  if (kind < 0.1) return Buffer.from(Array.from({ length: Math.floor(r() * 64) }, () => Math.floor(r() * 256)));
  if (kind < 0.2) return Array.from({ length: Math.floor(r() * 80) }, () => String.fromCharCode(Math.floor(r() * 0x7f))).join('');
  if (kind < 0.3) return JSON.stringify(randomValue(r));
  if (kind < 0.33) return JSON.stringify({ id: 'big', type: 'hello', payload: { pad: 'x'.repeat(MAX_MESSAGE_BYTES + Math.floor(r() * 30_000)) } });
  const type = r() < 0.1 ? `no_such_${Math.floor(r() * 9)}` : types[Math.floor(r() * types.length)]!;
  const payload = r() < 0.8 ? mutate(r, SAMPLES[type] ?? {}) : randomValue(r);
  const id = r() < 0.9 ? `f${Math.floor(r() * 1e6)}` : randomValue(r);
  return JSON.stringify(r() < 0.95 ? { id, type, payload } : { type, payload });
}

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));

describe('fuzz: thousands of random and malformed frames', () => {
  it('[P2] every frame gets a reply, the hub keeps serving, and the database is unchanged', async () => {
    // A display that has said hello and authenticated, an anonymous socket after hello, and one before hello.
    const display = await rawSocket(t.hub.wsUrl);
    display.send(JSON.stringify({ id: 'h', type: 'hello', payload: { protocolVersion: 1 } }));
    await display.next();
    display.send(JSON.stringify({ id: 'a', type: 'auth_device', payload: { token: displayToken } }));
    expect(await display.next()).toMatchObject({ type: 'result', id: 'a' });
    const anon = await rawSocket(t.hub.wsUrl);
    anon.send(JSON.stringify({ id: 'h', type: 'hello', payload: { protocolVersion: 1 } }));
    await anon.next();
    const fresh = await rawSocket(t.hub.wsUrl);
    await new Promise((r) => setTimeout(r, 100));
    const before = fingerprint();

    // Left out: the two requests a display may legally send that write (report_health; logout records it offline).
    const types = Object.keys(requestPayloads).filter((x) => x !== 'report_health' && x !== 'logout');
    const r = prng(20261123);
    let sent = 0;
    let replies = 0;
    for (const sock of [display, anon, fresh]) {
      sock.ws.removeAllListeners('message');
      sock.ws.on('message', (d) => {
        const m = JSON.parse(String(d)) as { type: string; code?: string };
        if (m.type === 'error') expect(KNOWN_CODES.has(m.code ?? '')).toBe(true);
        if (m.type === 'result' || m.type === 'error') replies++;
      });
    }
    const N = 3000;
    for (let i = 0; i < N; i++) {
      const sock = [display, anon, fresh][i % 3]!;
      sock.send(frame(r, types));
      sent++;
      if (i % 200 === 0) await new Promise((res) => setTimeout(res, 5));
    }
    const deadline = Date.now() + 20_000;
    while (replies < sent && Date.now() < deadline) await new Promise((res) => setTimeout(res, 20));
    expect(replies).toBe(sent);
    for (const sock of [display, anon, fresh]) expect(sock.ws.readyState).toBe(sock.ws.OPEN);
    expect(fingerprint()).toBe(before);

    // Still serving: a kiosk issues a ticket.
    const kiosk = await connect(t.hub.wsUrl, { kind: 'device', token: kioskToken });
    const issued = await kiosk.request('issue_ticket', { serviceId: 'pagos', preferentialClass: null, accountNumber: null, lang: 'es', idempotencyKey: key() });
    expect(issued.ticket.number).toMatch(/^P-\d{3}$/);
    kiosk.stop();
    for (const sock of [display, anon, fresh]) sock.ws.close();
  }, 60_000);

  it('a frame over the hard frame limit closes only that socket (1009)', async () => {
    const sock = await rawSocket(t.hub.wsUrl);
    const closed = new Promise<number>((resolve) => sock.ws.once('close', (code) => resolve(code)));
    sock.send('x'.repeat(70 * 1024));
    expect(await closed).toBe(1009);
    const other = await connect(t.hub.wsUrl);
    expect(other.state).toBe('online');
    other.stop();
  });
});
