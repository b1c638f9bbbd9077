import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HubEvent, Ticket } from '@turnero/protocol';
import { DayEnd } from './day-end.ts';
import { startHub } from './hub.ts';
import { connect, key, pairDevice, signIn, startTestHub, until, type TestHub } from '../test/index.ts';

const OFFICE = 'cucuta-centro';
/** 2026-11-23 19:00 in Cúcuta (America/Bogota, UTC-5): the office is closing with people still waiting. */
const EVENING = Date.UTC(2026, 10, 24, 0, 0);
const HOUR = 3_600_000;

let t: TestHub | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

async function eveningWithPeopleWaiting(clock: () => number) {
  // The minute check is the production schedule; these tests sweep by hand.
  t = await startTestHub({ clock, dayEndCheckMs: 3_600_000 });
  const kiosk = await connect(t.hub.wsUrl, { kind: 'device', token: await pairDevice(t.hub.wsUrl, 'kiosk', 'Kiosco') });
  const issue = async (serviceId: string, phone: string | null = null): Promise<Ticket> =>
    (await kiosk.request('issue_ticket', { serviceId, preferentialClass: null, accountNumber: null, phone, lang: 'es', idempotencyKey: key() })).ticket;
  const tickets = [await issue('facturacion'), await issue('pagos', '3001234567')];
  kiosk.stop();
  return tickets;
}

describe('end of the day through the hub (SPEC D1)', () => {
  it('[D1] after local midnight the waiting tickets are cancelled, the apps are told at once, and a phone gets a callback', async () => {
    let now = EVENING;
    const [f, p] = await eveningWithPeopleWaiting(() => now);
    const hub = t!.hub;
    // The supervisor's board hears of each ticket; the hall display's waiting counts go to zero.
    const { client: board } = await signIn(hub.wsUrl, 'supervisor');
    const seen: HubEvent[] = [];
    await board.subscribe({ onEvent: (e) => seen.push(e) });
    const display = await connect(hub.wsUrl, { kind: 'device', token: await pairDevice(hub.wsUrl, 'display', 'Pantalla') });
    let waiting = -1;
    await display.subscribe({ onStats: (stats) => (waiting = stats.reduce((n, s) => n + s.waiting, 0)) });
    await until(() => waiting === 2, 5000, 'the display counts two waiting');

    now = EVENING + 4 * HOUR + 59 * 60_000; // 23:59 local: still the same day
    expect(hub.dayEnd!.sweep()).toBe(0);
    now = EVENING + 5 * HOUR + 60_000; // 00:01 local
    expect(hub.dayEnd!.sweep()).toBe(2);
    await until(() => seen.filter((e) => e.type === 'ticket_cancelled').length === 2, 5000, 'the board hears of both');
    await until(() => waiting === 0, 5000, 'the display counts nobody waiting');
    expect(seen.filter((e) => e.type === 'ticket_cancelled').map((e) => e.type === 'ticket_cancelled' && [e.ticketId, e.reason])).toEqual([
      [f!.id, 'day_ended'],
      [p!.id, 'day_ended'],
    ]);
    const state = hub.engine.state(OFFICE);
    expect([...state.active.values()].filter((x) => x.status === 'waiting')).toEqual([]);
    expect(hub.store.callbacksOf(OFFICE, 'open').map((c) => [c.phone, c.source])).toEqual([['3001234567', 'cancelled']]);
    // Once a day: the same day again has nothing to do.
    expect(hub.dayEnd!.sweep()).toBe(0);
    display.stop();
    board.stop();
  });

  it('[D1] a hub that was off over midnight ends the past day when it starts, and writes it to disk', async () => {
    let now = EVENING;
    const [f] = await eveningWithPeopleWaiting(() => now);
    const { dir } = t!;
    await t!.hub.close();
    t = null;
    now = EVENING + 13 * HOUR; // 08:00 the next morning
    const hub = await startHub({ dbPath: join(dir, 'hub.db'), clock: () => now, log: () => {}, dayEndCheckMs: 3_600_000 });
    try {
      expect([...hub.engine.state(OFFICE).active.values()].filter((x) => x.status === 'waiting')).toEqual([]);
      hub.engine.drainSync();
      expect(hub.store.db.prepare('SELECT status FROM tickets WHERE id = ?').get(f!.id)).toEqual({ status: 'cancelled' });
    } finally {
      await hub.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('[D1] the hall display’s recent calls in a snapshot are today’s only: last night’s F-010 is not on the screen this morning', async () => {
    let now = EVENING;
    await eveningWithPeopleWaiting(() => now);
    const hub = t!.hub;
    const { client: agent } = await signIn(hub.wsUrl, 'agente1');
    await agent.request('open_counter', { counterId: 'modulo-1' });
    const { ticket } = await agent.request('call_next', {});
    const displayToken = await pairDevice(hub.wsUrl, 'display', 'Pantalla');
    const recentAt = async () => {
      const display = await connect(hub.wsUrl, { kind: 'device', token: displayToken });
      let numbers: string[] | null = null;
      await display.subscribe({ onSnapshot: (snap) => (numbers = snap.recentCalls.map((c) => c.number)) });
      await until(() => numbers !== null);
      display.stop();
      return numbers as unknown as string[];
    };
    expect(await recentAt()).toEqual([ticket!.number]);
    now = EVENING + 13 * HOUR; // 08:00 the next morning
    expect(await recentAt()).toEqual([]);
    agent.stop();
  });
});

describe('DayEnd schedule', () => {
  it('[D1] sweeps at start, then just after each minute’s turn of the hub’s clock (an office’s midnight is a minute’s turn)', async () => {
    vi.useFakeTimers();
    try {
      const start = Date.UTC(2026, 10, 24, 4, 59, 30, 400); // 23:59:30.4 in Bogotá
      vi.setSystemTime(start);
      const sweeps: number[] = [];
      const engine = { officeIds: () => (sweeps.push(Date.now()), []), execute: () => [], afterCommit: () => {}, clock: () => Date.now() };
      const dayEnd = new DayEnd(engine, () => {}, () => {});
      dayEnd.start(60_000);
      expect(sweeps).toEqual([start]);
      await vi.advanceTimersByTimeAsync(29_000);
      expect(sweeps).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(60_000);
      const midnight = Date.UTC(2026, 10, 24, 5, 0);
      expect(sweeps.slice(1).map((at) => at - midnight)).toEqual([20]);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(sweeps.slice(2).map((at) => at - midnight)).toEqual([60_020]);
      dayEnd.stop();
      await vi.advanceTimersByTimeAsync(180_000);
      expect(sweeps).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });
});
