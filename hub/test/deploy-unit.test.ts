import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, waitExit } from './child-hub.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const UNIT = join(ROOT, 'hub/deploy/turnero-hub.service');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The unit's ExecStart, as arguments (no quoting in it: plain words). */
function execStart(): string[] {
  const line = readFileSync(UNIT, 'utf8').split('\n').find((l) => l.startsWith('ExecStart='));
  if (!line) throw new Error('no ExecStart in the unit');
  return line.slice('ExecStart='.length).trim().split(/\s+/);
}

/** Replaces the value after `flag` in `args`. */
function withValue(args: string[], flag: string, value: string): string[] {
  const i = args.indexOf(flag);
  if (i < 0) throw new Error(`the unit has no ${flag}`);
  return [...args.slice(0, i + 1), value, ...args.slice(i + 2)];
}

describe('the systemd unit for an office hub (hub/deploy/turnero-hub.service)', () => {
  it.skipIf(!existsSync('/usr/bin/systemd-analyze'))('is a unit systemd accepts', () => {
    const r = spawnSync('/usr/bin/systemd-analyze', ['verify', UNIT], { encoding: 'utf8' });
    expect(r.stderr.trim()).toBe('');
    expect(r.status).toBe(0);
  });

  it('starts after the clock is synchronized (time-sync.target), without pulling that target in', () => {
    const unit = readFileSync(UNIT, 'utf8').split('\n');
    const words = (key: string) => unit.filter((l) => l.startsWith(`${key}=`)).flatMap((l) => l.slice(key.length + 1).trim().split(/\s+/));
    expect(words('After')).toContain('time-sync.target');
    expect(words('Wants')).not.toContain('time-sync.target');
  });

  it('its command line starts a hub that answers /health, makes the day’s copy, and closes cleanly on SIGTERM (what systemd sends)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'turnero-unit-'));
    dirs.push(dir);
    const port = await freePort();
    const [command, ...unitArgs] = execStart();
    let args = withValue(unitArgs, '--db', join(dir, 'office.db'));
    args = withValue(args, '--host', '127.0.0.1');
    args = withValue(args, '--port', String(port));
    // The unit's node is /usr/bin/node; here, the one running the tests.
    expect(command).toBe('/usr/bin/node');
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += String(d)));
    child.stderr.on('data', (d) => (output += String(d)));
    try {
      let health: { ok: boolean; backups: { latest: string | null } } | null = null;
      for (let i = 0; i < 150 && !health?.backups.latest; i++) {
        health = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.json() as Promise<typeof health>, () => null);
        if (!health?.backups.latest) await new Promise((r) => setTimeout(r, 200));
      }
      expect(health, output).toMatchObject({ ok: true, backups: { latest: expect.stringMatching(/^turnero-office-\d{4}-\d{2}-\d{2}\.db$/) } });
    } finally {
      child.kill('SIGTERM');
    }
    await waitExit(child);
    expect(child.exitCode, output).toBe(0);
    expect(output).toContain('SIGTERM: closing');
    // The copy went to the default folder beside the database, created for it.
    expect(readdirSync(join(dir, 'backups'))).toEqual([expect.stringMatching(/^turnero-office-\d{4}-\d{2}-\d{2}\.db$/)]);
    // Closed cleanly: the WAL was checkpointed into the database and removed.
    expect(existsSync(join(dir, 'office.db-wal'))).toBe(false);
  }, 60_000);
});
