/**
 * Part of `npm run bench`: an office hub with a backlog of 100,000 events (a mobile office back
 * online) drains it to a central hub, both as their own processes on loopback. Prints events/s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { hashSecret, newToken } from '../src/auth/tokens.ts';
import * as cmd from '../src/domain/commands.ts';
import { demoOffice, seedCentral, seedDemo } from '../src/demo.ts';
import { OfficeEngine } from '../src/office-engine.ts';
import { SqliteStore } from '../src/store/sqlite-store.ts';
import { freePort, spawnHub, waitExit } from '../test/child-hub.ts';

const TARGET = Number(process.env.BENCH_SYNC_EVENTS ?? 100_000);

/** Fills an office database with about TARGET events of real ticket life cycles. */
async function backlog(path: string): Promise<number> {
  const store = new SqliteStore({ path, synchronous: 'NORMAL' });
  await seedDemo(store, 'http://127.0.0.1', Date.now(), demoOffice('http://127.0.0.1'));
  let id = 0;
  let now = Date.now() - 3 * 86_400_000;
  const engine = new OfficeEngine(store, () => now, () => `b${++id}`, { groupCommit: false });
  const office = 'cucuta-centro';
  const actor = { agentId: 'user-agente1', counterId: 'modulo-3' };
  engine.execute(office, (s, c) => cmd.openCounter(s, { agentId: actor.agentId, agentName: 'Laura' }, actor.counterId, c));
  store.db.exec('BEGIN');
  let n = 0;
  while (store.lastSeq(office) < TARGET) {
    now += 1000;
    const [issued] = engine.execute(office, (s, c) => cmd.issueTicket(s, { serviceId: ['pagos', 'facturacion', 'reclamos'][n % 3]!, preferentialClass: null, accountNumber: null, deviceId: null }, c), {
      ticket: { statusToken: `st${n}`, deviceId: null, idempotencyKey: null },
    });
    const ticketId = issued?.event.type === 'ticket_issued' ? issued.event.ticket.id : '';
    engine.execute(office, (s, c) => cmd.callTicket(s, actor, ticketId, 'bench', c));
    engine.execute(office, (s, c) => cmd.actOnTicket(s, actor, ticketId, 'start', c));
    engine.execute(office, (s, c) => cmd.actOnTicket(s, actor, ticketId, 'finish', c));
    if (++n % 2000 === 0) store.db.exec('COMMIT; BEGIN');
  }
  store.db.exec('COMMIT');
  const last = store.lastSeq(office);
  store.close();
  return last;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'turnero-sync-bench-'));
  try {
    const officeDb = join(dir, 'office.db');
    const centralDb = join(dir, 'central.db');
    const lastSeq = await backlog(officeDb);
    const central = new SqliteStore({ path: centralDb });
    await seedCentral(central, Date.now(), false);
    const token = newToken();
    central.central.createOfficeLink('cucuta-centro', hashSecret(token), Date.now());
    central.close();

    const [pc, po] = [await freePort(), await freePort()];
    const centralHub = await spawnHub(centralDb, pc, ['--central']);
    const t0 = Date.now();
    const officeHub = await spawnHub(officeDb, po, ['--central-url', `ws://127.0.0.1:${pc}/sync`, '--central-token', token, '--office', 'cucuta-centro']);
    const watch = new Database(centralDb, { readonly: true });
    const progress = watch.prepare("SELECT last_seq FROM office_links WHERE office_id = 'cucuta-centro'");
    const deadline = Date.now() + 10 * 60_000;
    let applied = 0;
    while (applied < lastSeq && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      applied = (progress.get() as { last_seq: number }).last_seq;
    }
    const seconds = (Date.now() - t0) / 1000;
    const count = (watch.prepare("SELECT count(*) AS n FROM events WHERE office_id = 'cucuta-centro'").get() as { n: number }).n;
    watch.close();
    for (const p of [officeHub, centralHub]) p.kill('SIGTERM');
    await Promise.all([officeHub, centralHub].map(waitExit));
    console.log(`\nOffice → central sync: backlog of ${lastSeq.toLocaleString('en')} events\n`);
    console.log('| measure | value |');
    console.log('|---|---|');
    console.log(`| drained (office start → last event acknowledged) | ${seconds.toFixed(1)} s |`);
    console.log(`| throughput | ${Math.round(lastSeq / seconds).toLocaleString('en')} events/s |`);
    console.log(`| events at the central | ${count.toLocaleString('en')} (duplicates: ${count - lastSeq}) |`);
    if (applied < lastSeq) {
      console.log(`\nMISSED: only ${applied} of ${lastSeq} events arrived`);
      process.exitCode = 1;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
