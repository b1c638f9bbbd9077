import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OfficeOverview, OfficeSnapshot } from '@turnero/protocol';
import { demoOffice } from '../demo.ts';
import { fileEngine } from '../../test/file-engine.ts';
import { askUntil, connect, key, pairDevice, signIn, startLinkedOffice, until } from '../../test/helpers.ts';
import { hashSecret } from '../auth/tokens.ts';
import { actOnTicket, callNext, issueTicket, openCounter } from '../domain/commands.ts';
import { rateTicket } from '../domain/followups.ts';
import { officeDay } from '../domain/office-state.ts';
import { OfficeEngine } from '../office-engine.ts';
import { officeReportPaged } from './config-handlers.ts';
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
    const { central, office, admin } = await startLinkedOffice(dir, { clock: () => now });
    cleanups.push(() => central.close());
    admin.stop();
    const { client: staff } = await signIn(central.wsUrl, 'central-supervisor');
    cleanups.push(() => staff.stop());
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

describe('[S5] an office drilled into at the central follows its configuration', () => {
  it('a change made at the office reaches the central’s subscribers of that office as a fresh snapshot, as it does the office’s own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'turnero-drill-config-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const { central, office, admin } = await startLinkedOffice(dir);
    cleanups.push(() => central.close());
    cleanups.push(() => admin.stop());
    cleanups.push(() => office.close());
    await askUntil(() => admin.request('offices_overview', {}), (r) => r.offices.some((o) => o.officeId === 'cucuta-centro' && o.connected), 10_000, 'the office’s link at the central');

    // A central supervisor's drill-down: a subscription to the office, through the central.
    const { client: staff } = await signIn(central.wsUrl, 'central-supervisor');
    cleanups.push(() => staff.stop());
    const snapshots: OfficeSnapshot[] = [];
    await staff.subscribe({ onSnapshot: (s) => snapshots.push(s) }, 'cucuta-centro');
    await until(() => snapshots.length === 1, 5_000, 'the first snapshot');
    const target = (s: OfficeSnapshot | undefined) => s?.services.find((x) => x.id === 'reclamos')?.targetWaitMinutes;
    expect(target(snapshots[0])).toBe(20);

    const { client: officeAdmin } = await signIn(office.wsUrl, 'admin');
    cleanups.push(() => officeAdmin.stop());
    const reclamos = office.engine.state('cucuta-centro').services.get('reclamos')!;
    await officeAdmin.request('upsert_service', { service: { ...reclamos, targetWaitMinutes: 25 } });
    // Clients learn a configuration change from the snapshot that follows it (the event alone changes nothing on their side).
    await until(() => target(snapshots.at(-1)) === 25, 10_000, 'a fresh snapshot at the central with the office’s change');
  });
});

describe('[S5] the central overview is kept up to date with what offices sent since, not replayed', () => {
  it('a second call with no new events reads no events; a new event for one office is the one event read, with its numbers right', () => {
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
    const realRead = store.eventsInRangeAfter.bind(store);
    store.eventsInRangeAfter = function* (officeId, afterSeq, upToSeq, fromMs, toMs) {
      for (const event of realRead(officeId, afterSeq, upToSeq, fromMs, toMs)) {
        reads.push(`${officeId} ${event.type}`);
        yield event;
      }
    };
    const staff = { kind: 'user', id: 'sup-c', officeId: CENTRAL_OFFICE_ID, name: 'Supervisor', role: 'supervisor', counterId: null } as const;
    const handlers = centralHandlers(e, () => null);
    const overview = () => (handlers.offices_overview(staff).data as { offices: OfficeOverview[] }).offices;
    const issued = (offices: OfficeOverview[]) => Object.fromEntries(offices.map((o) => [o.officeId, o.today.issued]));

    expect(issued(overview())).toEqual({ 'cucuta-centro': 3, ocana: 2 });
    expect(reads.filter((r) => r.endsWith('ticket_issued')).sort()).toEqual([...Array(3).fill('cucuta-centro ticket_issued'), ...Array(2).fill('ocana ticket_issued')]);
    reads.length = 0;
    const again = overview();
    expect(reads).toEqual([]);
    expect(issued(again)).toEqual({ 'cucuta-centro': 3, ocana: 2 });
    // The queues are read fresh every time (live state, not the cache): the waiting count is there.
    expect(again.find((o) => o.officeId === 'ocana')!.stats.find((s) => s.serviceId === 'pagos')!.waiting).toBe(2);

    issue('ocana', 1);
    const after = overview();
    expect(reads).toEqual(['ocana ticket_issued']);
    expect(issued(after)).toEqual({ 'cucuta-centro': 3, ocana: 3 });
    expect(after.find((o) => o.officeId === 'ocana')!.stats.find((s) => s.serviceId === 'pagos')!.waiting).toBe(3);
  });

  it('the figures kept up to date call by call are the figures of the whole day read at once (waits, served, no-shows, ratings)', async () => {
    const { store } = fileEngine();
    let now = Date.UTC(2026, 10, 23, 14, 0);
    let id = 0;
    const e = new OfficeEngine(store, () => now, () => `t-${++id}`);
    const office = 'cucuta-centro';
    store.central.createOfficeLink(office, hashSecret('token-c'), e.clock());
    const staff = { kind: 'user', id: 'sup-c', officeId: CENTRAL_OFFICE_ID, name: 'Supervisor', role: 'supervisor', counterId: null } as const;
    const handlers = centralHandlers(e, () => null);
    const today = () => (handlers.offices_overview(staff).data as { offices: OfficeOverview[] }).offices[0]!.today;
    const day = officeDay(e.state(office), e.clock());
    const whole = async () => {
      const r = (await officeReportPaged(e, office, day, day)).office;
      return { issued: r.issued, served: r.served, noShows: r.noShows, meanRating: r.meanRating, waitP50Ms: r.waitP50Ms };
    };
    const run = (decide: Parameters<typeof e.execute>[1], meta: Parameters<typeof e.execute>[2] = {}) => {
      now += MINUTE;
      const events = e.execute(office, decide, meta);
      e.drainSync();
      return events;
    };
    const agent = { agentId: 'user-agente1', counterId: 'modulo-1' };
    run((s, c) => openCounter(s, { agentId: agent.agentId, agentName: 'Agente 1' }, agent.counterId, c));
    for (let i = 0; i < 6; i++) {
      run((s, c) => issueTicket(s, { serviceId: 'pagos', preferentialClass: null, accountNumber: null, deviceId: null }, c), { ticket: { statusToken: key(), deviceId: null, idempotencyKey: null } });
      expect(today()).toEqual(await whole());
    }
    for (let i = 0; i < 5; i++) {
      const [called] = run((s, c) => callNext(s, agent, c));
      const ticketId = (called!.event as { ticketId: string }).ticketId;
      expect(today()).toEqual(await whole());
      if (i === 2) {
        run((s, c) => actOnTicket(s, agent, ticketId, 'no_show', c));
      } else {
        run((s, c) => actOnTicket(s, agent, ticketId, 'start', c));
        run((s, c) => actOnTicket(s, agent, ticketId, 'finish', c));
        run((_s, c) => rateTicket(store.ticketById(ticketId)!.ticket, { rating: 10 - i, counterId: agent.counterId, source: 'keypad' }, 3, c));
      }
      expect(today()).toEqual(await whole());
    }
    expect(today()).toMatchObject({ issued: 6, served: 4, noShows: 1, meanRating: (10 + 9 + 7 + 6) / 4 });
    expect(today().waitP50Ms).toBeGreaterThan(0);
  });
});
