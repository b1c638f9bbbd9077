import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { WebSocket } from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { refusalOf, SYNC_PROTOCOL_VERSION, type OfficeOverview } from '@turnero/protocol';
import type { HubClient } from '@turnero/protocol/client';
import { DEMO_SETTINGS, demoOffice, seedCentral, seedDemo } from '../src/demo.ts';
import { SqliteStore } from '../src/store/sqlite-store.ts';
import { freePort, spawnHub, waitExit } from './child-hub.ts';
import { connect, key, pairDevice, signIn, until } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'turnero-multi-'));
const children: ReturnType<typeof spawnHub>[] = [];
afterAll(async () => {
  for (const c of children) (await c).kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function seedOffice(id: string, name: string): Promise<string> {
  const path = join(dir, `${id}.db`);
  const store = new SqliteStore({ path });
  const seed = demoOffice('http://127.0.0.1');
  await seedDemo(store, 'http://127.0.0.1', Date.now(), { ...seed, office: { ...seed.office, id, name }, settings: { ...DEMO_SETTINGS, issueRatePerMinute: 100_000 } });
  store.close();
  return path;
}

/** Issues `n` tickets from a kiosk and serves about half of them (finish, rate, no-show) at one counter. */
async function work(wsUrl: string, kioskToken: string, n: number): Promise<void> {
  const kiosk = await connect(wsUrl, { kind: 'device', token: kioskToken });
  const agent = await signIn(wsUrl, 'agente1');
  await agent.client.request('open_counter', { counterId: 'modulo-3' }).catch(() => undefined);
  for (let i = 0; i < n; i++) {
    await kiosk.request('issue_ticket', { serviceId: ['pagos', 'facturacion', 'reclamos'][i % 3]!, preferentialClass: i % 4 === 0 ? 'older_adult' : null, accountNumber: null, lang: 'es', idempotencyKey: key() });
    if (i % 2 === 1) {
      const { ticket } = await agent.client.request('call_next', {});
      if (i % 6 === 5) await agent.client.request('mark_no_show', { ticketId: ticket.id });
      else {
        await agent.client.request('start_service', { ticketId: ticket.id });
        await agent.client.request('finish_service', { ticketId: ticket.id });
        await agent.client.request('rate_ticket', { ticketId: ticket.id, rating: 1 + (i % 10), source: 'keypad' });
      }
    }
  }
  kiosk.stop();
  agent.client.stop();
}

function rows(path: string, officeId: string) {
  const db = new Database(path, { readonly: true });
  const tickets = db.prepare("SELECT id, number, status, json_extract(data, '$.rating') AS rating FROM tickets WHERE office_id = ? ORDER BY id").all(officeId);
  const events = (db.prepare('SELECT count(*) AS n FROM events WHERE office_id = ?').get(officeId) as { n: number }).n;
  const types = db.prepare('SELECT type, count(*) AS n FROM events WHERE office_id = ? GROUP BY type ORDER BY type').all(officeId);
  db.close();
  return { tickets, events, types };
}

async function overview(central: HubClient): Promise<Map<string, OfficeOverview>> {
  const { offices } = await central.request('offices_overview', {});
  return new Map(offices.map((o) => [o.officeId, o]));
}

describe('[S1–S5] two office hubs and a central, on loopback', () => {
  it('the central converges to exactly the offices’ data after a cut; forged tokens are refused; config is pushed', async () => {
    const centralDb = join(dir, 'central.db');
    const cs = new SqliteStore({ path: centralDb });
    await seedCentral(cs, Date.now(), true);
    cs.close();
    const dbA = await seedOffice('oficina-a', 'Oficina A');
    const dbB = await seedOffice('oficina-b', 'Oficina B');
    const [pc, pa, pb] = [await freePort(), await freePort(), await freePort()];
    let central = await spawnHub(centralDb, pc, ['--central']);
    const centralWs = `ws://127.0.0.1:${pc}/ws`;
    const syncUrl = `ws://127.0.0.1:${pc}/sync`;
    const centralAdmin = await connect(centralWs);
    const login = await centralAdmin.request('login', { username: 'central-admin', password: 'central-admin-demo' });
    await centralAdmin.authenticate({ kind: 'session', token: login.token });
    const linkA = await centralAdmin.request('create_office_link', { officeId: 'oficina-a' });
    const linkB = await centralAdmin.request('create_office_link', { officeId: 'oficina-b' });
    centralAdmin.stop();

    const a = await spawnHub(dbA, pa, ['--central-url', syncUrl, '--central-token', linkA.token, '--office', 'oficina-a']);
    const b = await spawnHub(dbB, pb, ['--central-url', syncUrl, '--central-token', linkB.token, '--office', 'oficina-b']);
    const [wsA, wsB] = [`ws://127.0.0.1:${pa}/ws`, `ws://127.0.0.1:${pb}/ws`];
    const [kioskA, kioskB] = [await pairDevice(wsA, 'kiosk', 'K-A'), await pairDevice(wsB, 'kiosk', 'K-B')];
    await Promise.all([work(wsA, kioskA, 30), work(wsB, kioskB, 20)]);

    // Forged and mismatched tokens are refused.
    const refused = async (token: string, officeId: string) => {
      const ws = new WebSocket(syncUrl);
      const reply = new Promise<string>((r) => ws.once('message', (d) => r(String(d))));
      await new Promise((r) => ws.once('open', r));
      const seed = demoOffice('http://x');
      ws.send(JSON.stringify({ type: 'sync_hello', protocolVersion: SYNC_PROTOCOL_VERSION, token, descriptor: { ...seed, office: { ...seed.office, id: officeId } } }));
      const msg = JSON.parse(await reply) as { type: string; code: string };
      await new Promise((r) => ws.once('close', r));
      return msg;
    };
    expect(await refused(linkA.token.slice(0, -2) + 'xy', 'oficina-a')).toMatchObject({ type: 'sync_error', code: 'INVALID_TOKEN' });
    expect(await refused(linkA.token, 'oficina-b')).toMatchObject({ type: 'sync_error', code: 'FORBIDDEN' });

    // Cut the link: the central dies; both offices keep issuing and serving.
    central.kill('SIGKILL');
    await waitExit(central);
    await Promise.all([work(wsA, kioskA, 20), work(wsB, kioskB, 24)]);
    central = await spawnHub(centralDb, pc, ['--central']);
    children.push(Promise.resolve(central), Promise.resolve(a), Promise.resolve(b));

    const sup = await connect(centralWs);
    const supLogin = await sup.request('login', { username: 'central-supervisor', password: 'central-supervisor-demo' });
    await sup.authenticate({ kind: 'session', token: supLogin.token });
    const deadline = Date.now() + 30_000;
    let view = await overview(sup);
    while ((view.get('oficina-a')?.today.issued !== 50 || view.get('oficina-b')?.today.issued !== 44) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      view = await overview(sup);
    }
    expect(view.get('oficina-a')).toMatchObject({ name: 'Oficina A', connected: true, today: { issued: 50 } });
    expect(view.get('oficina-b')).toMatchObject({ name: 'Oficina B', connected: true, today: { issued: 44 } });
    expect(view.get('oficina-a')?.lastSyncAt).not.toBeNull();
    // Drill-down: central staff subscribe to one office.
    let drilled: { name: string; tickets: number } | null = null;
    await sup.subscribe({ onSnapshot: (s) => (drilled = { name: s.office.name, tickets: s.tickets?.length ?? 0 }) }, 'oficina-a');
    expect(drilled).toMatchObject({ name: 'Oficina A' });
    expect(drilled!.tickets).toBeGreaterThan(0);
    const { client: officeAgent } = await signIn(wsA, 'agente1');
    await expect(officeAgent.request('subscribe', { officeId: 'oficina-b' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    officeAgent.stop();
    const report = await sup.request('report', { from: new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Bogota' }).format(Date.now()), to: new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Bogota' }).format(Date.now()), officeId: 'oficina-b' });
    expect(report.office.issued).toBe(44);

    // Configuration pushed from the central is applied by the office and comes back through sync.
    const admin = await connect(centralWs);
    const adminLogin = await admin.request('login', { username: 'central-admin', password: 'central-admin-demo' });
    await admin.authenticate({ kind: 'session', token: adminLogin.token });
    const service = { id: 'convenios', groupId: 'presencial', prefix: 'C', name: { es: 'Convenios', en: 'Payment plans' }, icon: 'cash', mode: 'in_person' as const, targetWaitMinutes: 10, defaultServiceMinutes: 5, active: true, order: 9 };
    const push = await admin.request('push_config', { officeId: 'oficina-a', changes: [{ kind: 'service', service }, { kind: 'user', user: { id: 'user-nueva', username: 'nueva', displayName: 'Nueva Agente', role: 'agent', active: true, password: 'clave-larga-9' } }] });
    expect(push.delivered).toBe(true);
    const officeA = await connect(wsA);
    const loginDeadline = Date.now() + 10_000;
    let ok = false;
    while (!ok && Date.now() < loginDeadline) {
      ok = await officeA.request('login', { username: 'nueva', password: 'clave-larga-9' }).then(() => true, () => false);
      if (!ok) await new Promise((r) => setTimeout(r, 100));
    }
    expect(ok).toBe(true);
    // The central lists its pushes with the office's answer: kinds and ids only, never the pushed password's hash.
    let listed = (await admin.request('config_pushes', { officeId: 'oficina-a', limit: 10 })).pushes;
    for (const until = Date.now() + 10_000; listed[0]?.doneAt === null && Date.now() < until; ) {
      await new Promise((r) => setTimeout(r, 100));
      listed = (await admin.request('config_pushes', { officeId: 'oficina-a', limit: 10 })).pushes;
    }
    expect(listed).toEqual([
      expect.objectContaining({ pushId: push.pushId, officeId: 'oficina-a', ok: true, error: null, changes: [{ kind: 'service', id: 'convenios' }, { kind: 'user', id: 'user-nueva' }] }),
    ]);
    expect(listed[0]!.basedOnSeq).toBeGreaterThan(0);
    expect(JSON.stringify(listed)).not.toMatch(/scrypt|passwordHash|clave-larga/);
    // The board's flag for the office: nothing pending, nothing refused.
    expect((await admin.request('offices_overview', {})).offices.find((o) => o.officeId === 'oficina-a')!.pushes).toEqual({ pending: 0, refused: 0 });
    // The same user disabled from the central: their desk at the office is signed out and their counter released (SPEC A8).
    const nueva = await connect(wsA);
    const nuevaLogin = await nueva.request('login', { username: 'nueva', password: 'clave-larga-9' });
    await nueva.authenticate({ kind: 'session', token: nuevaLogin.token });
    await nueva.request('open_counter', { counterId: 'modulo-1' });
    await admin.request('push_config', { officeId: 'oficina-a', changes: [{ kind: 'user', user: { id: 'user-nueva', username: 'nueva', displayName: 'Nueva Agente', role: 'agent', active: false, password: null } }] });
    await until(() => nueva.principal === null, 10_000, 'the disabled user signed out at the office');
    nueva.stop();
    await expect(admin.request('push_config', { officeId: 'oficina-zzz', changes: [{ kind: 'service', service }] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // A picture the kiosks cannot draw is refused at the central, before anything is stored or sent (a valid change beside it included).
    const badIcon = await admin.request('push_config', { officeId: 'oficina-a', changes: [{ kind: 'group', group: { id: 'nuevo', name: { es: 'Nuevo', en: 'New' }, icon: 'people', order: 5 } }, { kind: 'service', service: { ...service, id: 'otro', prefix: 'O', icon: 'ticket' } }] }).catch((e: unknown) => e);
    expect(refusalOf(badIcon)).toEqual({ reason: 'unknown_icon', icon: 'ticket' });
    for (const c of [sup, admin, officeA]) c.stop();

    // Let the last events (the pushed service) drain, then stop everything and compare the databases.
    await new Promise((r) => setTimeout(r, 1500));
    for (const p of [a, b, central]) p.kill('SIGTERM');
    await Promise.all([a, b, central].map(waitExit));
    for (const [path, id] of [[dbA, 'oficina-a'], [dbB, 'oficina-b']] as const) {
      const office = rows(path, id);
      const atCentral = rows(centralDb, id);
      expect(atCentral.tickets).toEqual(office.tickets);
      expect(atCentral.types, JSON.stringify({ central: atCentral.types, office: office.types })).toEqual(office.types);
      expect(atCentral.events).toBe(office.events);
    }
    const adb = new Database(dbA, { readonly: true });
    expect(adb.prepare("SELECT count(*) AS n FROM counter_sessions WHERE office_id = 'oficina-a' AND counter_id = 'modulo-1'").get()).toEqual({ n: 0 });
    adb.close();
    const cdb = new Database(centralDb, { readonly: true });
    expect(cdb.prepare("SELECT count(*) AS n FROM services WHERE office_id = 'oficina-a' AND id = 'convenios'").get()).toEqual({ n: 1 });
    expect(cdb.prepare("SELECT count(*) AS n FROM config_pushes WHERE done_at IS NOT NULL AND ok = 1").get()).toEqual({ n: 2 });
    cdb.close();
  }, 120_000);
});
