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
export function spawnHub(dbPath: string, port: number, extraArgs: string[] = [], nodeArgs: string[] = []): Promise<ChildProcess> {
  return spawnUntilHealthy('hub', MAIN, ['--db', dbPath, '--port', String(port), ...extraArgs], port, nodeArgs);
}

/** The benchmark's floor server (`hub/bench/floor-server.ts`) as its own process with the hub's Node flags, ready when /health answers. */
export function spawnFloorServer(dbPath: string, port: number): Promise<ChildProcess> {
  return spawnUntilHealthy('floor server', FLOOR_SERVER, [dbPath, String(port)], port);
}

/** `node <HUB_NODE_FLAGS> <nodeArgs> --import tsx <script> <args>`, returned once http://127.0.0.1:<port>/health answers (at most 30 s). */
async function spawnUntilHealthy(name: string, script: string, args: string[], port: number, nodeArgs: string[] = []): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...HUB_NODE_FLAGS, ...nodeArgs, '--import', 'tsx', script, ...args], {
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
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}: ${output}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/health`);
      if (r.ok) return child;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not start: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function waitExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}
