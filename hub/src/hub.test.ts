import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HubStartError, startHub } from './hub.ts';

const dir = mkdtempSync(join(tmpdir(), 'turnero-hub-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('startHub', () => {
  it('binds its port before it prepares anything: on a port in use it refuses, prepare never ran, and the database is free for the next try', async () => {
    const dbPath = join(dir, 'hub.db');
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', () => resolve()));
    const { port } = busy.address() as { port: number };
    let prepared = 0;
    const prepare = () => void prepared++;
    try {
      await expect(startHub({ dbPath, port, log: () => {}, prepare })).rejects.toSatisfy((error) => error instanceof HubStartError && error.code === 'LISTEN_FAILED');
      expect(prepared).toBe(0);
    } finally {
      await new Promise((r) => busy.close(r));
    }
    const hub = await startHub({ dbPath, port: 0, log: () => {}, prepare });
    expect(prepared).toBe(1);
    await hub.close();
  });

  it('a start that fails after the port is bound (an --office not in the database) closes the port and the database again', async () => {
    const dbPath = join(dir, 'sync.db');
    const start = () => startHub({ dbPath, port: 0, log: () => {}, sync: { url: 'ws://127.0.0.1:9/sync', token: 'x', officeId: 'nowhere' } });
    await expect(start()).rejects.toMatchObject({ code: 'UNKNOWN_OFFICE' });
    await expect(start()).rejects.toMatchObject({ code: 'UNKNOWN_OFFICE' }); // not DB_IN_USE: the first let go
  });
});
