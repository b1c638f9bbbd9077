import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { until } from '../../test/helpers.ts';
import { heartbeatCall, openClientLink } from './ws-client.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A server on loopback that answers pings, or (`silent`) takes them and says nothing: a link dropped on the way, with no FIN. */
async function server(silent: boolean): Promise<string> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, autoPong: !silent });
  await new Promise((r) => wss.once('listening', r));
  cleanups.push(() => {
    for (const ws of wss.clients) ws.terminate();
    return new Promise<void>((r) => wss.close(() => r()));
  });
  return `ws://127.0.0.1:${(wss.address() as { port: number }).port}`;
}

function link(url: string, heartbeatMs: number) {
  const seen = { open: false, closed: false };
  const l = openClientLink(url, { onOpen: () => (seen.open = true), onMessage: () => undefined, onClose: () => (seen.closed = true) }, { maxPayload: 1024, handshakeTimeoutMs: 1000, heartbeatMs });
  cleanups.push(() => l.close(1000, 'test over'));
  return seen;
}

describe('openClientLink', () => {
  it('closes a link whose other end stops answering pings (noticed within two heartbeats, not at a TCP timeout minutes later)', async () => {
    const seen = link(await server(true), 30);
    await until(() => seen.open);
    await until(() => seen.closed, 2000, 'the silent link closed');
  });

  it('keeps a link whose other end answers', async () => {
    const seen = link(await server(false), 30);
    await until(() => seen.open);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen.closed).toBe(false);
  });
});

describe('heartbeatCall', () => {
  it('[S1] an unanswered ping behind a frame still leaving (bytes buffered, fewer than at the last tick) is waited for; a stalled or idle link is dead', () => {
    expect(heartbeatCall(true, 0, 0, 0)).toBe('ping');
    expect(heartbeatCall(true, 500_000, 10, 0)).toBe('ping');
    // A batch of 1 MB on a slow uplink: 200 kB left since the last tick, the ping is behind the rest.
    expect(heartbeatCall(false, 800_000, 1_200_000, 1_000_000)).toBe('wait');
    // Buffered but nothing left since: the link is stuck (a cut with no FIN under a full buffer).
    expect(heartbeatCall(false, 800_000, 1_000_000, 1_000_000)).toBe('dead');
    // Nothing buffered and no answer: the ping itself went out and was not answered.
    expect(heartbeatCall(false, 0, 1_000_000, 900_000)).toBe('dead');
  });
});
