import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import '@turnero/app-kit/testing/runes';
import { ErrorCode } from '@turnero/protocol';
import { seedCentral } from '../../hub/src/demo.ts';
import { startHub, type Hub } from '@turnero/hub';
import { connect, createSocket, until } from '@turnero/hub/testing';
import { RemoteFeed } from '../renderer/supervisor/office-feed.svelte.ts';

let hub: Hub | null = null;
const dir = mkdtempSync(join(tmpdir(), 'turnero-feed-'));
afterEach(async () => {
  await hub?.close();
  hub = null;
  rmSync(dir, { recursive: true, force: true });
});

describe('[S5] RemoteFeed (an office drilled into at the central)', () => {
  it('a feed the hub refuses for good says so instead of a board that never fills', async () => {
    hub = await startHub({ dbPath: join(dir, 'central.db'), central: true, log: () => {}, prepare: async (store) => void (await seedCentral(store, Date.now(), true)) });
    const client = await connect(hub.wsUrl);
    const { token } = await client.request('login', { username: 'central-supervisor', password: 'central-supervisor-demo' });
    const feed = new RemoteFeed(hub.wsUrl, token, 'oficina-que-no-existe', createSocket);
    const stop = feed.start();
    try {
      await until(() => feed.refused !== null, 5000, 'the refusal reaches the feed');
      expect(feed.refused?.code).toBe(ErrorCode.NOT_FOUND);
      expect(feed.snapshot).toBeNull();
    } finally {
      stop();
      client.stop();
    }
  });
});
