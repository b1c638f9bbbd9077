import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, onTestFinished } from 'vitest';
import { bareWebSocket } from './bare-ws.ts';
import { freePort, spawnFloorServer, waitExit } from './child-hub.ts';

describe("the benchmark's floor server", () => {
  it('answers each request with its own row, refuses a frame that is not JSON, and every answered row survives a SIGKILL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'turnero-floor-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const dbPath = join(dir, 'floor.db');
    const port = await freePort();
    const server = await spawnFloorServer(dbPath, port);
    onTestFinished(() => void server.kill('SIGKILL'));
    const replies = new Map<string, number>();
    const refused: string[] = [];
    let all: () => void = () => {};
    const done = new Promise<void>((r) => (all = r));
    const ws = await bareWebSocket(`ws://127.0.0.1:${port}`, (payload) => {
      const m = JSON.parse(payload.toString()) as { type: string; id?: string; code?: string; payload?: { row: number } };
      if (m.id === undefined) {
        refused.push(m.code ?? m.type);
        return;
      }
      replies.set(m.id, m.type === 'result' && m.payload ? m.payload.row : NaN);
      if (replies.size === 50) all();
    });
    // A frame that is not JSON gets an error and writes nothing; then fifty at once share batches,
    // and each still gets its own row.
    ws.send('not json');
    for (let i = 0; i < 50; i++) ws.send(JSON.stringify({ id: `r${i}`, type: 'issue_ticket', payload: { n: i } }));
    await done;
    expect(refused).toEqual(['BAD_JSON']);
    expect(new Set(replies.values()).size).toBe(50);
    expect([...replies.values()].every(Number.isInteger)).toBe(true);
    server.kill('SIGKILL');
    await waitExit(server);
    ws.close();
    const db = new Database(dbPath, { readonly: true });
    onTestFinished(() => void db.close());
    const rows = db.prepare('SELECT id, body FROM requests ORDER BY id').all() as { id: number; body: string }[];
    expect(rows).toHaveLength(50);
    for (const [id, row] of replies) expect((JSON.parse(rows.find((r) => r.id === row)!.body) as { id: string }).id).toBe(id);
  });
});
