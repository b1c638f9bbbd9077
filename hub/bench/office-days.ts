/**
 * Part of `npm run bench`: a month of office days through one hub, to show that what the hub keeps
 * does not grow with the days it has served (an office hub runs for months on a small machine).
 *
 * The hub runs in this process with its clock moved by hand (07:00 to 17:30 each day, Bogotá),
 * driven over loopback by the real client library: a kiosk issues the day's tickets (some
 * preferential, some with an account number, some callback requests instead), three agents (one of them the admin) sign in each morning,
 * open their counters, call, start, finish, rate, now and then mark a no-show or transfer, and sign
 * out; a hall display stays subscribed the whole month and a supervisor's board each day; the
 * display's and the kiosk's connections drop every 50 arrivals (they reconnect and resume); the last half hour
 * nobody calls, so the end of the day (SPEC D1) has tickets to close the next morning. After each
 * day: a full garbage collection, then the JavaScript heap in use and what the hub holds per office.
 *
 * The targets: the heap after the last day within HEAP_GROWTH_MIB of the heap after WARM_DAYS (the
 * first days fill caches: compiled code, prepared statements, SQLite's page cache is outside the
 * heap and bounded by its own size), no ticket from an earlier day left in the live state, and every
 * call heard by the display, whose connection drops every 50 arrivals.
 */
import { getHeapStatistics } from 'node:v8';
import type { HubClient } from '@turnero/protocol/client';
import { HubError, type Ticket } from '@turnero/protocol';
import { prng } from '../test/prng.ts';
import { connect, key, pairDevice, signIn, startTestHub, until } from '../test/helpers.ts';

const DAYS = Number(process.env.BENCH_DAYS ?? 30);
const TICKETS_A_DAY = Number(process.env.BENCH_TICKETS_A_DAY ?? 600);
const WARM_DAYS = 5;
const HEAP_GROWTH_MIB = 4;
const OFFICE = 'cucuta-centro';
const SERVICES = ['facturacion', 'reclamos', 'pagos'] as const;
const AGENTS = [
  { username: 'agente1', counterId: 'modulo-1' },
  { username: 'agente2', counterId: 'modulo-2' },
  { username: 'admin', counterId: 'modulo-3' },
] as const;
const HOUR = 3_600_000;

const exposedGc = (globalThis as { gc?: () => void }).gc;
if (!exposedGc) throw new Error('run with --expose-gc (npm run bench does)');
const gc: () => void = exposedGc;

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

interface Desk {
  client: HubClient;
  ticket: Ticket | null;
}

async function main(): Promise<void> {
  // 07:00 in Cúcuta (UTC−5) on the first day.
  let now = Date.UTC(2026, 0, 5, 12, 0);
  const t = await startTestHub({ clock: () => now, dayEndCheckMs: 3_600_000, settings: { issueRatePerMinute: 1_000_000 } });
  const hub = t.hub;
  const rnd = prng(20260105); // the same month every run
  try {
    const kiosk = await connect(hub.wsUrl, { kind: 'device', token: await pairDevice(hub.wsUrl, 'kiosk', 'Kiosco soak') });
    const display = await connect(hub.wsUrl, { kind: 'device', token: await pairDevice(hub.wsUrl, 'display', 'Sala soak') });
    let displayCalls = 0;
    await display.subscribe({ onEvent: (e) => void (e.type === 'ticket_called' && displayCalls++) });
    let boardEvents = 0;

    const rows: string[] = [];
    const heap: number[] = [];
    let issued = 0;
    let stale = 0;
    let drops = 0;
    for (let day = 1; day <= DAYS; day++) {
      const morning = now;
      // The supervisor signs in each morning (sessions last a working day) and leaves the board open all day.
      const { client: board } = await signIn(hub.wsUrl, 'supervisor');
      await board.subscribe({ onEvent: () => void boardEvents++ });
      const desks: Desk[] = [];
      for (const a of AGENTS) {
        const { client } = await signIn(hub.wsUrl, a.username);
        await client.request('open_counter', { counterId: a.counterId });
        desks.push({ client, ticket: null });
      }
      const step = (10.5 * HOUR) / TICKETS_A_DAY;
      for (let i = 0; i < TICKETS_A_DAY; i++) {
        now += step;
        if (rnd() < 0.03) {
          await kiosk.requestIdempotent('request_callback', { serviceId: SERVICES[i % 3]!, name: 'Cliente de prueba', phone: phone(rnd), reason: 'Prefiere que lo llamen', accountNumber: null, idempotencyKey: key() });
        } else {
          await kiosk.requestIdempotent('issue_ticket', {
            serviceId: SERVICES[Math.floor(rnd() * 3)]!,
            preferentialClass: rnd() < 0.2 ? 'older_adult' : null,
            accountNumber: rnd() < 0.4 ? String(10_000_000 + Math.floor(rnd() * 90_000_000)) : null,
            // Some leave a phone, to be called back if their turn ends unserved (SPEC F6).
            phone: rnd() < 0.1 ? phone(rnd) : null,
            lang: 'es',
            idempotencyKey: key(),
          });
          issued++;
        }
        // The hall display's and the kiosk's network drops now and then: they reconnect and resume by themselves.
        if (i % 50 === 25) {
          display.dropConnection();
          kiosk.dropConnection();
          drops++;
        }
        // Nobody calls in the last half hour: those tickets are still waiting at closing time.
        if (i < TICKETS_A_DAY * (10 / 10.5)) await Promise.all(desks.map((d) => serve(d, rnd)));
      }
      for (const d of desks) {
        if (d.ticket) await d.client.request('finish_service', { ticketId: d.ticket.id }).catch(() => undefined);
        await d.client.request('close_counter', {});
        await d.client.request('my_day', {});
        await d.client.request('logout', {});
        d.client.stop();
      }
      await board.request('report', { from: isoDay(morning), to: isoDay(morning) });
      await board.request('list_callbacks', { status: 'open' });
      await board.request('logout', {});
      board.stop();
      const waitingAtClosing = [...hub.engine.state(OFFICE).active.values()].filter((x) => x.status === 'waiting').length;
      // The next morning, 07:00: the hub's once-a-minute check ends the day's leftovers (called here, the clock being moved by hand).
      now = morning + 24 * HOUR;
      hub.dayEnd?.sweep();
      await display.whenOnline();
      await display.request('report_health', {}); // a round trip: the sweep's batch is committed
      const state = hub.engine.state(OFFICE);
      stale = state.active.size;
      // The day's staff and board have gone: only the kiosk and the display stay connected (closes take a moment to arrive).
      for (let wait = 0; wait < 100 && hub.gateway.connectionCount > 2; wait++) await new Promise((r) => setTimeout(r, 10));
      gc();
      gc();
      const used = getHeapStatistics().used_heap_size;
      heap.push(used);
      rows.push(
        `| ${day} | ${issued} | ${waitingAtClosing} | ${stale} | ${hub.gateway.connectionCount} | ${mib(used)} MiB | ${mib(process.memoryUsage().rss)} MiB | ${state.dayCounters.entries().length} | ${state.issuedKeys.days().length} |`,
      );
    }

    console.log(`\nA month in one office — ${DAYS} days of ${TICKETS_A_DAY} arrivals, hub in this process, clock moved by hand (node ${process.version})\n`);
    console.log('| day | tickets so far | waiting at closing | live tickets the next morning | connections | heap in use after GC | RSS | day counters held | days of kiosk keys held |');
    console.log('|---|---|---|---|---|---|---|---|---|');
    for (const r of rows) console.log(r);
    const growth = heap[heap.length - 1]! - heap[Math.min(WARM_DAYS, heap.length) - 1]!;
    console.log(`\nHeap after day ${DAYS} against day ${WARM_DAYS}: ${growth >= 0 ? '+' : ''}${mib(growth)} MiB (target under ${HEAP_GROWTH_MIB} MiB); tickets from an earlier day still live after the last morning's check: ${stale}; the display heard ${displayCalls} calls (its connection dropped ${drops} times), the boards ${boardEvents} events`);
    await until(() => displayCalls >= callsMade, 2000, 'the last calls at the display').catch(() => undefined);
    console.log(`Calls made ${callsMade}, heard by the hall display ${displayCalls}`);
    const missed = [growth >= HEAP_GROWTH_MIB * 1024 * 1024 && 'heap growth', stale > 0 && 'past-day tickets kept', displayCalls !== callsMade && 'calls the display did not hear'].filter(Boolean);
    if (missed.length) {
      console.log(`\nMISSED: ${missed.join(', ')}`);
      process.exitCode = 1;
    }
    kiosk.stop();
    display.stop();
  } finally {
    await t.close();
  }
}

/** The office's local day of a time (Bogotá has no daylight saving time: UTC−5). */
function isoDay(at: number): string {
  return new Date(at - 5 * HOUR).toISOString().slice(0, 10);
}

/** One step of an agent: call the next ticket, start serving it, or finish (and rate) it; now and then a no-show or a transfer. */
async function serve(desk: Desk, rnd: () => number): Promise<void> {
  const c = desk.client;
  if (!desk.ticket) {
    try {
      desk.ticket = (await c.request('call_next', {})).ticket;
      callsMade++;
    } catch (error) {
      if (!(error instanceof HubError) || error.code !== 'QUEUE_EMPTY') throw error;
    }
    return;
  }
  const ticket = desk.ticket;
  if (ticket.status === 'called') {
    if (rnd() < 0.04) {
      await c.request('mark_no_show', { ticketId: ticket.id });
      desk.ticket = null;
    } else {
      desk.ticket = (await c.request('start_service', { ticketId: ticket.id })).ticket;
    }
    return;
  }
  desk.ticket = null;
  if (rnd() < 0.05) {
    await c.request('transfer', { ticketId: ticket.id, toServiceId: ticket.serviceId === 'pagos' ? 'facturacion' : 'pagos', toCounterId: null, note: 'Otro trámite' });
    return;
  }
  await c.request('finish_service', { ticketId: ticket.id });
  if (rnd() < 0.7) await c.request('rate_ticket', { ticketId: ticket.id, rating: 1 + Math.floor(rnd() * 10), source: 'screen' });
}

let callsMade = 0;

const phone = (rnd: () => number) => `300${String(Math.floor(rnd() * 1e7)).padStart(7, '0')}`;

await main();
