import '@turnero/app-kit/testing/runes';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LiveCall, type CallSignalling, type PeerLike } from '@turnero/app-kit/renderer';
import { BoothFlow, type BoothTicketStatus } from '../renderer/booth/booth-flow.svelte.ts';
import { watchTicketStatus } from '../renderer/booth/status-watch.ts';
import { issueResult, Timers } from './fixtures.ts';

/** An EventSource as the browser runs it: CONNECTING (0), OPEN (1), CLOSED (2), with test controls. */
class FakeEventSource {
  readyState = 0;
  onmessage: ((event: MessageEvent<string>) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  constructor(readonly url: string) {}
  close() {
    this.readyState = 2;
  }
  /** The hub sends a status. */
  send(status: object) {
    this.readyState = 1;
    this.onmessage?.({ data: JSON.stringify(status) } as MessageEvent<string>);
  }
  /** The connection dropped: the browser tries again by itself. */
  drop() {
    this.readyState = 0;
    this.onerror?.(new Event('error'));
  }
  /** An HTTP error answer (404, 429, 502…): the browser gives up for good. */
  refuse() {
    this.readyState = 2;
    this.onerror?.(new Event('error'));
  }
}

const settle = () => new Promise((r) => setTimeout(r, 0));
const STATUS_URL = 'http://hub.example:8080/t/AbC_12-xyz';
const ORIGIN = 'http://192.168.1.10:8080';

/** A watcher on fakes of the page's EventSource and fetch; `answer` is the hub's HTTP status for the ticket's JSON (null: unreachable). */
function watch(answer: () => number | null) {
  const timers = new Timers();
  const sources: FakeEventSource[] = [];
  const lookups: string[] = [];
  const statuses: BoothTicketStatus['status'][] = [];
  let gone = 0;
  vi.stubGlobal(
    'EventSource',
    class extends FakeEventSource {
      constructor(url: string) {
        super(url);
        sources.push(this);
      }
    },
  );
  vi.stubGlobal('fetch', async (url: string) => {
    lookups.push(url);
    const status = answer();
    if (status === null) throw new TypeError('Failed to fetch');
    return { status };
  });
  const stop = watchTicketStatus(ORIGIN, STATUS_URL, { onStatus: (s) => statuses.push(s.status), onGone: () => gone++ }, { timers, retry: { firstMs: 1000, maxMs: 8000 } });
  return { timers, sources, lookups, statuses, stop, get gone() { return gone; }, get last() { return sources.at(-1)!; } };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('watchTicketStatus', () => {
  it('follows the ticket on this page’s hub and lets go at a final status', () => {
    const w = watch(() => 200);
    expect(w.sources.map((s) => s.url)).toEqual([`${ORIGIN}/api/ticket-status/AbC_12-xyz/events`]);
    w.last.send({ status: 'waiting' });
    w.last.send({ status: 'called', counterName: 'Módulo 4' });
    w.last.send({ status: 'cancelled' });
    expect(w.statuses).toEqual(['waiting', 'called', 'cancelled']);
    expect(w.last.readyState).toBe(2);
    expect(w.timers.pending.size).toBe(0);
  });

  it('a dropped connection is left to the browser’s own retry: no lookup, no second source', async () => {
    const w = watch(() => 200);
    w.last.drop();
    await settle();
    w.timers.advance(60_000);
    expect(w.lookups).toEqual([]);
    expect(w.sources).toHaveLength(1);
  });

  it('a stream refused by an HTTP error for a ticket the hub still knows (crowded, proxy, restart) is opened again, waiting longer each time, and back to the first wait once a status arrives', async () => {
    let code: number | null = 429;
    const w = watch(() => code);
    w.last.refuse();
    await settle();
    expect(w.lookups).toEqual([`${ORIGIN}/api/ticket-status/AbC_12-xyz`]);
    w.timers.advance(999);
    expect(w.sources).toHaveLength(1);
    w.timers.advance(1);
    expect(w.sources).toHaveLength(2);
    // The hub restarting behind a proxy: 502, then unreachable.
    code = 502;
    w.last.refuse();
    await settle();
    w.timers.advance(1999);
    expect(w.sources).toHaveLength(2);
    w.timers.advance(1);
    expect(w.sources).toHaveLength(3);
    code = null;
    w.last.refuse();
    await settle();
    w.timers.advance(4000);
    expect(w.sources).toHaveLength(4);
    w.last.refuse();
    await settle();
    w.timers.advance(8000);
    expect(w.sources).toHaveLength(5);
    w.last.refuse();
    await settle();
    w.timers.advance(8000); // at most maxMs
    expect(w.sources).toHaveLength(6);
    // Back: the hub sends the status at once, and the next failure waits the first delay again.
    code = 200;
    w.last.send({ status: 'called', counterName: 'Módulo 2' });
    expect(w.statuses).toEqual(['called']);
    w.last.refuse();
    await settle();
    w.timers.advance(1000);
    expect(w.sources).toHaveLength(7);
    expect(w.sources.slice(0, -1).every((s) => s.readyState === 2)).toBe(true);
    expect(w.gone).toBe(0);
  });

  it('a ticket the hub no longer knows (404) is reported gone once, and nothing is opened again', async () => {
    const w = watch(() => 404);
    w.last.refuse();
    await settle();
    expect(w.gone).toBe(1);
    w.timers.advance(60_000);
    expect(w.sources).toHaveLength(1);
    expect(w.timers.pending.size).toBe(0);
  });

  it('stopped while it waits for the lookup or the next try: nothing more is opened or reported', async () => {
    const w = watch(() => 404);
    w.last.refuse();
    w.stop();
    await settle();
    expect(w.gone).toBe(0);

    const v = watch(() => 503);
    v.last.refuse();
    await settle();
    v.stop();
    v.timers.advance(60_000);
    expect(v.sources).toHaveLength(1);
  });
});

describe('BoothFlow and a ticket the hub no longer knows', () => {
  function booth() {
    const timers = new Timers();
    const signalling: CallSignalling = { send: async () => undefined, onMessage: () => () => undefined, onReconnect: () => () => undefined };
    const peer: PeerLike = { signal: () => undefined, destroy: () => undefined, on: () => undefined, getStats: (cb) => cb(null, []) };
    const goneCallbacks: (() => void)[] = [];
    let watching = false;
    let homes = 0;
    const flow = new BoothFlow({
      watchStatus: (_url, _onStatus, gone) => {
        goneCallbacks.push(gone);
        watching = true;
        return () => (watching = false);
      },
      createCall: () => new LiveCall({ role: 'callee', signalling, createPeer: () => peer, getMedia: async () => ({ getTracks: () => [] }) as unknown as MediaStream, iceServers: () => [], timers }),
      rate: async () => undefined,
      home: () => homes++,
      timers,
    });
    return { flow, goneCallbacks, gone: () => goneCallbacks.at(-1)!(), get watching() { return watching; }, get homes() { return homes; } };
  }

  it('the booth waiting for its call goes home instead of waiting for good', () => {
    const b = booth();
    b.flow.begin(issueResult('V-001'));
    expect(b.flow.screen).toBe('waiting');
    b.gone();
    expect(b.flow.phase).toBe('none');
    expect(b.flow.screen).toBeNull();
    expect(b.watching).toBe(false);
    expect(b.homes).toBe(1);
  });

  it('a late report about the previous customer’s ticket leaves the next one alone', () => {
    const b = booth();
    b.flow.begin(issueResult('V-001'));
    b.flow.begin(issueResult('V-002'));
    expect(b.homes).toBe(1);
    b.goneCallbacks[0]!();
    expect(b.flow.issue?.ticket.number).toBe('V-002');
    expect(b.flow.screen).toBe('waiting');
    expect(b.homes).toBe(1);
  });
});
