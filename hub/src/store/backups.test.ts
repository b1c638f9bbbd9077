import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startHub } from '../hub.ts';
import { connect, key, pairDevice, signIn, startTestHub, until, type TestHub } from '../../test/index.ts';
import { Backups } from './backups.ts';
import { DETAILS_WITHHELD } from '../http/http-server.ts';

let t: TestHub | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await t?.close();
  t = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'turnero-backup-'));
  dirs.push(d);
  return d;
}

const count = (db: Database.Database, table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

/** A hub with some tickets; the copies go to a folder of the test's. */
async function busyHub(): Promise<{ hub: TestHub['hub']; dir: string }> {
  t = await startTestHub({ settings: { issueRatePerMinute: 1_000_000 } });
  const kiosk = await connect(t.hub.wsUrl, { kind: 'device', token: await pairDevice(t.hub.wsUrl, 'kiosk', 'Kiosco') });
  for (let i = 0; i < 25; i++) await kiosk.request('issue_ticket', { serviceId: 'facturacion', preferentialClass: null, accountNumber: null, lang: 'es', idempotencyKey: key() });
  kiosk.stop();
  return { hub: t.hub, dir: tempDir() };
}

describe('daily database copies', () => {
  it('copies what is committed while the hub keeps writing; the copy opens, is intact and consistent, and holds every ticket acknowledged before it began', async () => {
    const { hub, dir } = await busyHub();
    const kiosk = await connect(hub.wsUrl, { kind: 'device', token: await pairDevice(hub.wsUrl, 'kiosk', 'Durante') });
    const backups = new Backups({ dbPath: join(t!.dir, 'hub.db'), dir, keep: 7, log: () => {} });
    let issuing = true;
    const during = (async () => {
      let n = 0;
      while (issuing && n < 300) {
        await kiosk.request('issue_ticket', { serviceId: 'pagos', preferentialClass: null, accountNumber: null, lang: 'es', idempotencyKey: key() });
        n++;
      }
      return n;
    })();
    const { written: target } = await backups.backUp('2026-12-05');
    issuing = false;
    const issuedDuring = await during;
    kiosk.stop();
    expect(target).toBe(join(dir, 'turnero-hub-2026-12-05.db'));
    const copy = new Database(target!, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      const tickets = count(copy, 'tickets');
      expect(tickets).toBeGreaterThanOrEqual(25);
      expect(tickets).toBeLessThanOrEqual(25 + issuedDuring);
      // One snapshot: each ticket row has its event, and no event lacks its row.
      expect((copy.prepare("SELECT count(*) AS n FROM events WHERE type = 'ticket_issued'").get() as { n: number }).n).toBe(tickets);
    } finally {
      copy.close();
    }
    // No half-written file beside it; a second call the same day has nothing to do.
    expect(readdirSync(dir)).toEqual(['turnero-hub-2026-12-05.db']);
    expect(await backups.backUp('2026-12-05')).toEqual({ written: null, removed: [], latest: 'turnero-hub-2026-12-05.db' });
  });

  it('keeps the newest copies only, and leaves other files in the folder alone', async () => {
    const { dir } = await busyHub();
    for (const day of ['2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01']) writeFileSync(join(dir, `turnero-hub-${day}.db`), 'old');
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const backups = new Backups({ dbPath: join(t!.dir, 'hub.db'), dir, keep: 3, log: () => {} });
    writeFileSync(join(dir, 'turnero-hub-2026-11-27.db.partial'), 'left by a stopped copy');
    const result = await backups.backUp('2026-12-02');
    expect(result.removed).toEqual(['turnero-hub-2026-11-28.db', 'turnero-hub-2026-11-29.db']);
    expect(readdirSync(dir).sort()).toEqual(['notes.txt', 'turnero-hub-2026-11-30.db', 'turnero-hub-2026-12-01.db', 'turnero-hub-2026-12-02.db']);
  });

  it('copies dated in the future by a wrong clock neither count toward keep nor pass for the newest: they are reported and left for a person; the real ones are kept as many as asked', async () => {
    const { dir } = await busyHub();
    for (const day of ['2026-12-03', '2026-12-04']) writeFileSync(join(dir, `turnero-hub-${day}.db`), 'an earlier copy');
    for (const day of ['2099-01-01', '2099-01-02']) writeFileSync(join(dir, `turnero-hub-${day}.db`), 'from a wrong clock');
    const lines: string[] = [];
    const backups = new Backups({ dbPath: join(t!.dir, 'hub.db'), dir, keep: 2, log: (l) => lines.push(l) });
    expect(await backups.backUp('2026-12-05')).toEqual({ written: join(dir, 'turnero-hub-2026-12-05.db'), removed: ['turnero-hub-2026-12-03.db'], latest: 'turnero-hub-2026-12-05.db' });
    expect(readdirSync(dir).filter((n) => n.endsWith('.db')).sort()).toEqual(['turnero-hub-2026-12-04.db', 'turnero-hub-2026-12-05.db', 'turnero-hub-2099-01-01.db', 'turnero-hub-2099-01-02.db']);
    // And it is not made again the next minute.
    expect((await backups.backUp('2026-12-05')).written).toBeNull();
    expect(backups.status().latest).toBe('turnero-hub-2026-12-05.db');
    expect(lines.some((l) => l.includes('turnero-hub-2099-01-01.db is dated after today'))).toBe(true);
  });

  it('two hubs copying into one folder (a central and an office hub on one machine): each makes, counts, prunes and reports only its own copies, named for its database', async () => {
    const dir = tempDir();
    const usb = join(dir, 'usb');
    mkdirSync(usb);
    for (const name of ['office', 'central']) {
      const db = new Database(join(dir, `${name}.db`));
      db.pragma('journal_mode = WAL');
      db.exec(`CREATE TABLE marker_${name} (x)`);
      db.close();
    }
    // The central's copies of earlier days are there already.
    for (const day of ['2026-12-02', '2026-12-03', '2026-12-04']) writeFileSync(join(usb, `turnero-central-${day}.db`), 'the central’s');
    // The central's copy being made (its temporary file) is not the office's to clear.
    writeFileSync(join(usb, 'turnero-central-2026-12-05.db.partial'), 'being written');
    const office = new Backups({ dbPath: join(dir, 'office.db'), dir: usb, keep: 2, log: () => {} });
    const central = new Backups({ dbPath: join(dir, 'central.db'), dir: usb, keep: 2, log: () => {} });
    expect(await office.backUp('2026-12-05')).toEqual({ written: join(usb, 'turnero-office-2026-12-05.db'), removed: [], latest: 'turnero-office-2026-12-05.db' });
    expect(readdirSync(usb)).toContain('turnero-central-2026-12-05.db.partial');
    expect(await central.backUp('2026-12-05')).toEqual({ written: join(usb, 'turnero-central-2026-12-05.db'), removed: ['turnero-central-2026-12-02.db', 'turnero-central-2026-12-03.db'], latest: 'turnero-central-2026-12-05.db' });
    expect(office.status().latest).toBe('turnero-office-2026-12-05.db');
    expect(central.status().latest).toBe('turnero-central-2026-12-05.db');
    expect(readdirSync(usb).sort()).toEqual(['turnero-central-2026-12-04.db', 'turnero-central-2026-12-05.db', 'turnero-office-2026-12-05.db']);
    for (const name of ['office', 'central']) {
      const copy = new Database(join(usb, `turnero-${name}-2026-12-05.db`), { readonly: true });
      expect(copy.prepare('SELECT name FROM sqlite_master').pluck().all()).toEqual([`marker_${name}`]);
      copy.close();
    }
  });

  it('copies named the old way (turnero-YYYY-MM-DD.db, no database in the name) are left alone: never removed, counted or the newest, and logged for a person', async () => {
    const { dir } = await busyHub();
    for (const day of ['2026-12-03', '2026-12-04', '2026-12-05']) writeFileSync(join(dir, `turnero-${day}.db`), 'an old-style copy');
    const lines: string[] = [];
    const backups = new Backups({ dbPath: join(t!.dir, 'hub.db'), dir, keep: 1, log: (l) => lines.push(l) });
    expect(await backups.backUp('2026-12-05')).toEqual({ written: join(dir, 'turnero-hub-2026-12-05.db'), removed: [], latest: 'turnero-hub-2026-12-05.db' });
    expect(readdirSync(dir).sort()).toEqual(['turnero-2026-12-03.db', 'turnero-2026-12-04.db', 'turnero-2026-12-05.db', 'turnero-hub-2026-12-05.db']);
    expect(lines).toContain('backup: 3 copies named the old way (turnero-2026-12-03.db … turnero-2026-12-05.db) are not removed automatically (they do not say which database they copy): remove them by hand once no longer needed');
  });

  it('a full backup disk: room is made by removing the oldest copies down to keep − 1 before the copy; when even that is not enough, nothing is written or removed and /health says why', async () => {
    const { hub, dir } = await busyHub();
    const dbPath = join(t!.dir, 'hub.db');
    // A disk as big as disk.json says, holding only what is in the folder (fs.statfsSync's shape).
    const disk = join(tempDir(), 'disk.cjs');
    writeFileSync(
      disk,
      `const fs = require('node:fs');
const { join } = require('node:path');
module.exports = (dir) => {
  const { size } = JSON.parse(fs.readFileSync(join(__dirname, 'disk.json'), 'utf8'));
  const used = fs.readdirSync(dir).reduce((sum, n) => sum + fs.statSync(join(dir, n)).size, 0);
  return { bsize: 512, bavail: Math.max(0, Math.floor((size - used) / 512)) };
};`,
    );
    const diskSize = (size: number) => writeFileSync(join(disk, '..', 'disk.json'), JSON.stringify({ size }));
    const reserveBytes = 1_048_576;
    diskSize(1e12);
    const lines: string[] = [];
    const backups = new Backups({ dbPath, dir, keep: 2, reserveBytes, statfsModule: disk, log: (l) => lines.push(l) });
    await backups.backUp('2026-12-03');
    await backups.backUp('2026-12-04');
    const copy = statSync(join(dir, 'turnero-hub-2026-12-04.db')).size;
    // Room for the reserve and a third of a copy: removing one old copy (keep − 1 stay) makes room.
    diskSize(2 * copy + reserveBytes + copy / 3);
    lines.length = 0;
    expect(await backups.backUp('2026-12-05')).toEqual({ written: join(dir, 'turnero-hub-2026-12-05.db'), removed: ['turnero-hub-2026-12-03.db'], latest: 'turnero-hub-2026-12-05.db' });
    expect(lines[0]).toBe(`backup ${join(dir, 'turnero-hub-2026-12-03.db')} removed to make room for the day's copy (keeping the newest 2)`);
    expect(readdirSync(dir).sort()).toEqual(['turnero-hub-2026-12-04.db', 'turnero-hub-2026-12-05.db']);
    // Full with two copies and no reserve left even after removing one: nothing changes, the pass fails with the reason.
    diskSize(2 * copy + 100);
    const kept = readdirSync(dir).map((n) => [n, statSync(join(dir, n)).mtimeMs]);
    await expect(backups.backUp('2026-12-06')).rejects.toThrow(/not enough free space in .* for the copy: .* free, .* needed .*even after removing 1 older copies; nothing was written or removed/);
    expect(readdirSync(dir).map((n) => [n, statSync(join(dir, n)).mtimeMs])).toEqual(kept);
    expect(backups.status()).toMatchObject({ latest: 'turnero-hub-2026-12-05.db', failing: expect.stringMatching(/not enough free space/) });
    // The hub's database was not touched, and a kiosk is still served.
    const kiosk = await connect(hub.wsUrl, { kind: 'device', token: await pairDevice(hub.wsUrl, 'kiosk', 'Lleno') });
    await kiosk.request('issue_ticket', { serviceId: 'facturacion', preferentialClass: null, accountNumber: null, lang: 'es', idempotencyKey: key() });
    kiosk.stop();
    // Space freed: the next pass makes the copy and the failure clears.
    diskSize(1e12);
    expect((await backups.backUp('2026-12-06')).written).toBe(join(dir, 'turnero-hub-2026-12-06.db'));
    expect(backups.status().failing).toBeNull();
  });

  it('a disk with no room even without any copy: nothing written, the reason says so', async () => {
    const { dir } = await busyHub();
    const disk = join(tempDir(), 'disk.cjs');
    writeFileSync(disk, 'module.exports = () => ({ bsize: 4096, bavail: 10 });');
    const backups = new Backups({ dbPath: join(t!.dir, 'hub.db'), dir, keep: 3, statfsModule: disk, log: () => {} });
    await expect(backups.backUp('2026-12-05')).rejects.toThrow(/not enough free space in .* for the copy: 0\.0 MiB free, .* needed \(the database .* MiB and 64\.0 MiB left free for the disk's other writers\); nothing was written or removed/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a named folder that is not there (a drive not mounted) fails the copy instead of making one on the system disk', async () => {
    const { dir } = await busyHub();
    const unmounted = join(dir, 'media', 'usb');
    const backups = new Backups({ dbPath: join(t!.dir, 'hub.db'), dir: unmounted, keep: 3, log: () => {} });
    await expect(backups.backUp('2026-12-05')).rejects.toThrow(/is not there \(a drive not mounted\?\)/);
    expect(existsSync(unmounted)).toBe(false);
    // The default folder beside the database is created.
    const beside = new Backups({ dbPath: join(t!.dir, 'hub.db'), dir: join(dir, 'backups'), keep: 3, create: true, log: () => {} });
    expect((await beside.backUp('2026-12-05')).written).toBe(join(dir, 'backups', 'turnero-hub-2026-12-05.db'));
  });

  it('a copy not finished by its deadline (a share that hangs) is stopped and reported; stopping the hub does not wait for one', async () => {
    const { dir } = await busyHub();
    // A deadline shorter than a copy can take: what a folder that stopped answering looks like from here.
    const slow = new Backups({ dbPath: join(t!.dir, 'hub.db'), dir, keep: 3, deadlineMs: 1, log: () => {} });
    await expect(slow.backUp('2026-12-05')).rejects.toThrow(/not finished after 1 s/);
    expect(slow.status()).toMatchObject({ latest: null, failing: expect.stringMatching(/not finished/) });
    expect(readdirSync(dir).filter((n) => !n.endsWith('.partial'))).toEqual([]);
    // The hub closing while a copy runs: killed after the wait, not waited for.
    const running = new Backups({ dbPath: join(t!.dir, 'hub.db'), dir, keep: 3, log: () => {} });
    const pass = running.backUp('2026-12-05').catch((e: unknown) => e);
    await running.stop(1);
    expect(String(await pass)).toMatch(/stopped with the hub/);
    // The next pass clears what a killed one left and makes the copy.
    expect((await running.backUp('2026-12-05')).written).toBe(join(dir, 'turnero-hub-2026-12-05.db'));
    expect(readdirSync(dir)).toEqual(['turnero-hub-2026-12-05.db']);
  });

  it('a folder it cannot write to: a clear error, nothing half-written, the database untouched and still served', async () => {
    const { hub, dir } = await busyHub();
    const notADir = join(dir, 'file');
    writeFileSync(notADir, 'x');
    const lines: string[] = [];
    const backups = new Backups({ dbPath: join(t!.dir, 'hub.db'), dir: join(notADir, 'backups'), keep: 3, log: (l) => lines.push(l) });
    await expect(backups.backUp('2026-12-05')).rejects.toThrow(/backup .* failed|ENOTDIR|EEXIST/);
    expect(backups.status()).toMatchObject({ latest: null, failing: expect.stringMatching(/ENOTDIR|EEXIST|failed/) });
    expect(readdirSync(dir).sort()).toEqual(['file']);
    expect(count(hub.store.db, 'tickets')).toBe(25);
    const kiosk = await connect(hub.wsUrl, { kind: 'device', token: await pairDevice(hub.wsUrl, 'kiosk', 'Otro') });
    const { ticket } = await kiosk.request('issue_ticket', { serviceId: 'facturacion', preferentialClass: null, accountNumber: null, lang: 'es', idempotencyKey: key() });
    expect(ticket.number).toBe('F-026');
    kiosk.stop();
  });

  it('a failing copy on /health: anyone sees that it fails, only a supervisor’s token the folder and the error', async () => {
    const dbDir = tempDir();
    const missing = join(dbDir, 'not-mounted');
    t = await startTestHub({ dbPath: join(dbDir, 'hub.db'), backup: { dir: missing, keep: 7 } });
    await until(() => t!.hub.backups?.status().failing != null, 10_000, 'the failure');
    const anyone = (await (await fetch(`${t.hub.url}/health`)).json()) as { backups: Record<string, unknown> };
    expect(anyone.backups).toEqual({ keep: 7, latest: null, failing: DETAILS_WITHHELD });
    expect(JSON.stringify(anyone)).not.toContain(dbDir);
    const { client: sup, token } = await signIn(t.hub.wsUrl, 'supervisor');
    const detailed = (await (await fetch(`${t.hub.url}/health`, { headers: { authorization: `Bearer ${token}` } })).json()) as { backups: Record<string, unknown> };
    expect(detailed.backups).toMatchObject({ dir: missing, failing: expect.stringContaining(missing) });
    // Another scheme (a proxy's Basic credentials) is not a token: the public answer.
    const basic = (await (await fetch(`${t.hub.url}/health`, { headers: { authorization: 'Basic dXNlcjpwYXNz' } })).json()) as { backups: Record<string, unknown>; auth?: string };
    expect(basic).toMatchObject({ backups: { failing: DETAILS_WITHHELD } });
    expect(basic.auth).toBeUndefined();
    sup.stop();
  });

  it('a hub started with backups on makes the day’s copy by itself, named for the office’s local day', async () => {
    const dir = tempDir();
    const dbDir = tempDir();
    // 2026-12-06 02:00 UTC is still 2026-12-05 in Cúcuta (UTC-5).
    const now = Date.UTC(2026, 11, 6, 2, 0);
    t = await startTestHub({ dbPath: join(dbDir, 'hub.db'), clock: () => now, backup: { dir, keep: 7 } });
    await until(() => t!.hub.backups?.status().latest === 'turnero-hub-2026-12-05.db', 10_000, 'the day’s copy');
    expect(existsSync(join(dir, 'turnero-hub-2026-12-05.db'))).toBe(true);
    // Monitoring sees it on /health: anyone the newest copy and whether copies fail; a supervisor's
    // token also the folder and the failure's text (paths of the hub's disks are not for the whole LAN).
    const health = (await (await fetch(`${t.hub.url}/health`)).json()) as { backups: unknown };
    expect(health.backups).toEqual({ keep: 7, latest: 'turnero-hub-2026-12-05.db', failing: null });
    const { client: sup, token } = await signIn(t.hub.wsUrl, 'supervisor');
    const detailed = (await (await fetch(`${t.hub.url}/health`, { headers: { authorization: `Bearer ${token}` } })).json()) as { backups: unknown };
    expect(detailed.backups).toEqual({ dir, keep: 7, latest: 'turnero-hub-2026-12-05.db', failing: null });
    const { client: agent, token: agentToken } = await signIn(t.hub.wsUrl, 'agente1');
    const asAgent = (await (await fetch(`${t.hub.url}/health`, { headers: { authorization: `Bearer ${agentToken}` } })).json()) as { backups: unknown };
    expect(asAgent.backups).toEqual({ keep: 7, latest: 'turnero-hub-2026-12-05.db', failing: null });
    // A token that is not valid (tampered, expired) is said so, and the hub still answers as up.
    const tampered = await fetch(`${t.hub.url}/health`, { headers: { authorization: `Bearer ${token.slice(0, -2)}xx` } });
    expect(tampered.status).toBe(200);
    expect(await tampered.json()).toMatchObject({ ok: true, backups: { failing: null }, auth: expect.stringContaining('INVALID_TOKEN') });
    // And the supervisor's board asks the hub (hub_status); an agent may not.
    expect(await sup.request('hub_status', {})).toEqual({ backups: { dir, keep: 7, latest: 'turnero-hub-2026-12-05.db', failing: null }, sync: null });
    await expect(agent.request('hub_status', {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    sup.stop();
    agent.stop();
    await t.close();
    t = null;
    // A restart the same day does not make another (the file is not rewritten either).
    const before = statSync(join(dir, 'turnero-hub-2026-12-05.db'));
    const lines: string[] = [];
    const hub = await startHub({ dbPath: join(dbDir, 'hub.db'), clock: () => now, log: (l) => lines.push(l), backup: { dir, keep: 7 } });
    await until(() => hub.backups?.status().latest === 'turnero-hub-2026-12-05.db', 10_000, 'the pass at start');
    await hub.close();
    expect(readdirSync(dir)).toEqual(['turnero-hub-2026-12-05.db']);
    expect(statSync(join(dir, 'turnero-hub-2026-12-05.db')).mtimeMs).toBe(before.mtimeMs);
    expect(statSync(join(dir, 'turnero-hub-2026-12-05.db')).ino).toBe(before.ino);
    expect(lines.filter((l) => l.includes('written'))).toEqual([]);
  });
});
