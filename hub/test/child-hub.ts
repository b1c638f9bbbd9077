import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { HUB_NODE_FLAGS } from '../src/runtime-flags.ts';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const FLOOR_SERVER = fileURLToPath(new URL('../bench/floor-server.ts', import.meta.url));

/** A free loopback port (bound, read, released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** The hub as its own process (`node <HUB_NODE_FLAGS> --import tsx hub/src/main.ts`), ready when /health answers. */
export async function spawnHub(dbPath: string, port: number, extraArgs: string[] = [], nodeArgs: string[] = []): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...HUB_NODE_FLAGS, ...nodeArgs, '--import', 'tsx', MAIN, '--db', dbPath, '--port', String(port), ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // TURNERO_HUB_LOG=/path keeps the child's output (e.g. with --trace-gc) for a look afterwards.
  const log = process.env.TURNERO_HUB_LOG ? createWriteStream(process.env.TURNERO_HUB_LOG, { flags: 'a' }) : null;
  child.stdout?.on('data', (d) => {
    output += String(d);
    log?.write(d);
  });
  child.stderr?.on('data', (d) => {
    output += String(d);
    log?.write(d);
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`hub exited with ${child.exitCode}: ${output}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/health`);
      if (r.ok) return child;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`hub did not start: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The benchmark's floor server (`hub/bench/floor-server.ts`) as its own process with the hub's Node flags, ready when it says so. */
export async function spawnFloorServer(dbPath: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...HUB_NODE_FLAGS, '--import', 'tsx', FLOOR_SERVER, dbPath, String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr!.on('data', (d) => (output += String(d)));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`floor server did not start: ${output}`)), 30_000);
      child.stdout!.on('data', (d) => {
        if (String(d).includes('ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`floor server exited with ${code}: ${output}`));
      });
    });
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return child;
}

export function waitExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}
