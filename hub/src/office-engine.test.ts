import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, onTestFinished } from 'vitest';
import { HubError } from '@turnero/protocol';
import { actOnTicket, callNext, cancelTicket, issueTicket, openCounter, releaseCounter } from './domain/commands.ts';
import { upsertService } from './domain/config.ts';
import { demoOffice } from './demo.ts';
import { MAX_GATHER_TURNS, OfficeEngine } from './office-engine.ts';
import { SqliteStore } from './store/sqlite-store.ts';
import { ticketStatusView } from './domain/ticket-status.ts';
import { beforeEachFsync, fileEngine } from '../test/file-engine.ts';
import { refuseNextCommit, until } from '../test/helpers.ts';

function engine() {
  const store = new SqliteStore({ path: ':memory:' });
  store.createOffice(demoOffice('http://hub'));
  let id = 0;
  const now = Date.UTC(2026, 10, 23, 14, 0);
  return new OfficeEngine(store, () => now, () => `id-${++id}`);
}

const issue = (serviceId: string) => (s: Parameters<typeof issueTicket>[0], c: Parameters<typeof issueTicket>[2]) =>
  issueTicket(s, { serviceId, preferentialClass: null, accountNumber: null, deviceId: null }, c);
const meta = (n: number) => ({ ticket: { statusToken: `st-${n}`, deviceId: null, idempotencyKey: null } });

describe('OfficeEngine', () => {
  it('[W1] a restarted hub estimates waits from the same service times as before it stopped: the last finished, not the last issued', () => {
    const store = new SqliteStore({ path: ':memory:' });
    store.createOffice(demoOffice('http://hub'));
    let now = Date.UTC(2026, 10, 23, 14, 0);
    let id = 0;
    const e = new OfficeEngine(store, () => now, () => `id-${++id}`, { groupCommit: false });
    const office = 'cucuta-centro';
    const m1 = { agentId: 'u1', counterId: 'modulo-1' };
    const m3 = { agentId: 'u3', counterId: 'modulo-3' };
    e.execute(office, (s, c) => openCounter(s, { agentId: 'u1', agentName: 'U1' }, 'modulo-1', c));
    e.execute(office, (s, c) => openCounter(s, { agentId: 'u3', agentName: 'U3' }, 'modulo-3', c));
    let n = 0;
    const ticketIdOf = (events: ReturnType<typeof e.execute>) => {
      const ev = events[0]?.event;
      if (ev?.type !== 'ticket_issued') throw new Error('no ticket');
      return ev.ticket.id;
    };
    // One long service started first at modulo-1, finished after twenty one-minute services at modulo-3.
    const long = ticketIdOf(e.execute(office, issue('pagos'), meta(++n)));
    e.execute(office, (s, c) => callNext(s, m1, c));
    e.execute(office, (s, c) => actOnTicket(s, m1, long, 'start', c));
    for (let i = 0; i < 20; i++) {
      const tid = ticketIdOf(e.execute(office, issue('pagos'), meta(++n)));
      e.execute(office, (s, c) => callNext(s, m3, c));
      e.execute(office, (s, c) => actOnTicket(s, m3, tid, 'start', c));
      now += 60_000;
      e.execute(office, (s, c) => actOnTicket(s, m3, tid, 'finish', c));
    }
    e.execute(office, (s, c) => actOnTicket(s, m1, long, 'finish', c));
    const restarted = new OfficeEngine(store, () => now, () => `id-${++id}`, { groupCommit: false });
    expect(restarted.state(office).serviceSamples.get('pagos')).toEqual(e.state(office).serviceSamples.get('pagos'));
    expect(e.state(office).serviceSamples.get('pagos')?.at(-1)).toBe(20 * 60_000);
  });

  it('[P1][N3] commits the ticket, the day counter and the event together', () => {
    const e = engine();
    const [first] = e.execute('cucuta-centro', issue('pagos'), meta(1));
    const [second] = e.execute('cucuta-centro', issue('pagos'), meta(2));
    expect(first?.event.type === 'ticket_issued' && first.event.ticket.number).toBe('P-001');
    expect(second?.event.type === 'ticket_issued' && second.event.ticket.number).toBe('P-002');
    expect(second!.seq).toBeGreaterThan(first!.seq);
    const row = e.store.db.prepare('SELECT last FROM day_counters').get() as { last: number };
    expect(row.last).toBe(2);
    expect(e.store.lastSeq('cucuta-centro')).toBe(second!.seq);
  });

  it('a domain refusal writes nothing', () => {
    const e = engine();
    expect(() => e.execute('cucuta-centro', issue('no-such-service'), meta(1))).toThrow(HubError);
    expect(e.store.lastSeq('cucuta-centro')).toBe(0);
  });

  it('a failed commit rolls back the rows and rebuilds the live state from them', () => {
    const e = engine();
    e.execute('cucuta-centro', issue('pagos'), meta(1));
    expect(() =>
      e.execute('cucuta-centro', issue('pagos'), {
        ...meta(2),
        extraWrites: () => {
          throw new Error('disk full');
        },
      }),
    ).toThrow('disk full');
    expect(e.state('cucuta-centro').active.size).toBe(1);
    // A duplicate status token violates a UNIQUE constraint after the state was advanced: the state must roll back too.
    expect(() => e.execute('cucuta-centro', issue('pagos'), meta(1))).toThrow(/UNIQUE/);
    expect(e.state('cucuta-centro').active.size).toBe(1);
    const [next] = e.execute('cucuta-centro', issue('pagos'), meta(3));
    expect(next?.event.type === 'ticket_issued' && next.event.ticket.number).toBe('P-002');
  });

  it('[N1] a stored day counter never goes down (a clock set wrong and back must not restart a day at 001 after a restart)', () => {
    const e = engine();
    e.store.bumpDayCounter('cucuta-centro', 'pagos', '2026-11-23', 41);
    e.store.bumpDayCounter('cucuta-centro', 'pagos', '2026-11-23', 2);
    expect(e.store.loadOffice('cucuta-centro').dayCounters.get('pagos', '2026-11-23')).toBe(41);
  });

  it('[N1] a hub restarted while its clock is days ahead still has today\'s counter once the clock is put right', () => {
    const e = engine(); // 2026-11-23 in Bogotá
    e.store.bumpDayCounter('cucuta-centro', 'pagos', '2026-11-22', 7);
    e.store.bumpDayCounter('cucuta-centro', 'pagos', '2026-11-23', 41);
    e.store.bumpDayCounter('cucuta-centro', 'pagos', '2026-11-28', 3); // issued while the clock was five days ahead
    const restarted = e.store.loadOffice('cucuta-centro');
    expect(restarted.dayCounters.days()).toEqual(['2026-11-22', '2026-11-23', '2026-11-28']);
    expect(restarted.dayCounters.get('pagos', '2026-11-23')).toBe(41);
  });

  it('[N1] a restarted hub still knows how far each letter went today: a service given a letter used today by another goes on from there', () => {
    const e = engine();
    for (let i = 1; i <= 3; i++) {
      const [issued] = e.execute('cucuta-centro', issue('reclamos'), meta(i));
      const ticketId = issued?.event.type === 'ticket_issued' ? issued.event.ticket.id : '';
      e.execute('cucuta-centro', (s, c) => cancelTicket(s, { ticketId, reason: 'prueba' }, c));
    }
    const reclamos = e.state('cucuta-centro').services.get('reclamos')!;
    e.execute('cucuta-centro', (s, c) => upsertService(s, { ...reclamos, active: false }, 'admin', c));
    e.execute('cucuta-centro', (s, c) => upsertService(s, { ...reclamos, id: 'quejas', name: { es: 'Quejas', en: 'Complaints' } }, 'admin', c));
    e.reloadOffice('cucuta-centro');
    const [next] = e.execute('cucuta-centro', issue('quejas'), meta(9));
    expect(next?.event.type === 'ticket_issued' && next.event.ticket.number).toBe(`${reclamos.prefix}-004`);
  });

  it('rebuilds the same state from the database after a restart', () => {
    const e = engine();
    for (let i = 1; i <= 5; i++) e.execute('cucuta-centro', issue(i % 2 ? 'pagos' : 'reclamos'), meta(i));
    const reloaded = e.store.loadOffice('cucuta-centro');
    const live = e.state('cucuta-centro');
    expect([...reloaded.active.values()]).toEqual([...live.active.values()]);
    expect(reloaded.dayCounters.entries()).toEqual(live.dayCounters.entries());
    expect(reloaded.dayCounters.prefixEntries()).toEqual(live.dayCounters.prefixEntries());
    expect(live.dayCounters.prefixEntries().length).toBeGreaterThan(0);
    expect(reloaded.waitingCount).toEqual(live.waitingCount);
  });

  it('[P5] a restarted hub shows the same recent calls: one taken back is not among them, the others are, newest first', () => {
    const e = engine();
    const agent = { agentId: 'a1', counterId: 'modulo-1' };
    e.execute('cucuta-centro', (s, c) => openCounter(s, { agentId: 'a1', agentName: 'A' }, 'modulo-1', c));
    for (let i = 1; i <= 14; i++) e.execute('cucuta-centro', issue('pagos'), meta(i));
    let takenBack = '';
    for (let i = 0; i < 14; i++) {
      const [called] = e.execute('cucuta-centro', (s, c) => callNext(s, agent, c));
      const id = called?.event.type === 'ticket_called' ? called.event.ticketId : '';
      // Every third call is taken back, and the last one is.
      if (i % 3 === 1 || i === 13) {
        e.execute('cucuta-centro', (s, c) => actOnTicket(s, agent, id, 'requeue', c));
        takenBack = id;
      } else e.execute('cucuta-centro', (s, c) => actOnTicket(s, agent, id, 'no_show', c));
    }
    const live = e.state('cucuta-centro').recentCalls;
    expect(live.length).toBeGreaterThan(0);
    expect(live.some((c) => c.ticketId === takenBack)).toBe(false);
    expect(e.store.loadOffice('cucuta-centro').recentCalls).toEqual(live);
  });

  it('[A8] a ticket finished by releasing its counter is stored done with no end time: no service time after a restart either', () => {
    const e = engine();
    e.execute('cucuta-centro', (s, c) => openCounter(s, { agentId: 'a1', agentName: 'A' }, 'modulo-1', c));
    const [issued] = e.execute('cucuta-centro', issue('pagos'), meta(1));
    const id = issued?.event.type === 'ticket_issued' ? issued.event.ticket.id : '';
    e.execute('cucuta-centro', (s, c) => callNext(s, { agentId: 'a1', counterId: 'modulo-1' }, c));
    e.execute('cucuta-centro', (s, c) => actOnTicket(s, { agentId: 'a1', counterId: 'modulo-1' }, id, 'start', c));
    e.execute('cucuta-centro', (s, c) => releaseCounter(s, { counterId: 'modulo-1', agentId: 'a1', ticketId: id, servingTicket: 'finish' }, 'sup', c));
    expect(e.store.ticketById(id)?.ticket).toMatchObject({ status: 'done', endedAt: null });
    expect(e.state('cucuta-centro').serviceSamples.get('pagos') ?? []).toEqual([]);
    expect(e.store.loadOffice('cucuta-centro').serviceSamples.get('pagos') ?? []).toEqual([]);
    // The live page (and the video booth reading it) knows it takes no rating.
    expect(ticketStatusView(e.state('cucuta-centro'), e.store.ticketById(id)!.ticket)).toMatchObject({ status: 'done', rateable: false });
  });

  it('[P3] a kiosk key is known at once, survives a restart, is forgotten by a rolled-back command, and lasts three days issued on', () => {
    const dir = mkdtempSync(join(tmpdir(), 'turnero-engine-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'hub.db');
    let now = Date.UTC(2026, 10, 21, 15, 0); // 10:00 in Bogotá
    let id = 0;
    const open = () => new OfficeEngine(new SqliteStore({ path }), () => now, () => `id-${++id}`, { groupCommit: false });
    const keyed = (key: string) => ({ ticket: { statusToken: `st-${key}`, deviceId: 'kiosk-1', idempotencyKey: key } });
    const ticketOf = (events: ReturnType<OfficeEngine['execute']>) => (events[0]?.event.type === 'ticket_issued' ? events[0].event.ticket.id : null);
    const seed = new SqliteStore({ path });
    seed.createOffice(demoOffice('http://hub'));
    seed.close();

    let e = open();
    const first = ticketOf(e.execute('cucuta-centro', issue('pagos'), keyed('k-sat')));
    expect(e.state('cucuta-centro').issuedKeys.get('kiosk-1', 'k-sat')).toBe(first);
    expect(e.state('cucuta-centro').issuedKeys.get('kiosk-2', 'k-sat')).toBeNull();
    expect(() => e.execute('cucuta-centro', issue('pagos'), { ...keyed('k-lost'), extraWrites: () => { throw new Error('disk full'); } })).toThrow('disk full');
    expect(e.state('cucuta-centro').issuedKeys.get('kiosk-1', 'k-lost')).toBeNull();
    e.store.close();

    now += 86_400_000; // Sunday: Saturday's key is still known after a restart
    e = open();
    expect(e.state('cucuta-centro').issuedKeys.get('kiosk-1', 'k-sat')).toBe(first);
    const second = ticketOf(e.execute('cucuta-centro', issue('pagos'), keyed('k-sun')));
    e.store.close();

    now += 86_400_000; // Monday: both still known after a restart
    e = open();
    expect([e.state('cucuta-centro').issuedKeys.get('kiosk-1', 'k-sat'), e.state('cucuta-centro').issuedKeys.get('kiosk-1', 'k-sun')]).toEqual([first, second]);
    e.execute('cucuta-centro', issue('pagos'), keyed('k-mon'));
    e.store.close();

    now += 86_400_000; // Tuesday: Saturday's is forgotten, Sunday's kept — whether the hub restarted or not
    e = open();
    const restarted = e.state('cucuta-centro').issuedKeys;
    expect([restarted.get('kiosk-1', 'k-sat'), restarted.get('kiosk-1', 'k-sun')]).toEqual([first, second]); // loaded: the last three days issued on
    e.execute('cucuta-centro', issue('pagos'), keyed('k-tue'));
    const live = e.state('cucuta-centro').issuedKeys;
    expect([live.get('kiosk-1', 'k-sat'), live.get('kiosk-1', 'k-sun')]).toEqual([null, second]);
    expect(live.days()).toEqual(['2026-11-22', '2026-11-23', '2026-11-24']);
    e.store.close();
    e = open();
    expect(e.state('cucuta-centro').issuedKeys.days()).toEqual(['2026-11-22', '2026-11-23', '2026-11-24']);
    e.store.close();
  });

  it('[P3] a kiosk key outlives a clock set days ahead and put right, live and across a restart while it was ahead', () => {
    const dir = mkdtempSync(join(tmpdir(), 'turnero-engine-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'hub.db');
    const today = Date.UTC(2026, 10, 23, 15, 0); // 10:00 in Bogotá
    const ahead = today + 5 * 86_400_000;
    let now = today;
    let id = 0;
    const open = () => new OfficeEngine(new SqliteStore({ path }), () => now, () => `id-${++id}`, { groupCommit: false });
    const keyed = (key: string) => ({ ticket: { statusToken: `st-${key}`, deviceId: 'kiosk-1', idempotencyKey: key } });
    const seed = new SqliteStore({ path });
    seed.createOffice(demoOffice('http://hub'));
    seed.close();

    let e = open();
    const [issued] = e.execute('cucuta-centro', issue('pagos'), keyed('k-today'));
    const first = issued?.event.type === 'ticket_issued' ? issued.event.ticket.id : null;
    now = ahead; // someone sets the clock five days ahead; a ticket is issued meanwhile
    e.execute('cucuta-centro', issue('pagos'), keyed('k-ahead'));
    now = today; // and puts it right: the kiosk resending today's key must get its ticket back, not a second one
    expect(e.state('cucuta-centro').issuedKeys.get('kiosk-1', 'k-today')).toBe(first);
    e.store.close();

    now = ahead; // the hub restarts while the clock is still ahead
    e = open();
    now = today;
    expect(e.state('cucuta-centro').issuedKeys.get('kiosk-1', 'k-today')).toBe(first);
    e.store.close();

    // Ahead on three more dates (more than the live state keeps), put right: today's numbering goes on
    // from the stored counter, and after a restart today's keys are those of the days last issued
    // on, though three dates are later than today.
    e = open();
    for (let d = 6; d <= 8; d++) {
      now = today + d * 86_400_000;
      e.execute('cucuta-centro', issue('pagos'), keyed(`k-ahead-${d}`));
    }
    now = today;
    const [again] = e.execute('cucuta-centro', issue('pagos'), keyed('k-back'));
    expect(again?.event.type === 'ticket_issued' && again.event.ticket.number).toBe('P-002');
    e.store.close();
    e = open();
    expect(e.state('cucuta-centro').issuedKeys.get('kiosk-1', 'k-back')).toBe(again?.event.type === 'ticket_issued' ? again.event.ticket.id : 'none');
    e.store.close();
  });

  it('[P1] acknowledges only after the WAL fsync that follows the COMMIT, never at the COMMIT itself', async () => {
    // At each fsync: what another connection sees, and what was acknowledged or may leave the hub.
    const atFsync: { rows: number; acks: number; durableSeq: number }[] = [];
    const acks: boolean[] = [];
    const { e, store, path } = fileEngine();
    const reader = new Database(path, { readonly: true });
    onTestFinished(() => void reader.close());
    beforeEachFsync(store, () => {
      if (!reader.open) return; // closing
      const rows = (reader.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n;
      atFsync.push({ rows, acks: acks.length, durableSeq: e.durableSeq('cucuta-centro') });
    });
    e.execute('cucuta-centro', issue('pagos'), meta(1));
    e.afterCommit((ok) => acks.push(ok));
    expect(reader.prepare('SELECT count(*) AS n FROM tickets').get()).toEqual({ n: 0 }); // the batch is open
    await until(() => acks.length === 1);
    // Committed before the fsync (another connection saw the row); acknowledged and released only after it.
    expect(atFsync).toEqual([{ rows: 1, acks: 0, durableSeq: 0 }]);
    expect(acks).toEqual([true]);
    expect(e.durableSeq('cucuta-centro')).toBe(1);
    // With no batch open, everything written is durable already.
    e.afterCommit((ok) => acks.push(ok));
    expect(acks).toEqual([true, true]);
  });

  it('[P1] commands from consecutive event-loop turns share one COMMIT and one fsync, for a bounded number of turns', async () => {
    const fsyncs: number[] = [];
    const { e, store } = fileEngine();
    beforeEachFsync(store, () => fsyncs.push(store.db.prepare('SELECT count(*) AS n FROM tickets').pluck().get() as number));
    const nextTurn = () => new Promise((r) => setImmediate(r));
    const acks: boolean[] = [];
    // A command every turn: the batch waits MAX_GATHER_TURNS turns beyond its first, then commits.
    for (let n = 1; n <= 8; n++) {
      e.execute('cucuta-centro', issue('pagos'), meta(n));
      e.afterCommit((ok) => acks.push(ok));
      await nextTurn();
    }
    await until(() => acks.length === 8);
    expect(fsyncs).toEqual([1 + MAX_GATHER_TURNS, 8]);
    // A turn that brings nothing commits at once: a lone command waits one turn, not MAX_GATHER_TURNS.
    e.execute('cucuta-centro', issue('pagos'), meta(9));
    e.afterCommit((ok) => acks.push(ok));
    await nextTurn();
    expect(fsyncs).toHaveLength(2);
    await nextTurn();
    expect(fsyncs).toEqual([1 + MAX_GATHER_TURNS, 8, 9]);
    expect(acks).toEqual(Array(9).fill(true));
  });

  it('a refused fsync refuses the acknowledgements and everything after it, and reports the failure', async () => {
    const failures: string[] = [];
    const { e, store } = fileEngine({ onDurabilityFailure: (error) => failures.push(error.message) });
    let refused = false;
    beforeEachFsync(store, () => {
      if (refused) return; // once: the test's clean-up closes the store
      refused = true;
      throw new Error('EIO: input/output error');
    });
    const acks: boolean[] = [];
    e.execute('cucuta-centro', issue('pagos'), meta(1));
    e.afterCommit((ok) => acks.push(ok));
    await until(() => acks.length === 1);
    expect(acks).toEqual([false]);
    expect(failures).toEqual(['EIO: input/output error']);
    expect(e.durableSeq('cucuta-centro')).toBe(0);
    e.afterCommit((ok) => acks.push(ok));
    expect(acks).toEqual([false, false]);
    // A later batch is committed but never acknowledged: the disk is in doubt.
    e.execute('cucuta-centro', issue('pagos'), meta(2));
    e.afterCommit((ok) => acks.push(ok));
    await until(() => acks.length === 3);
    expect(acks).toEqual([false, false, false]);
    expect(failures).toHaveLength(1);
    expect(e.durableSeq('cucuta-centro')).toBe(0);
  });

  it('drainSync also commits a batch that a waiter opened while the last one was released', () => {
    const { e, store } = fileEngine();
    const acks: boolean[] = [];
    e.execute('cucuta-centro', issue('pagos'), meta(1));
    e.afterCommit(() => {
      e.execute('cucuta-centro', issue('pagos'), meta(2));
      e.afterCommit((ok) => acks.push(ok));
    });
    e.drainSync();
    expect(acks).toEqual([true]);
    expect(store.db.prepare('SELECT count(*) FROM tickets').pluck().get()).toBe(2);
    expect(e.durableSeq('cucuta-centro')).toBe(2);
  });

  it('a store closed under an open batch is left alone by the batch\'s pending commit', async () => {
    const { e, store } = fileEngine();
    const acks: boolean[] = [];
    e.execute('cucuta-centro', issue('pagos'), meta(1));
    e.afterCommit((ok) => acks.push(ok));
    store.close(); // rolls the open transaction back; nothing in it was answered
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(acks).toEqual([]);
  });

  it('a failure of the store\'s housekeeping after a COMMIT (a WAL tail copy on a full disk) is logged: the batch stays answered and the hub serves on', () => {
    const lines: string[] = [];
    const { e, store } = fileEngine({ log: (line) => lines.push(line) });
    const acks: boolean[] = [];
    store.committed = () => {
      throw new Error('SQLITE_FULL: database or disk is full');
    };
    e.execute('cucuta-centro', issue('pagos'), meta(1));
    e.afterCommit((ok) => acks.push(ok));
    e.flush();
    expect(acks).toEqual([true]);
    expect(lines).toEqual([expect.stringContaining('SQLITE_FULL: database or disk is full')]);
    e.execute('cucuta-centro', issue('pagos'), meta(2));
    e.afterCommit((ok) => acks.push(ok));
    e.flush();
    expect(acks).toEqual([true, true]);
    expect(store.db.prepare('SELECT count(*) FROM tickets').pluck().get()).toBe(2);
    expect(e.durableSeq('cucuta-centro')).toBe(2);
  });

  it('remembers the last write the disk refused (a COMMIT, an fsync) until a commit succeeds again, for /health', () => {
    const now = Date.UTC(2026, 10, 23, 14, 0); // fileEngine's clock
    let id = 0;
    const { e, store } = fileEngine();
    expect(e.writeFailure).toBeNull();
    refuseNextCommit(store.db);
    e.execute('cucuta-centro', issue('pagos'), meta(1));
    e.flush();
    expect(e.writeFailure).toEqual({ at: now, message: 'SQLITE_FULL: database or disk is full' });
    e.execute('cucuta-centro', issue('pagos'), meta(2));
    e.flush();
    expect(e.writeFailure).toBeNull();

    // Without group commit each command is its own COMMIT: a disk refusing it counts, a refused row does not.
    const solo = new OfficeEngine(store, () => now, () => `solo-${++id}`, { groupCommit: false });
    const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    expect(() => solo.execute('cucuta-centro', issue('pagos'), { ...meta(3), extraWrites: () => { throw full; } })).toThrow('disk is full');
    expect(solo.writeFailure).toEqual({ at: now, message: 'database or disk is full' });
    solo.execute('cucuta-centro', issue('pagos'), meta(4));
    expect(solo.writeFailure).toBeNull();
    expect(() => solo.execute('cucuta-centro', issue('pagos'), meta(4))).toThrow(/UNIQUE/); // the same status token again
    expect(solo.writeFailure).toBeNull();
  });

  it('a refused fsync is a write failure that stays: nothing is acknowledged from then on', () => {
    const { e, store } = fileEngine({ onDurabilityFailure: () => {} });
    let refuse = true;
    beforeEachFsync(store, () => {
      if (!refuse) return;
      refuse = false;
      throw new Error('EIO: input/output error');
    });
    e.execute('cucuta-centro', issue('pagos'), meta(1));
    e.flush();
    expect(e.writeFailure).toMatchObject({ message: 'EIO: input/output error' });
    e.execute('cucuta-centro', issue('pagos'), meta(2));
    e.flush();
    expect(e.writeFailure).toMatchObject({ message: 'EIO: input/output error' });
  });
});
