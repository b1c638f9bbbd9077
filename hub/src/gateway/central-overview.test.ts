import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OfficeOverview } from '@turnero/protocol';
import { demoOffice, seedCentral, seedDemo } from '../demo.ts';
import { startHub, type Hub } from '../hub.ts';
import { fileEngine } from '../../test/file-engine.ts';
import { connect, key, pairDevice } from '../../test/helpers.ts';
import { hashSecret } from '../auth/tokens.ts';
import { issueTicket } from '../domain/commands.ts';
import { CENTRAL_OFFICE_ID, centralHandlers } from './central-handlers.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const MINUTE = 60_000;

describe('[S5] the central overview of an office whose link is down', () => {
  it('shows its figures as of when it was last heard from: its waits do not grow while nobody can know them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'turnero-overview-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    let now = Date.now();
    const clock = () => now;
    const central = await startHub({ dbPath: join(dir, 'central.db'), central: true, clock, log: () => {}, prepare: async (store) => void (await seedCentral(store, now, true)) });
    cleanups.push(() => central.close());
    const staff = await connect(central.wsUrl);
    const { token } = await staff.request('login', { username: 'central-supervisor', password: 'central-supervisor-demo' });
    cleanups.push(() => staff.stop());
    const admin = await connect(central.wsUrl);
    const login = await admin.request('login', { username: 'central-admin', password: 'central-admin-demo' });
    await admin.authenticate({ kind: 'session', token: login.token });
    const link = await admin.request('create_office_link', { officeId: 'cucuta-centro' });
    admin.stop();
    await staff.authenticate({ kind: 'session', token });

    const office: Hub = await startHub({
      dbPath: join(dir, 'office.db'),
      clock,
      log: () => {},
      prepare: async (store) => void (await seedDemo(store, 'http://127.0.0.1:0', now)),
      sync: { url: `ws://127.0.0.1:${central.port}/sync`, token: link.token, officeId: 'cucuta-centro' },
    });
    let officeOpen = true;
    cleanups.push(() => officeOpen && office.close());
    const kiosk = await connect(office.wsUrl, { kind: 'device', token: await pairDevice(office.wsUrl, 'kiosk', 'Kiosco') });
    await kiosk.request('issue_ticket', { serviceId: 'facturacion', preferentialClass: null, accountNumber: null, lang: 'es', idempotencyKey: key() });
    kiosk.stop();

    const overview = async () => (await staff.request('offices_overview', {})).offices.find((o) => o.officeId === 'cucuta-centro');
    let seen: OfficeOverview | undefined;
    const poll = async (ok: (o: OfficeOverview) => boolean, what: string) => {
      const deadline = Date.now() + 10_000;
      for (seen = await overview(); !(seen && ok(seen)); seen = await overview()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return seen;
    };
    now += 10 * MINUTE;
    const live = await poll((o) => o.connected && o.stats.some((s) => s.waiting === 1), 'the ticket at the central');
    expect(live.asOf).toBe(now);
    expect(live.stats.find((s) => s.serviceId === 'facturacion')?.longestWaitMs).toBe(10 * MINUTE);

    // The link goes down (the office hub stops); an hour passes at the central.
    const heardAt = now;
    await office.close();
    officeOpen = false;
    await poll((o) => !o.connected, 'the link seen down');
    now += 60 * MINUTE;
    const stale = (await overview())!;
    expect(stale).toMatchObject({ connected: false, asOf: heardAt });
    expect(stale.stats.find((s) => s.serviceId === 'facturacion')).toMatchObject({ waiting: 1, longestWaitMs: 10 * MINUTE });
  });
});

describe('[S5] the central overview is computed again only for offices whose log advanced', () => {
  it('a second call with no new events reads no events; a new event for one office re-reads that office only, with its numbers right', () => {
    const { e, store } = fileEngine();
    const seed = demoOffice('http://b');
    e.addOffice({ ...seed, office: { ...seed.office, id: 'ocana', name: 'Ocaña' } });
    for (const officeId of ['cucuta-centro', 'ocana']) store.central.createOfficeLink(officeId, hashSecret(`token-${officeId}`), e.clock());
    const issue = (officeId: string, n: number) => {
      for (let i = 0; i < n; i++) e.execute(officeId, (s, c) => issueTicket(s, { serviceId: 'pagos', preferentialClass: null, accountNumber: null, deviceId: null }, c), { ticket: { statusToken: key(), deviceId: null, idempotencyKey: null } });
      e.drainSync();
    };
    issue('cucuta-centro', 3);
    issue('ocana', 2);
    const reads: string[] = [];
    const realEventsBetween = store.eventsBetween.bind(store);
    store.eventsBetween = (officeId, fromMs, toMs) => {
      reads.push(officeId);
      return realEventsBetween(officeId, fromMs, toMs);
    };
    const staff = { kind: 'user', id: 'sup-c', officeId: CENTRAL_OFFICE_ID, name: 'Supervisor', role: 'supervisor', counterId: null } as const;
    const handlers = centralHandlers(e, () => null);
    const overview = () => (handlers.offices_overview(staff).data as { offices: OfficeOverview[] }).offices;
    const issued = (offices: OfficeOverview[]) => Object.fromEntries(offices.map((o) => [o.officeId, o.today.issued]));

    expect(issued(overview())).toEqual({ 'cucuta-centro': 3, ocana: 2 });
    expect(reads.sort()).toEqual(['cucuta-centro', 'ocana']);
    reads.length = 0;
    const again = overview();
    expect(reads).toEqual([]);
    expect(issued(again)).toEqual({ 'cucuta-centro': 3, ocana: 2 });
    // The queues are read fresh every time (live state, not the cache): the waiting count is there.
    expect(again.find((o) => o.officeId === 'ocana')!.stats.find((s) => s.serviceId === 'pagos')!.waiting).toBe(2);

    issue('ocana', 1);
    const after = overview();
    expect(reads).toEqual(['ocana']);
    expect(issued(after)).toEqual({ 'cucuta-centro': 3, ocana: 3 });
    expect(after.find((o) => o.officeId === 'ocana')!.stats.find((s) => s.serviceId === 'pagos')!.waiting).toBe(3);
  });
});
