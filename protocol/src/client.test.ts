import { afterEach, describe, expect, it, vi } from 'vitest';
import { HubClient, type WebSocketLike } from './client.ts';
import { ErrorCode, HubError } from './errors.ts';
import { MAX_MESSAGE_BYTES } from './version.ts';

/** An in-memory socket whose far end is a tiny scripted hub. */
class FakeSocket implements WebSocketLike {
  static all: FakeSocket[] = [];
  readyState = 0;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  sent: { id: string; type: string; payload: Record<string, unknown> }[] = [];
  /** The hub stops answering on this socket (a dead link): frames sent to it are lost. */
  muted = false;
  constructor(public hub: (s: FakeSocket, msg: { id: string; type: string; payload: Record<string, unknown> }) => void) {
    FakeSocket.all.push(this);
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  send(data: string) {
    const msg = JSON.parse(data);
    this.sent.push(msg);
    this.hub(this, msg);
  }
  reply(msg: unknown) {
    queueMicrotask(() => this.onmessage?.({ data: JSON.stringify(msg) }));
  }
  close() {
    if (this.readyState === 3) return;
    this.readyState = 3;
    queueMicrotask(() => this.onclose?.({}));
  }
}

afterEach(() => {
  FakeSocket.all = [];
  vi.useRealTimers();
});

const okHub = (s: FakeSocket, m: { id: string; type: string }) => {
  if (m.type === 'subscribe') s.reply({ type: 'snapshot', seq: 10, snapshot: {} });
  s.reply({ type: 'result', id: m.id, data: m.type === 'auth_device' ? { principal: { id: 'k1' } } : {} });
};

/** A client whose sockets open on the next turn and that reconnects within 10–20 ms. */
function quickClient(hub: ConstructorParameters<typeof FakeSocket>[0], token: string | null, Socket: typeof FakeSocket = FakeSocket): HubClient {
  return new HubClient({
    url: 'ws://x',
    createSocket: () => {
      const socket = new Socket(hub);
      setTimeout(() => socket.open(), 0);
      return socket;
    },
    ...(token === null ? {} : { credentials: { kind: 'device' as const, token } }),
    minBackoffMs: 10,
    maxBackoffMs: 20,
  });
}

describe('HubClient', () => {
  it('rejects at once with OFFLINE when not connected, so nothing is promised without the hub', async () => {
    const c = new HubClient({ url: 'ws://x', createSocket: () => new FakeSocket(okHub) });
    await expect(c.request('call_next', {})).rejects.toSatisfy((e) => e instanceof HubError && e.code === ErrorCode.OFFLINE);
  });

  it('says hello, authenticates, subscribes, and after a drop resubscribes from its last sequence', async () => {
    vi.useFakeTimers();
    const c = new HubClient({ url: 'ws://x', createSocket: () => new FakeSocket(okHub), credentials: { kind: 'device', token: 'tok-1234567890' }, random: () => 0.5 });
    c.start();
    FakeSocket.all[0]!.open();
    await vi.waitFor(() => expect(c.state).toBe('online'));
    await c.subscribe({});
    expect(c.lastSeq).toBe(10);
    expect(FakeSocket.all[0]!.sent.map((m) => m.type)).toEqual(['hello', 'auth_device', 'subscribe']);
    FakeSocket.all[0]!.onmessage?.({ data: JSON.stringify({ type: 'event', seq: 12, event: { type: 'ticket_requeued', at: 1, ticketId: 't' } }) });
    expect(c.lastSeq).toBe(12);
    FakeSocket.all[0]!.close();
    await vi.waitFor(() => expect(c.state).toBe('offline'));
    await vi.advanceTimersByTimeAsync(1000);
    FakeSocket.all[1]!.open();
    await vi.waitFor(() => expect(c.state).toBe('online'));
    expect(FakeSocket.all[1]!.sent.map((m) => [m.type, m.payload])).toEqual([
      ['hello', { protocolVersion: 1 }],
      ['auth_device', { token: 'tok-1234567890' }],
      ['subscribe', { since: 12 }],
    ]);
    c.stop();
  });

  it('backs off exponentially with jitter, capped', async () => {
    vi.useFakeTimers();
    const created: number[] = [];
    const c = new HubClient({
      url: 'ws://x',
      createSocket: () => {
        created.push(Date.now());
        const s = new FakeSocket(okHub);
        queueMicrotask(() => s.close());
        return s;
      },
      minBackoffMs: 100,
      maxBackoffMs: 800,
      random: () => 1,
    });
    c.start();
    await vi.advanceTimersByTimeAsync(5000);
    const gaps = created.slice(1).map((t, i) => t - created[i]!);
    expect(gaps.slice(0, 5)).toEqual([100, 200, 400, 800, 800]);
    c.stop();
  });

  it('fails in-flight requests with CONNECTION_LOST when the socket drops', async () => {
    const c = new HubClient({ url: 'ws://x', createSocket: () => new FakeSocket((s, m) => (m.type === 'hello' ? okHub(s, m) : undefined)) });
    c.start();
    FakeSocket.all[0]!.open();
    await c.whenOnline();
    const pending = c.request('call_next', {});
    FakeSocket.all[0]!.close();
    await expect(pending).rejects.toSatisfy((e) => e instanceof HubError && e.code === ErrorCode.CONNECTION_LOST);
    c.stop();
  });

  it('waits for an answer as long as the request asks (a print on the hub’s printer), other requests the client’s default', async () => {
    vi.useFakeTimers();
    const held: { id: string; type: string }[] = [];
    const c = new HubClient({
      url: 'ws://x',
      requestTimeoutMs: 10_000,
      createSocket: () => new FakeSocket((s, m) => (m.type === 'hello' ? okHub(s, m) : void held.push(m))),
    });
    c.start();
    FakeSocket.all[0]!.open();
    await c.whenOnline();
    const print = c.request('print_ticket', { ticketId: 't1', lang: 'es' }, { timeoutMs: 60_000 });
    const call = c.request('call_next', {});
    const callOutcome = call.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(25_000); // the ticket is still coming out
    expect(await callOutcome).toSatisfy((e) => e instanceof HubError && e.code === ErrorCode.TIMEOUT);
    FakeSocket.all[0]!.reply({ type: 'result', id: held[0]!.id, data: { printed: true, warning: null } });
    await expect(print).resolves.toEqual({ printed: true, warning: null });
    c.stop();
  });

  it('[P3] an idempotent request made while the socket is closing waits for the reconnect instead of spinning', async () => {
    // A real WebSocket stays CLOSING (readyState 2) until its closing handshake ends; only then does onclose fire.
    class ClosingSocket extends FakeSocket {
      override close() {
        if (this.readyState >= 2) return;
        this.readyState = 2;
        setTimeout(() => {
          this.readyState = 3;
          this.onclose?.({});
        }, 50);
      }
    }
    const hub = (s: FakeSocket, m: { id: string; type: string }) => s.reply({ type: 'result', id: m.id, data: m.type === 'issue_ticket' ? { ticket: { number: 'P-001' } } : {} });
    const c = quickClient(hub, null, ClosingSocket);
    c.start();
    await c.whenOnline();
    c.dropConnection();
    let timerRan = false;
    setTimeout(() => (timerRan = true), 0);
    const payload = { serviceId: 'pagos', preferentialClass: null, accountNumber: null, lang: 'es', idempotencyKey: 'key-1' } as const;
    const result = await c.requestIdempotent('issue_ticket', payload, 2000);
    expect(result).toEqual({ ticket: { number: 'P-001' } });
    expect(timerRan).toBe(true);
    // Sent once, on the new connection: nothing was written to the closing one.
    expect(FakeSocket.all.map((s) => s.sent.filter((m) => m.type === 'issue_ticket').length)).toEqual([0, 1]);
    c.stop();
  });

  it('a dropped socket that stays CLOSING (a dead link: its close comes a minute later) is let go at once: offline, a new socket, no busy liveness loop', async () => {
    class StuckClosingSocket extends FakeSocket {
      override close() {
        this.readyState = 2; // never reaches CLOSED, never fires onclose
      }
    }
    const states: string[] = [];
    const c = quickClient(okHub, null, StuckClosingSocket);
    c.onState((s) => states.push(s));
    c.start();
    await c.whenOnline();
    c.dropConnection();
    expect(c.state).not.toBe('online');
    await vi.waitFor(() => expect(FakeSocket.all.length).toBe(2), { timeout: 2000 });
    await c.whenOnline();
    expect(states).toEqual(['connecting', 'online', 'offline', 'connecting', 'online']);
    c.stop();
  });

  it('a reconnect whose resubscription the hub refuses (its disk failed a commit) tries again instead of hanging half-connected', async () => {
    let refuse = 0;
    const hub = (s: FakeSocket, m: { id: string; type: string }) => {
      if (m.type === 'subscribe' && refuse-- > 0) return s.reply({ type: 'error', id: m.id, code: 'INTERNAL', message: 'could not save' });
      okHub(s, m);
    };
    const c = quickClient(hub, 'tok-1234567890');
    c.start();
    await c.whenOnline();
    await c.subscribe({});
    refuse = 1;
    c.dropConnection();
    await vi.waitFor(() => expect(FakeSocket.all.length).toBe(3), { timeout: 2000 });
    await c.whenOnline();
    expect(FakeSocket.all.map((s) => s.sent.filter((m) => m.type === 'subscribe').length)).toEqual([1, 1, 1]);
    expect(FakeSocket.all[1]!.readyState).toBe(3);
    c.stop();
  });

  it('a reconnect whose authentication the hub could not save (INTERNAL) tries again; refused credentials leave it online but anonymous', async () => {
    let answer: string | null = null;
    let times = 0;
    const hub = (s: FakeSocket, m: { id: string; type: string }) => {
      if (m.type === 'auth_device' && answer && times-- > 0) return s.reply({ type: 'error', id: m.id, code: answer, message: 'no' });
      okHub(s, m);
    };
    const c = quickClient(hub, 'tok-1234567890');
    c.start();
    await c.whenOnline();
    [answer, times] = ['INTERNAL', 1];
    c.dropConnection();
    await vi.waitFor(() => expect(FakeSocket.all.length).toBe(3), { timeout: 2000 });
    await c.whenOnline();
    expect(c.principal).toEqual({ id: 'k1' });
    expect(c.authError).toBeNull();
    // Now the device is revoked: the hub refuses the token, and the client stays connected, anonymous, for the app to pair again.
    [answer, times] = ['INVALID_TOKEN', 1000];
    c.dropConnection();
    await vi.waitFor(() => expect(c.authError?.code).toBe('INVALID_TOKEN'), { timeout: 2000 });
    await c.whenOnline();
    expect(c.principal).toBeNull();
    await new Promise((r) => setTimeout(r, 100));
    expect(FakeSocket.all.length).toBe(4);
    c.stop();
  });

  it('a stored token too malformed for the hub to check counts as refused credentials, not as a reason to reconnect', async () => {
    const hub = (s: FakeSocket, m: { id: string; type: string }) =>
      m.type === 'auth_device' ? s.reply({ type: 'error', id: m.id, code: 'INVALID_MESSAGE', message: 'token: too short' }) : okHub(s, m);
    const c = quickClient(hub, 'x');
    c.start();
    await c.whenOnline();
    expect(c.authError?.code).toBe('INVALID_MESSAGE');
    await new Promise((r) => setTimeout(r, 100));
    expect(FakeSocket.all.length).toBe(1);
    c.stop();
  });

  it('a hub speaking another protocol version is named (refusal) while the client keeps retrying, and forgotten once online', async () => {
    let version = 2;
    const hub = (s: FakeSocket, m: { id: string; type: string }) =>
      m.type === 'hello' && version !== 1 ? s.reply({ type: 'error', id: m.id, code: 'PROTOCOL_VERSION', message: 'hub speaks protocol 2' }) : okHub(s, m);
    const c = quickClient(hub, 'tok-1234567890');
    const states: string[] = [];
    c.onState((state) => states.push(`${state}:${c.refusal?.code ?? '-'}`));
    c.start();
    await vi.waitFor(() => expect(FakeSocket.all.length).toBeGreaterThanOrEqual(3), { timeout: 2000 });
    expect(c.refusal?.code).toBe('PROTOCOL_VERSION');
    expect(c.state).not.toBe('online');
    expect(states).toContain('offline:PROTOCOL_VERSION');
    version = 1; // the hub is put back
    await c.whenOnline();
    expect(c.refusal).toBeNull();
    expect(c.principal).toEqual({ id: 'k1' });
    c.stop();
  });
});

describe('HubClient on a link that dies without a close (a cut cable, a hub switched off)', () => {
  /** A socket on a dead link: close() starts the closing handshake, whose end (onclose) never comes. */
  class DeadLinkSocket extends FakeSocket {
    override close() {
      if (this.readyState < 2) this.readyState = 2;
    }
  }

  /** A client on fake timers whose hub stops answering on a socket once the test mutes it. */
  function silentHubClient(extra: Partial<ConstructorParameters<typeof HubClient>[0]> = {}) {
    const hub = (s: FakeSocket, m: { id: string; type: string }) => (s.muted ? undefined : okHub(s, m));
    const c = new HubClient({
      url: 'ws://x',
      createSocket: () => {
        const socket = new DeadLinkSocket(hub);
        setTimeout(() => socket.open(), 0);
        return socket;
      },
      credentials: { kind: 'device', token: 'tok-1234567890' },
      requestTimeoutMs: 10_000,
      livenessMs: 20_000,
      probeTimeoutMs: 5_000,
      minBackoffMs: 100,
      maxBackoffMs: 200,
      random: () => 0.5,
      ...extra,
    });
    const states: string[] = [];
    c.onState((state) => states.push(state));
    return { c, states };
  }

  it('a silent link is probed with a ping, dropped when the ping goes unanswered, and the client reconnects and resumes by itself', async () => {
    vi.useFakeTimers();
    const { c, states } = silentHubClient();
    c.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(c.state).toBe('online');
    await c.subscribe({});
    FakeSocket.all[0]!.onmessage?.({ data: JSON.stringify({ type: 'event', seq: 12, event: { type: 'ticket_requeued', at: 1, ticketId: 't' } }) });
    FakeSocket.all[0]!.muted = true;
    await vi.advanceTimersByTimeAsync(19_999);
    expect(FakeSocket.all[0]!.sent.map((m) => m.type)).not.toContain('ping');
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.all[0]!.sent.at(-1)).toMatchObject({ type: 'ping', payload: {} });
    expect(c.state).toBe('online');
    await vi.advanceTimersByTimeAsync(5_000);
    // Dropped without waiting for a close that never comes.
    expect(c.state).toBe('offline');
    expect(FakeSocket.all[0]!.readyState).toBe(2);
    await vi.advanceTimersByTimeAsync(200);
    expect(c.state).toBe('online');
    expect(FakeSocket.all).toHaveLength(2);
    expect(FakeSocket.all[1]!.sent.map((m) => [m.type, m.payload])).toEqual([
      ['hello', { protocolVersion: 1 }],
      ['auth_device', { token: 'tok-1234567890' }],
      ['subscribe', { since: 12 }],
    ]);
    expect(states).toEqual(['connecting', 'online', 'offline', 'connecting', 'online']);
    // A late frame from the dropped socket is not taken for the new one's.
    FakeSocket.all[0]!.onmessage?.({ data: JSON.stringify({ type: 'event', seq: 99, event: { type: 'ticket_requeued', at: 1, ticketId: 't' } }) });
    expect(c.lastSeq).toBe(10);
    c.stop();
  });

  it('a link that keeps talking is not probed; an answered probe keeps the link', async () => {
    vi.useFakeTimers();
    const { c, states } = silentHubClient();
    c.start();
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 0; i < 10; i++) {
      FakeSocket.all[0]!.onmessage?.({ data: JSON.stringify({ type: 'stats', at: Date.now(), stats: [] }) });
      await vi.advanceTimersByTimeAsync(15_000);
    }
    expect(FakeSocket.all[0]!.sent.map((m) => m.type)).toEqual(['hello', 'auth_device']);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(FakeSocket.all[0]!.sent.filter((m) => m.type === 'ping').length).toBe(6);
    expect(FakeSocket.all).toHaveLength(1);
    expect(states).toEqual(['connecting', 'online']);
    c.stop();
  });

  it('a request unanswered on a silent link drops it: an idempotent one is sent again on the new socket only, never again on the dead one', async () => {
    vi.useFakeTimers();
    const { c, states } = silentHubClient();
    c.start();
    await vi.advanceTimersByTimeAsync(0);
    FakeSocket.all[0]!.muted = true;
    const payload = { serviceId: 'pagos', preferentialClass: null, accountNumber: null, lang: 'es', idempotencyKey: 'key-12345' } as const;
    const result = c.requestIdempotent('issue_ticket', payload, 30_000);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(states).toEqual(['connecting', 'online', 'offline']);
    await vi.advanceTimersByTimeAsync(200);
    await expect(result).resolves.toEqual({});
    expect(FakeSocket.all.map((s) => s.sent.filter((m) => m.type === 'issue_ticket').length)).toEqual([1, 1]);
    expect(c.state).toBe('online');
    c.stop();
  });

  it('requests sent one after another on a silent link, each before the last timed out, still drop it at the first timeout', async () => {
    vi.useFakeTimers();
    const { c } = silentHubClient();
    c.start();
    await vi.advanceTimersByTimeAsync(0);
    FakeSocket.all[0]!.muted = true;
    // An app asking every 4 s, whatever happened to the last question.
    const asked: Promise<unknown>[] = [];
    for (let t = 0; t < 10_000; t += 4_000) {
      asked.push(c.request('my_day', {}).catch((e: unknown) => e));
      await vi.advanceTimersByTimeAsync(4_000);
    }
    // Dropped at 10 s, and online again on a new socket.
    expect(FakeSocket.all).toHaveLength(2);
    expect(c.state).toBe('online');
    expect((await Promise.all(asked)).map((e) => e instanceof HubError && e.code)).toEqual([ErrorCode.TIMEOUT, ErrorCode.CONNECTION_LOST, ErrorCode.CONNECTION_LOST]);
    c.stop();
  });

  it('a request the hub is slow to answer while other frames keep arriving fails alone (TIMEOUT): the link stays', async () => {
    vi.useFakeTimers();
    const { c } = silentHubClient();
    c.start();
    await vi.advanceTimersByTimeAsync(0);
    FakeSocket.all[0]!.hub = (s, m) => (m.type === 'call_next' ? undefined : okHub(s, m));
    const call = c.request('call_next', {}).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(5_000);
    FakeSocket.all[0]!.onmessage?.({ data: JSON.stringify({ type: 'stats', at: Date.now(), stats: [] }) });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await call).toSatisfy((e) => e instanceof HubError && e.code === ErrorCode.TIMEOUT);
    expect(c.state).toBe('online');
    expect(FakeSocket.all).toHaveLength(1);
    c.stop();
  });

  it('a connection attempt that never opens (the hub’s host is off) is given up and tried again', async () => {
    vi.useFakeTimers();
    let opens = false;
    const c = new HubClient({
      url: 'ws://x',
      createSocket: () => {
        const socket = new DeadLinkSocket(okHub);
        if (opens) setTimeout(() => socket.open(), 0);
        return socket;
      },
      requestTimeoutMs: 10_000,
      minBackoffMs: 100,
      maxBackoffMs: 200,
      random: () => 0.5,
    });
    c.start();
    await vi.advanceTimersByTimeAsync(9_999);
    expect(FakeSocket.all).toHaveLength(1);
    opens = true;
    await vi.advanceTimersByTimeAsync(1);
    expect(c.state).toBe('offline');
    await vi.advanceTimersByTimeAsync(200);
    expect(FakeSocket.all).toHaveLength(2);
    expect(c.state).toBe('online');
    c.stop();
  });
});

describe('HubClient and the hub’s message size limit', () => {
  const tooLarge = (e: unknown) => e instanceof HubError && e.code === ErrorCode.MESSAGE_TOO_LARGE;

  it('refuses a request whose frame is over MAX_MESSAGE_BYTES (counted in UTF-8 bytes) with MESSAGE_TOO_LARGE, sending nothing; one under it goes', async () => {
    const c = new HubClient({ url: 'ws://x', createSocket: () => new FakeSocket(okHub) });
    c.start();
    FakeSocket.all[0]!.open();
    await c.whenOnline();
    const socket = FakeSocket.all[0]!;
    const sentBefore = socket.sent.length;
    // 9,000 characters, 18,000 bytes: a count of characters would let it through.
    await expect(c.request('signal', { ticketId: 't1', data: { sdp: 'ñ'.repeat(9_000) } })).rejects.toSatisfy(tooLarge);
    await expect(c.requestIdempotent('request_callback', { serviceId: null, name: 'Ana', phone: '3001234567', reason: 'x'.repeat(20_000), idempotencyKey: 'key-123456' })).rejects.toSatisfy(tooLarge);
    expect(socket.sent.length).toBe(sentBefore);
    expect(c.state).toBe('online');
    await expect(c.request('signal', { ticketId: 't1', data: { sdp: 'x'.repeat(MAX_MESSAGE_BYTES - 200) } })).resolves.toEqual({});
    c.stop();
  });

  it('says so also while offline, instead of OFFLINE (a retry could never get it through)', async () => {
    const c = new HubClient({ url: 'ws://x', createSocket: () => new FakeSocket(okHub) });
    await expect(c.request('signal', { ticketId: 't1', data: { sdp: 'x'.repeat(MAX_MESSAGE_BYTES) } })).rejects.toSatisfy(tooLarge);
  });
});

describe('HubClient when the hub refuses its subscription for good', () => {
  /** A hub where office `gone` may be looked into until `refuse` says it is gone (NOT_FOUND), or the user is no longer central staff (FORBIDDEN). */
  function drillDownHub(refuse: () => string | null) {
    return (s: FakeSocket, m: { id: string; type: string; payload: Record<string, unknown> }) => {
      const code = m.type === 'subscribe' && m.payload.officeId === 'gone' ? refuse() : null;
      if (code) return s.reply({ type: 'error', id: m.id, code, message: 'no office gone has synced yet' });
      okHub(s, m);
    };
  }

  it('a resubscription refused after a reconnect (NOT_FOUND: the office is gone) is reported and dropped: the client comes online, requests work, and it stops retrying it', async () => {
    let code: string | null = null;
    const c = quickClient(drillDownHub(() => code), 'tok-1234567890');
    const refused: string[] = [];
    const states: string[] = [];
    c.onState((state) => states.push(`${state}:${c.subscriptionError?.code ?? '-'}`));
    c.start();
    await c.whenOnline();
    await c.subscribe({ onRefused: (e) => refused.push(e.code) }, 'gone');
    code = ErrorCode.NOT_FOUND;
    c.dropConnection();
    await vi.waitFor(() => expect(FakeSocket.all.length).toBe(2), { timeout: 2000 });
    await c.whenOnline();
    expect(c.subscriptionError?.code).toBe(ErrorCode.NOT_FOUND);
    expect(refused).toEqual([ErrorCode.NOT_FOUND]);
    expect(states.at(-1)).toBe('online:NOT_FOUND');
    // Signing out still works.
    await expect(c.request('logout', {})).resolves.toEqual({});
    await new Promise((r) => setTimeout(r, 100));
    expect(FakeSocket.all.length).toBe(2);
    // The next reconnect does not ask again.
    c.dropConnection();
    await vi.waitFor(() => expect(FakeSocket.all.length).toBe(3), { timeout: 2000 });
    await c.whenOnline();
    expect(FakeSocket.all.map((s) => s.sent.filter((m) => m.type === 'subscribe').length)).toEqual([1, 1, 0]);
    expect(refused).toEqual([ErrorCode.NOT_FOUND]);
    // A new subscription starts afresh.
    await c.subscribe({});
    expect(c.subscriptionError).toBeNull();
    c.stop();
  });

  it('a subscription refused as it is made (FORBIDDEN) rejects and is not tried again after a reconnect', async () => {
    const c = quickClient(drillDownHub(() => ErrorCode.FORBIDDEN), 'tok-1234567890');
    c.start();
    await c.whenOnline();
    await expect(c.subscribe({}, 'gone')).rejects.toSatisfy((e) => e instanceof HubError && e.code === ErrorCode.FORBIDDEN);
    expect(c.subscriptionError?.code).toBe(ErrorCode.FORBIDDEN);
    c.dropConnection();
    await vi.waitFor(() => expect(FakeSocket.all.length).toBe(2), { timeout: 2000 });
    await c.whenOnline();
    await new Promise((r) => setTimeout(r, 100));
    expect(FakeSocket.all.map((s) => s.sent.filter((m) => m.type === 'subscribe').length)).toEqual([1, 0]);
    expect(FakeSocket.all.length).toBe(2);
    c.stop();
  });

  it('a resubscription that goes unanswered (TIMEOUT) is transient: the client reconnects and subscribes again', async () => {
    vi.useFakeTimers();
    let answer = true;
    const hub = (s: FakeSocket, m: { id: string; type: string }) => (m.type === 'subscribe' && !answer ? undefined : okHub(s, m));
    const c = new HubClient({
      url: 'ws://x',
      createSocket: () => {
        const socket = new FakeSocket(hub);
        setTimeout(() => socket.open(), 0);
        return socket;
      },
      credentials: { kind: 'device', token: 'tok-1234567890' },
      requestTimeoutMs: 1_000,
      minBackoffMs: 100,
      maxBackoffMs: 200,
      random: () => 0.5,
    });
    c.start();
    await vi.advanceTimersByTimeAsync(0);
    await c.subscribe({});
    answer = false;
    c.dropConnection();
    await vi.advanceTimersByTimeAsync(1_100); // reconnected after ~75 ms, no answer for 1 s: dropped
    expect(c.state).toBe('offline');
    answer = true;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(c.state).toBe('online');
    expect(c.subscriptionError).toBeNull();
    expect(FakeSocket.all.map((s) => s.sent.filter((m) => m.type === 'subscribe').length)).toEqual([1, 1, 1]);
    c.stop();
  });
});

describe('HubClient.requestIdempotent while offline', () => {
  const payload = { serviceId: 'pagos', preferentialClass: null, accountNumber: null, lang: 'es', idempotencyKey: 'key-123456' } as const;

  it('[P3] each retry’s wait for the connection is let go when it ends: no waiter piles up, also after the deadline', async () => {
    vi.useFakeTimers();
    const c = new HubClient({ url: 'ws://x', createSocket: () => new FakeSocket(okHub), maxBackoffMs: 1_000 });
    const outcome = c.requestIdempotent('issue_ticket', payload, 30_000).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10_500); // ten retries so far
    expect(c.waitingForOnline).toBe(1);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(await outcome).toSatisfy((e) => e instanceof HubError && e.code === ErrorCode.OFFLINE);
    expect(c.waitingForOnline).toBe(0);
    // Waiting apps are still woken when it comes online.
    const online = c.whenOnline();
    expect(c.waitingForOnline).toBe(1);
    c.start();
    FakeSocket.all[0]!.open();
    await online;
    expect(c.waitingForOnline).toBe(0);
    c.stop();
  });

  it('stop() ends a retry loop at once instead of at its deadline, and keeps no waiter', async () => {
    vi.useFakeTimers();
    const c = new HubClient({ url: 'ws://x', createSocket: () => new FakeSocket(okHub), maxBackoffMs: 5_000 });
    c.start();
    const outcome = c.requestIdempotent('issue_ticket', payload, 60_000).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(100);
    c.stop();
    await vi.advanceTimersByTimeAsync(0);
    expect(await outcome).toSatisfy((e) => e instanceof HubError && e.code === ErrorCode.OFFLINE);
    expect(c.waitingForOnline).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
