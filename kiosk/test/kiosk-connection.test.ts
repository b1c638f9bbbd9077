import '@turnero/app-kit/testing/runes';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebSocketLike } from '@turnero/protocol/client';
import { kioskConnection } from '../renderer/lib/kiosk-connection.ts';

/** A socket to a hub that speaks another protocol version: it refuses every hello. */
class OutdatedHubSocket implements WebSocketLike {
  readyState = 0;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  constructor() {
    setTimeout(() => {
      this.readyState = 1;
      this.onopen?.({});
    }, 0);
  }
  send(data: string): void {
    const msg = JSON.parse(data) as { id: string; type: string };
    const reply = msg.type === 'hello' ? { type: 'error', id: msg.id, code: 'PROTOCOL_VERSION', message: 'hub speaks protocol 99' } : { type: 'result', id: msg.id, data: {} };
    queueMicrotask(() => this.onmessage?.({ data: JSON.stringify(reply) }));
  }
  close(): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    queueMicrotask(() => this.onclose?.({}));
  }
}

const tokens = () => ({ get: () => 'k'.repeat(40), set: () => undefined, clear: () => undefined });

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('kioskConnection', () => {
  it('a hub upgraded to another protocol: the kiosk says "update", then reloads once, after a minute, to load the hub’s new build', async () => {
    const reload = vi.fn();
    const page = { location: { protocol: 'http:', host: 'hub:8080', hostname: 'hub', search: '', reload } };
    const connection = kioskConnection(page, tokens(), () => new OutdatedHubSocket());
    void connection.start();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(connection.outdated).toBe(true);
    expect(reload).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(reload).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(120_000); // it keeps hearing "outdated" until the reload takes effect: still one
    expect(reload).toHaveBeenCalledTimes(1);
    connection.stop();
  });

  it('a page pointed at another hub (?hub=) does not reload: that would load the same old build again', async () => {
    const reload = vi.fn();
    const page = { location: { protocol: 'http:', host: 'hub:8080', hostname: 'hub', search: '?hub=ws://hub:9090/ws', reload } };
    const connection = kioskConnection(page, tokens(), () => new OutdatedHubSocket());
    void connection.start();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(connection.outdated).toBe(true);
    expect(reload).not.toHaveBeenCalled();
    connection.stop();
  });
});
