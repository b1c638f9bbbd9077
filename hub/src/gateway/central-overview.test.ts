import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OfficeOverview } from '@turnero/protocol';
import { seedCentral, seedDemo } from '../demo.ts';
import { startHub, type Hub } from '../hub.ts';
import { connect, key, pairDevice } from '../../test/helpers.ts';

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
