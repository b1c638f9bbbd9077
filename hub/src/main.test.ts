import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, spawnHub, waitExit } from '../test/child-hub.ts';
import { HUB_NODE_FLAGS } from './runtime-flags.ts';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const OFFICE_EXAMPLE = fileURLToPath(new URL('../office.example.json', import.meta.url));

const dir = mkdtempSync(join(tmpdir(), 'turnero-main-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * `hub/src/main.ts <args>` run until it exits by itself (a refusal) or says it is listening (then
 * it is stopped, and its exit code is `'served'`): the outcome and everything it printed.
 */
function runToExit(args: string[]): Promise<{ code: number | 'served' | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...HUB_NODE_FLAGS, '--import', 'tsx', MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let served = false;
    const read = (d: unknown) => {
      output += String(d);
      if (!served && output.includes('Turnero hub listening')) {
        served = true;
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code: served ? 'served' : code, output }));
  });
}

describe('turnero hub (main.ts)', () => {
  it('[C6] refuses to serve a database another hub is using; the lock goes with its hub, even one killed with SIGKILL', async () => {
    const db = join(dir, 'locked.db');
    const [p1, p2, p3] = [await freePort(), await freePort(), await freePort()];
    const first = await spawnHub(db, p1, ['--demo']);
    try {
      const second = await runToExit(['--db', db, '--port', String(p2), '--demo']);
      expect(second.code).toBe(1);
      expect(second.output).toContain(`another hub is using this database: ${db}`);
      expect(second.output).not.toMatch(/listening|token=/);
    } finally {
      first.kill('SIGKILL');
      await waitExit(first);
    }
    const third = await spawnHub(db, p3);
    third.kill('SIGTERM');
    await waitExit(third);
  }, 60_000);

  it('--init on a port in use creates nothing and prints no password; the retry on a free port creates the office and shows it', async () => {
    const db = join(dir, 'init.db');
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', () => resolve()));
    const { port } = busy.address() as { port: number };
    try {
      const refused = await runToExit(['--db', db, '--port', String(port), '--init', OFFICE_EXAMPLE]);
      expect(refused.code).toBe(1);
      expect(refused.output).toContain(`cannot listen on 127.0.0.1:${port}`);
      expect(refused.output).not.toMatch(/First sign-in|created\./);
    } finally {
      await new Promise((r) => busy.close(r));
    }
    const after = new Database(db, { readonly: true });
    expect(after.prepare('SELECT count(*) FROM offices').pluck().get()).toBe(0);
    expect(after.prepare('SELECT count(*) FROM users').pluck().get()).toBe(0);
    after.close();

    const retry = await runToExit(['--db', db, '--port', String(await freePort()), '--init', OFFICE_EXAMPLE]);
    expect(retry.code).toBe('served');
    expect(retry.output).toMatch(/Office "cucuta-centro" created\. First sign-in: admin \/ \S+/);
  }, 60_000);

  it('--demo on a database holding a real office (made with --init, with the demo office’s id) refuses: no demo devices, tokens or passwords', async () => {
    const db = join(dir, 'real.db');
    const init = await runToExit(['--db', db, '--port', String(await freePort()), '--init', OFFICE_EXAMPLE]);
    expect(init.code).toBe('served');
    const demo = await runToExit(['--db', db, '--port', String(await freePort()), '--demo']);
    expect(demo.code).toBe(1);
    expect(demo.output).toContain('--demo refused: this database holds an office the demo did not create (cucuta-centro)');
    expect(demo.output).not.toMatch(/token=|agente1-demo|admin-demo|listening/);
    const after = new Database(db, { readonly: true });
    expect(after.prepare('SELECT count(*) FROM devices').pluck().get()).toBe(0);
    expect(after.prepare('SELECT username FROM users').pluck().all()).toEqual(['admin']);
    after.close();
    expect((await runToExit(['--init', OFFICE_EXAMPLE, '--demo'])).output).toContain('not both');
  }, 60_000);
});
