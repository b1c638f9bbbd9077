import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ErrorCode, HubError } from '@turnero/protocol';
import type { HubClient } from '@turnero/protocol/client';
import { DEMO_SETTINGS, seedDemo } from '../src/demo.ts';
import { SqliteStore } from '../src/store/sqlite-store.ts';
import { freePort, spawnHub, waitExit } from './child-hub.ts';
import { connect, key, pairDevice } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'turnero-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Ack {
  id: string;
  number: string;
  serviceId: string;
}

/** Issues tickets in a loop; remembers each acknowledged one; rides out the hub's death by waiting to be online again. */
async function kioskLoop(client: HubClient, acks: Ack[], stop: () => boolean): Promise<void> {
  const services = ['facturacion', 'reclamos', 'pagos'];
  let i = 0;
  while (!stop()) {
    const serviceId = services[i++ % services.length]!;
    try {
      const r = await client.request('issue_ticket', { serviceId, preferentialClass: null, accountNumber: null, lang: 'es', idempotencyKey: key() });
      acks.push({ id: r.ticket.id, number: r.ticket.number, serviceId });
    } catch (error) {
      const code = error instanceof HubError ? error.code : 'unknown';
      if (code !== ErrorCode.OFFLINE && code !== ErrorCode.CONNECTION_LOST && code !== ErrorCode.TIMEOUT) throw error;
      await Promise.race([client.whenOnline(), new Promise((r) => setTimeout(r, 200))]);
    }
  }
}

describe('hub killed with SIGKILL mid-burst', () => {
  it('[P1] keeps every acknowledged ticket, and clients resume by themselves', async () => {
    const dbPath = join(dir, 'hub.db');
    const seedStore = new SqliteStore({ path: dbPath });
    await seedDemo(seedStore, 'http://127.0.0.1', Date.now());
    seedStore.db.prepare('UPDATE offices SET settings = ?').run(JSON.stringify({ ...DEMO_SETTINGS, issueRatePerMinute: 1_000_000 }));
    seedStore.close();

    const port = await freePort();
    const url = `ws://127.0.0.1:${port}/ws`;
    let hub = await spawnHub(dbPath, port);
    const tokens = await Promise.all([1, 2, 3].map((n) => pairDevice(url, 'kiosk', `Kiosco ${n}`)));
    const clients = await Promise.all(tokens.map((token) => connect(url, { kind: 'device', token }, { maxBackoffMs: 200 })));
    const acks: Ack[] = [];
    let stopping = false;
    const loops = clients.map((c) => kioskLoop(c, acks, () => stopping));

    const deadline = Date.now() + 20_000;
    while (acks.length < 300 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(acks.length).toBeGreaterThanOrEqual(300);
    hub.kill('SIGKILL');
    await waitExit(hub);
    const acksAtKill = acks.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(clients.every((c) => c.state !== 'online')).toBe(true);

    hub = await spawnHub(dbPath, port);
    const resumeDeadline = Date.now() + 20_000;
    while (acks.length < acksAtKill + 300 && Date.now() < resumeDeadline) await new Promise((r) => setTimeout(r, 5));
    stopping = true;
    await Promise.all(loops);
    expect(acks.length).toBeGreaterThanOrEqual(acksAtKill + 300);
    expect(clients.every((c) => c.state === 'online')).toBe(true);
    for (const c of clients) c.stop();
    hub.kill('SIGTERM');
    await waitExit(hub);

    const db = new Database(dbPath, { readonly: true });
    const stored = new Map((db.prepare('SELECT id, number, service_id FROM tickets').all() as { id: string; number: string; service_id: string }[]).map((r) => [r.id, r]));
    const missing = acks.filter((a) => stored.get(a.id)?.number !== a.number);
    expect(missing).toEqual([]);
    const dupes = db.prepare('SELECT service_id, day, number, count(*) n FROM tickets GROUP BY service_id, day, number HAVING n > 1').all();
    expect(dupes).toEqual([]);
    // Numbers stay contiguous per service across the crash: the counter bump and insert share a transaction.
    for (const { service_id, day } of db.prepare('SELECT DISTINCT service_id, day FROM tickets').all() as { service_id: string; day: string }[]) {
      const nums = (db.prepare('SELECT number FROM tickets WHERE service_id = ? AND day = ?').all(service_id, day) as { number: string }[])
        .map((r) => Number(r.number.split('-')[1]))
        .sort((a, b) => a - b);
      expect(nums).toEqual(nums.map((_, i) => i + 1));
    }
    db.close();
  }, 90_000);
});
