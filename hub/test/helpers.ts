import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import { ErrorCode } from '@turnero/protocol';
import { HubClient, type Credentials, type WebSocketLike } from '@turnero/protocol/client';
import type { DeviceKind, OfficeSettings } from '@turnero/protocol';
import { DEMO_CENTRAL_USERS, DEMO_SETTINGS, DEMO_USERS, seedCentral, seedDemo } from '../src/demo.ts';
import { startHub, type Hub, type HubOptions } from '../src/hub.ts';
import type { ClientSocket } from '../src/transport/socket.ts';

export const createSocket = (url: string) => new WebSocket(url) as unknown as WebSocketLike;

export interface TestHub {
  hub: Hub;
  dir: string;
  close(): Promise<void>;
}

/** A real hub on 127.0.0.1 with the demo office, in a fresh temporary folder. */
export async function startTestHub(opts: Partial<HubOptions> & { settings?: Partial<OfficeSettings> } = {}): Promise<TestHub> {
  const dir = mkdtempSync(join(tmpdir(), 'turnero-test-'));
  const hub = await startHub({
    dbPath: join(dir, 'hub.db'),
    log: () => {},
    ...opts,
    prepare: async (store) => {
      await seedDemo(store, 'http://127.0.0.1:0', Date.now());
      if (opts.settings) {
        store.db.prepare('UPDATE offices SET settings = ?').run(JSON.stringify({ ...DEMO_SETTINGS, ...opts.settings }));
      }
    },
  });
  return {
    hub,
    dir,
    async close() {
      await hub.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A central hub (its demo staff) and the demo office, linked and forwarding to it, their databases in
 * `dir`; `admin` is the central admin, signed in. The caller closes all three.
 */
export async function startLinkedOffice(dir: string, opts: { clock?: () => number; appsRoot?: string; officeSettings?: Partial<OfficeSettings> } = {}): Promise<{ central: Hub; office: Hub; admin: HubClient }> {
  const clock = opts.clock ?? Date.now;
  const central = await startHub({ dbPath: join(dir, 'central.db'), central: true, clock, appsRoot: opts.appsRoot, log: () => {}, prepare: async (store) => void (await seedCentral(store, clock(), true)) });
  const { client: admin } = await signIn(central.wsUrl, 'central-admin');
  const link = await admin.request('create_office_link', { officeId: 'cucuta-centro' });
  const office = await startHub({
    dbPath: join(dir, 'office.db'),
    clock,
    appsRoot: opts.appsRoot,
    log: () => {},
    prepare: async (store) => {
      await seedDemo(store, 'http://127.0.0.1:0', clock());
      if (opts.officeSettings) store.db.prepare('UPDATE offices SET settings = ?').run(JSON.stringify({ ...DEMO_SETTINGS, ...opts.officeSettings }));
    },
    sync: { url: `ws://127.0.0.1:${central.port}/sync`, token: link.token, officeId: 'cucuta-centro' },
  });
  return { central, office, admin };
}

/** A started client, online (hello done, authenticated when credentials are given). */
export async function connect(url: string, credentials: Credentials | null = null, opts: { maxBackoffMs?: number } = {}): Promise<HubClient> {
  const client = new HubClient({ url, createSocket, credentials, minBackoffMs: 50, maxBackoffMs: opts.maxBackoffMs ?? 500, requestTimeoutMs: 5000 });
  client.start();
  await client.whenOnline();
  return client;
}

/** The demo's people, office and central, by username (their passwords are public). */
export const DEMO_PASSWORDS: Record<string, string> = Object.fromEntries([...DEMO_USERS, ...DEMO_CENTRAL_USERS].map((u) => [u.username, u.password]));

/** Signs a demo user in and returns the client and its session token. */
export async function signIn(url: string, username: string): Promise<{ client: HubClient; token: string }> {
  const client = await connect(url);
  const r = await client.request('login', { username, password: DEMO_PASSWORDS[username] ?? '' });
  await client.authenticate({ kind: 'session', token: r.token });
  return { client, token: r.token };
}

/** Pairs a device through the real flow (admin creates a code, the device trades it) and returns its token. */
export async function pairDevice(url: string, kind: DeviceKind, name: string, counterId: string | null = null): Promise<string> {
  const { client: admin } = await signIn(url, 'admin');
  const { code } = await admin.request('create_pairing_code', { kind, name, counterId });
  admin.stop();
  const device = await connect(url);
  const { token } = await device.request('pair_device', { code, name });
  device.stop();
  return token;
}

let keySeq = 0;
/** A fresh idempotency key. */
export const key = () => `k${process.pid}x${Date.now().toString(36)}x${(keySeq++).toString(36)}`;

/** Resolves when `predicate` holds, polling every 10 ms, or rejects after `ms`. */
export async function until(predicate: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Asks again, one question at a time (every 20 ms), until the answer is `ok`, or rejects after `ms`. */
export async function askUntil<T>(ask: () => Promise<T>, ok: (answer: T) => boolean, ms = 5000, what = 'an answer'): Promise<void> {
  for (const deadline = Date.now() + ms; !ok(await ask()); ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A raw ws connection for malformed frames: send text, read the next reply. */
export async function rawSocket(url: string): Promise<{ ws: WebSocket; next: () => Promise<Record<string, unknown>>; send: (d: string | Buffer) => void }> {
  const ws = new WebSocket(url);
  const inbox: Record<string, unknown>[] = [];
  const waiters: ((m: Record<string, unknown>) => void)[] = [];
  ws.on('message', (d) => {
    const m = JSON.parse(String(d)) as Record<string, unknown>;
    const w = waiters.shift();
    if (w) w(m);
    else inbox.push(m);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    send: (d) => ws.send(d),
    next: () => {
      const m = inbox.shift();
      if (m) return Promise.resolve(m);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no reply')), 5000);
        waiters.push((msg) => {
          clearTimeout(timer);
          resolve(msg);
        });
      });
    },
  };
}

/** A connection as the hub's transport sees it, without a network: what was sent to it, and how it was closed. */
export function fakeSocket(): ClientSocket & { sent: Record<string, unknown>[]; closedWith: number | null } {
  return {
    sent: [],
    closedWith: null,
    send(data) {
      this.sent.push(JSON.parse(String(data)) as Record<string, unknown>);
    },
    close(code) {
      this.closedWith = code;
    },
    bufferedAmount: 0,
    remoteAddress: '127.0.0.1',
  };
}

/** Makes the next COMMIT on `db` fail as a full disk would. */
export function refuseNextCommit(db: { exec: (sql: string) => unknown }): void {
  const realExec = db.exec.bind(db);
  let refuse = true;
  db.exec = (sql: string) => {
    if (sql === 'COMMIT' && refuse) {
      refuse = false;
      throw new Error('SQLITE_FULL: database or disk is full');
    }
    return realExec(sql);
  };
}

/**
 * A WebSocket server on 127.0.0.1 that answers every request as a hub of another protocol version
 * would (PROTOCOL_VERSION): point an app at `wsUrl` (its `?hub=`) to see what it tells its user.
 */
export async function otherVersionHub(): Promise<{ wsUrl: string; hellos: () => number; close: () => Promise<void> }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  let hellos = 0;
  server.on('connection', (ws) =>
    ws.on('message', (data) => {
      const { id } = JSON.parse(String(data)) as { id: string };
      hellos++;
      ws.send(JSON.stringify({ type: 'error', id, code: ErrorCode.PROTOCOL_VERSION, message: 'hub speaks protocol 99' }));
    }),
  );
  await new Promise<void>((r) => server.once('listening', () => r()));
  return {
    wsUrl: `ws://127.0.0.1:${(server.address() as { port: number }).port}/ws`,
    hellos: () => hellos,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
