import { describe, expect, it } from 'vitest';
import { summarizeStats } from './media-stats.ts';
import { parseCallMessage, type CallMessage, type CallSignalling, type PeerLike, type PeerOptions, type SignalData, type Timers } from './types.ts';
import { VideoCall } from './video-call.ts';

/** A peer that records what it was given; the test drives its events. */
class FakePeer implements PeerLike {
  readonly received: SignalData[] = [];
  readonly handlers = new Map<string, ((...args: never[]) => void)[]>();
  destroyed = false;
  constructor(readonly opts: PeerOptions) {}
  signal(data: SignalData) {
    this.received.push(data);
  }
  destroy() {
    this.destroyed = true;
  }
  on(event: string, listener: (...args: never[]) => void) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), listener]);
  }
  emit(event: string, ...args: unknown[]) {
    for (const h of this.handlers.get(event) ?? []) (h as (...a: unknown[]) => void)(...args);
  }
  getStats(cb: (e: Error | null, r: Record<string, unknown>[]) => void) {
    cb(null, [{ type: 'inbound-rtp', kind: 'video', bytesReceived: 1200 }]);
  }
}

class ManualTimers implements Timers {
  now = 0;
  #next = 1;
  readonly pending = new Map<number, { at: number; fn: () => void }>();
  set(fn: () => void, ms: number) {
    const id = this.#next++;
    this.pending.set(id, { at: this.now + ms, fn });
    return id;
  }
  clear(handle: unknown) {
    this.pending.delete(handle as number);
  }
  advance(ms: number) {
    const until = this.now + ms;
    for (;;) {
      const due = [...this.pending.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.now = due[1].at;
      due[1].fn();
    }
    this.now = until;
  }
}

/** One side's link to the fake relay: messages to the other side, delivered synchronously unless offline. */
class FakeLink implements CallSignalling {
  readonly sent: CallMessage[] = [];
  online = true;
  other: FakeLink | null = null;
  readonly #listeners = new Set<(m: CallMessage) => void>();
  readonly #reconnect = new Set<() => void>();
  async send(m: CallMessage) {
    if (!this.online) throw new Error('OFFLINE');
    this.sent.push(m);
    this.other?.deliver(m);
  }
  deliver(m: CallMessage) {
    if (this.online) for (const l of this.#listeners) l(m);
  }
  onMessage(l: (m: CallMessage) => void) {
    this.#listeners.add(l);
    return () => this.#listeners.delete(l);
  }
  onReconnect(l: () => void) {
    this.#reconnect.add(l);
    return () => this.#reconnect.delete(l);
  }
  back() {
    this.online = true;
    for (const l of this.#reconnect) l();
  }
  /** Listeners still attached (messages and reconnects). */
  get listening() {
    return this.#listeners.size + this.#reconnect.size;
  }
}

const track = (kind: 'audio' | 'video') => ({ kind, enabled: true, stopped: false, stop() { this.stopped = true; } });
const fakeStream = () => {
  const tracks = [track('audio'), track('video')];
  return { tracks, getTracks: () => tracks } as unknown as MediaStream & { tracks: ReturnType<typeof track>[] };
};
const flush = () => new Promise((r) => setTimeout(r, 0));

function pair(opts: { mediaFails?: boolean } = {}) {
  const timers = new ManualTimers();
  const agentLink = new FakeLink();
  const boothLink = new FakeLink();
  agentLink.other = boothLink;
  boothLink.other = agentLink;
  const peers = { agent: [] as FakePeer[], booth: [] as FakePeer[] };
  const make = (side: 'agent' | 'booth', link: FakeLink) =>
    new VideoCall({
      role: side === 'agent' ? 'caller' : 'callee',
      signalling: link,
      createPeer: (o) => {
        const p = new FakePeer(o);
        peers[side].push(p);
        return p;
      },
      getMedia: async () => {
        if (opts.mediaFails) throw new Error('NotAllowedError');
        return fakeStream();
      },
      iceServers: () => [{ urls: 'stun:stun.example.org' }],
      timers,
      reconnectMs: 20_000,
      retryMs: 5000,
      disconnectGraceMs: 2500,
    });
  const agent = make('agent', agentLink);
  const booth = make('booth', boothLink);
  const last = (side: 'agent' | 'booth') => peers[side][peers[side].length - 1]!;
  /** Both current peers report a connection (as simple-peer's 'connect'). */
  const connectBoth = () => {
    last('agent').emit('connect');
    last('booth').emit('connect');
  };
  return { timers, agentLink, boothLink, peers, agent, booth, last, connectBoth, make };
}

/** The pair's booth replaced by one whose camera starts only when the test resolves `pending[i]`. */
function slowCameraBooth(p: ReturnType<typeof pair>) {
  const pending: ((s: MediaStream) => void)[] = [];
  p.booth.dispose();
  const booth = new VideoCall({
    role: 'callee',
    signalling: p.boothLink,
    createPeer: () => new FakePeer({ initiator: false, stream: null, iceServers: [] }),
    getMedia: () => new Promise<MediaStream>((resolve) => pending.push(resolve)),
    iceServers: () => [],
    timers: p.timers,
  });
  return { booth, pending };
}

async function inCall(p: ReturnType<typeof pair>) {
  p.booth.ring();
  await p.agent.start();
  await p.booth.accept();
  await flush();
  // The caller's offer reaches the booth, which builds its peer for that generation.
  p.last('agent').emit('signal', { type: 'offer', sdp: 'v=0' });
  p.last('booth').emit('signal', { type: 'answer', sdp: 'v=0' });
  p.connectBoth();
}

describe('VideoCall state machine', () => {
  it('rings, accepts, connects with the agent as initiator, and relays simple-peer signalling by generation', async () => {
    const p = pair();
    expect(p.booth.view.state).toBe('idle');
    p.booth.ring();
    expect(p.booth.view.state).toBe('ringing');
    await p.agent.start();
    expect(p.agent.view.state).toBe('ringing');
    expect(p.agentLink.sent).toEqual([{ t: 'ring' }]);
    await p.booth.accept();
    await flush();
    expect(p.booth.view.state).toBe('connecting');
    expect(p.agent.view.state).toBe('connecting');
    expect(p.peers.agent).toHaveLength(1);
    expect(p.peers.agent[0]!.opts).toMatchObject({ initiator: true, iceServers: [{ urls: 'stun:stun.example.org' }] });
    expect(p.peers.agent[0]!.opts.stream).toBe(p.agent.view.localStream);
    p.last('agent').emit('signal', { type: 'offer', sdp: 'v=0' });
    expect(p.peers.booth).toHaveLength(1);
    expect(p.peers.booth[0]!.opts.initiator).toBe(false);
    expect(p.peers.booth[0]!.received).toEqual([{ type: 'offer', sdp: 'v=0' }]);
    p.last('booth').emit('signal', { type: 'answer', sdp: 'v=0' });
    expect(p.peers.agent[0]!.received).toEqual([{ type: 'answer', sdp: 'v=0' }]);
    const remote = fakeStream();
    p.last('agent').emit('stream', remote);
    p.connectBoth();
    expect(p.agent.view).toMatchObject({ state: 'connected', remoteStream: remote, generation: 1 });
    expect(p.booth.view.state).toBe('connected');
    expect(await p.agent.stats()).toEqual({ videoBytesReceived: 1200, audioBytesReceived: 0, videoBytesSent: 0 });
  });

  it('connects when the booth accepted before the agent started, however long the agent took: the booth’s bound starts once the agent rings', async () => {
    const p = pair();
    p.booth.ring(); // the ticket's status: call_next rang the booth at once
    await p.booth.accept();
    await flush();
    expect(p.peers.agent).toHaveLength(0);
    p.timers.advance(25_000); // the agent reads the customer's history before pressing "start"
    expect(p.booth.view.state).toBe('connecting');
    await p.agent.start();
    await flush(); // the booth's camera opens on the agent's ring, then its accept goes
    expect(p.agentLink.sent).toEqual([{ t: 'ring' }]);
    expect(p.agent.view.state).toBe('connecting');
    expect(p.peers.agent).toHaveLength(1);
    p.last('agent').emit('signal', { type: 'offer', sdp: 'v=0' });
    p.last('booth').emit('signal', { type: 'answer', sdp: 'v=0' });
    p.connectBoth();
    expect(p.agent.view.state).toBe('connected');
    expect(p.booth.view.state).toBe('connected');
  });

  it('a booth that accepted and then heard the agent ring, but never got connected, gives up after the bound', async () => {
    const p = pair();
    p.booth.ring();
    await p.booth.accept();
    await flush();
    p.boothLink.deliver({ t: 'ring' }); // the agent's ring; its offer never comes
    p.timers.advance(19_999);
    expect(p.booth.view.state).toBe('connecting');
    p.timers.advance(1);
    expect(p.booth.view).toMatchObject({ state: 'ended', endReason: 'lost' });
  });

  it('re-sends accept when the caller starts after an accept nobody heard', async () => {
    const p = pair();
    p.booth.ring();
    p.agentLink.online = false; // the agent's panel was not listening yet
    await p.booth.accept();
    await flush();
    p.agentLink.online = true;
    await p.agent.start();
    await flush();
    expect(p.agent.view.state).toBe('connecting');
    expect(p.peers.agent).toHaveLength(1);
  });

  it('a customer who answers before the agent pressed start is not filmed: the camera opens when the agent rings, then one accept goes', async () => {
    const p = pair();
    const { booth, pending } = slowCameraBooth(p);
    booth.ring(); // the ticket's status: the agent called the ticket
    await booth.accept();
    expect(booth.view).toMatchObject({ state: 'connecting', localStream: null });
    expect(pending).toHaveLength(0);
    p.boothLink.back(); // a link that comes back meanwhile asks nobody for an offer
    expect(p.boothLink.sent).toEqual([]);
    expect(p.timers.pending.size).toBe(0); // no bound while nobody calls
    p.boothLink.deliver({ t: 'ring' }); // "Iniciar videollamada"
    p.boothLink.deliver({ t: 'ring' }); // said again while the camera starts
    expect(pending).toHaveLength(1);
    expect(p.boothLink.sent).toEqual([]);
    const camera = fakeStream();
    pending[0]!(camera);
    await flush();
    expect(booth.view).toMatchObject({ state: 'connecting', localStream: camera });
    expect(p.boothLink.sent).toEqual([{ t: 'accept' }]);
    booth.dispose();
  });

  it('a camera still starting for a call that ended does not hold up the next call’s', async () => {
    const p = pair();
    const { booth, pending } = slowCameraBooth(p);
    p.boothLink.deliver({ t: 'ring' });
    void booth.accept(); // the camera is starting
    p.boothLink.deliver({ t: 'bye' }); // the agent hangs up meanwhile
    p.boothLink.deliver({ t: 'ring' }); // and calls again
    void booth.accept();
    expect(pending).toHaveLength(2);
    pending[0]!(fakeStream());
    const camera = fakeStream();
    pending[1]!(camera);
    await flush();
    expect(booth.view).toMatchObject({ state: 'connecting', localStream: camera });
    expect(p.boothLink.sent).toEqual([{ t: 'accept' }]);
  });

  it('a caller already here when the customer answers: the camera opens at once', async () => {
    const p = pair();
    await p.agent.start();
    expect(p.booth.view.state).toBe('ringing');
    await p.booth.accept();
    expect(p.booth.view.localStream).not.toBeNull();
    expect(p.boothLink.sent).toEqual([{ t: 'accept' }]);
    expect(p.agent.view.state).toBe('connecting');
  });

  it('the caller’s signalling before its ring opens the camera too; no peer is built without it, the accept brings a new offer', async () => {
    const p = pair();
    p.booth.ring();
    await p.booth.accept();
    p.boothLink.deliver({ t: 'sp', gen: 1, d: { type: 'offer', sdp: 'early' } });
    expect(p.peers.booth).toHaveLength(0);
    await flush();
    expect(p.booth.view.localStream).not.toBeNull();
    expect(p.boothLink.sent).toEqual([{ t: 'accept' }]);
  });

  it('mute pressed while waiting for the caller, and camera off while the camera starts, hold once it is on', async () => {
    const p = pair();
    const { booth, pending } = slowCameraBooth(p);
    booth.ring();
    await booth.accept();
    booth.toggleMute();
    p.boothLink.deliver({ t: 'ring' });
    booth.toggleCamera();
    const camera = fakeStream();
    pending[0]!(camera);
    await flush();
    expect(booth.view).toMatchObject({ localStream: camera, muted: true, cameraOff: true });
    expect(camera.tracks.map((t) => [t.kind, t.enabled])).toEqual([['audio', false], ['video', false]]);
  });

  it('mute and camera off disable local tracks and reach the other side', async () => {
    const p = pair();
    await inCall(p);
    const local = p.booth.view.localStream as unknown as { tracks: { kind: string; enabled: boolean }[] };
    p.booth.toggleMute();
    expect(local.tracks.find((t) => t.kind === 'audio')!.enabled).toBe(false);
    expect(p.booth.view.muted).toBe(true);
    expect(p.agent.view).toMatchObject({ remoteMuted: true, remoteCameraOff: false });
    p.booth.toggleCamera();
    expect(local.tracks.find((t) => t.kind === 'video')!.enabled).toBe(false);
    expect(p.agent.view).toMatchObject({ remoteMuted: true, remoteCameraOff: true });
    p.booth.toggleMute();
    expect(p.agent.view.remoteMuted).toBe(false);
  });

  it('hang up ends both sides, stops the camera and destroys the peers', async () => {
    const p = pair();
    await inCall(p);
    const local = p.agent.view.localStream as unknown as { tracks: { stopped: boolean }[] };
    p.booth.hangUp();
    expect(p.booth.view).toMatchObject({ state: 'ended', endReason: 'local' });
    expect(p.agent.view).toMatchObject({ state: 'ended', endReason: 'remote', localStream: null });
    expect(local.tracks.every((t) => t.stopped)).toBe(true);
    expect(p.peers.agent.every((x) => x.destroyed) && p.peers.booth.every((x) => x.destroyed)).toBe(true);
  });

  it('ICE failure at the booth: the booth asks again, the agent re-offers with a new generation, and the call comes back', async () => {
    const p = pair();
    await inCall(p);
    p.last('booth').emit('iceStateChange', 'failed');
    expect(p.booth.view.state).toBe('reconnecting');
    expect(p.agent.view.state).toBe('reconnecting');
    expect(p.peers.agent).toHaveLength(2);
    expect(p.peers.agent[0]!.destroyed).toBe(true);
    // A late message of the old generation is dropped; the new offer builds a new booth peer.
    p.peers.agent[0]!.emit('signal', { candidate: 'old' });
    p.last('agent').emit('signal', { type: 'offer', sdp: 'v=1' });
    expect(p.peers.booth).toHaveLength(2);
    expect(p.last('booth').received).toEqual([{ type: 'offer', sdp: 'v=1' }]);
    p.connectBoth();
    expect(p.agent.view).toMatchObject({ state: 'connected', generation: 2 });
    expect(p.booth.view).toMatchObject({ state: 'connected', generation: 2 });
    // The deadline was cleared: nothing ends the call later.
    p.timers.advance(60_000);
    expect(p.agent.view.state).toBe('connected');
  });

  it('a new call after one that had a reconnection connects: the booth starts its generations over (an offer numbered 1 is not dropped)', async () => {
    const p = pair();
    await inCall(p);
    p.last('booth').emit('iceStateChange', 'failed');
    p.last('agent').emit('signal', { type: 'offer', sdp: 'v=1' });
    p.connectBoth();
    expect(p.booth.view.generation).toBe(2);
    p.agent.hangUp();
    expect(p.booth.view).toMatchObject({ state: 'ended', endReason: 'remote' });
    // "Reintentar" on the desk: a new caller, on the same link.
    p.agent.dispose();
    const again = p.make('agent', p.agentLink);
    p.booth.ring();
    await again.start();
    await p.booth.accept();
    await flush();
    p.last('agent').emit('signal', { type: 'offer', sdp: 'v=0' });
    expect(p.last('booth').received).toEqual([{ type: 'offer', sdp: 'v=0' }]);
    p.last('booth').emit('signal', { type: 'answer', sdp: 'v=0' });
    p.connectBoth();
    expect(again.view.state).toBe('connected');
    expect(p.booth.view.state).toBe('connected');
  });

  it('a booth answering a call the agent already ended is told so, and a booth left connecting to nobody gives up (camera off)', async () => {
    const p = pair();
    p.booth.ring();
    await p.agent.start();
    p.agent.end('local'); // the desk went away without a word (tab closed)
    await p.booth.accept();
    await flush();
    expect(p.agentLink.sent).toContainEqual({ t: 'bye' });
    expect(p.booth.view).toMatchObject({ state: 'ended', endReason: 'remote', localStream: null });

    const q = pair();
    q.booth.ring();
    await q.agent.start();
    q.agent.dispose(); // the agent rang, then nobody at the desk end any more
    await q.booth.accept();
    expect(q.booth.view.state).toBe('connecting');
    const camera = q.booth.view.localStream!;
    q.timers.advance(20_000);
    expect(q.booth.view).toMatchObject({ state: 'ended', endReason: 'lost' });
    expect(camera.getTracks().every((t) => (t as unknown as { stopped: boolean }).stopped)).toBe(true);
  });

  it('ICE disconnected heals within the grace period without a new peer', async () => {
    const p = pair();
    await inCall(p);
    p.last('agent').emit('iceStateChange', 'disconnected');
    p.timers.advance(1000);
    p.last('agent').emit('iceStateChange', 'connected');
    p.timers.advance(5000);
    expect(p.agent.view.state).toBe('connected');
    expect(p.peers.agent).toHaveLength(1);
    p.last('agent').emit('iceStateChange', 'disconnected');
    p.timers.advance(2500);
    expect(p.agent.view.state).toBe('reconnecting');
    expect(p.peers.agent).toHaveLength(2);
  });

  it('a link to the hub that comes back while reconnecting restarts the negotiation', async () => {
    const p = pair();
    await inCall(p);
    p.boothLink.online = false;
    p.last('booth').emit('close');
    expect(p.booth.view.state).toBe('reconnecting');
    expect(p.agent.view.state).toBe('connected'); // its accept could not be sent
    p.boothLink.back();
    expect(p.agent.view.state).toBe('reconnecting');
    p.last('agent').emit('signal', { type: 'offer', sdp: 'v=2' });
    p.connectBoth();
    expect(p.booth.view.state).toBe('connected');
  });

  it('retries every retryMs and ends as lost after reconnectMs without recovery', async () => {
    const p = pair();
    await inCall(p);
    p.agentLink.online = false;
    p.boothLink.online = false;
    p.last('agent').emit('error', new Error('ice'));
    expect(p.agent.view.state).toBe('reconnecting');
    p.timers.advance(15_000);
    expect(p.peers.agent.length).toBe(5); // the first rebuild plus one every 5 s
    p.timers.advance(5000);
    expect(p.agent.view).toMatchObject({ state: 'ended', endReason: 'lost' });
    expect(p.timers.pending.size).toBe(0);
  });

  it('no camera or microphone ends the call with reason media; a booth that cannot open them tells the agent (not left “calling the booth…”)', async () => {
    const p = pair({ mediaFails: true });
    p.booth.ring();
    expect(p.agent.view.state).toBe('idle');
    await p.agent.start(); // the agent's camera fails too: the agent sees why; the booth keeps ringing for a retry
    expect(p.agent.view).toMatchObject({ state: 'ended', endReason: 'media' });
    expect(p.booth.view.state).toBe('ringing');
    await p.booth.accept(); // nobody is calling yet: the booth waits with its camera off
    expect(p.booth.view).toMatchObject({ state: 'connecting', localStream: null });
    p.boothLink.deliver({ t: 'ring' }); // the agent tries again; the booth's camera fails now
    await flush();
    expect(p.booth.view).toMatchObject({ state: 'ended', endReason: 'media' });
    expect(p.boothLink.sent).toContainEqual({ t: 'bye', reason: 'media' });
  });

  it('the agent is told the booth could not open its camera or microphone, not that the customer hung up', async () => {
    const p = pair();
    p.booth.dispose();
    const booth = new VideoCall({
      role: 'callee',
      signalling: p.boothLink,
      createPeer: () => {
        throw new Error('no peer without a camera');
      },
      getMedia: () => Promise.reject(new Error('NotReadableError')),
      iceServers: () => [],
      timers: p.timers,
    });
    await p.agent.start();
    expect(booth.view.state).toBe('ringing');
    await booth.accept();
    expect(p.agent.view).toMatchObject({ state: 'ended', endReason: 'remote_media' });
  });

  it('a ring said again while ringing counts one more (a booth’s tone starts again); the same ring to a call in progress does not', async () => {
    const p = pair();
    p.booth.ring();
    expect(p.booth.view).toMatchObject({ state: 'ringing', rings: 1 });
    p.booth.ring(); // a recall
    p.boothLink.deliver({ t: 'ring' }); // the agent's start
    expect(p.booth.view).toMatchObject({ state: 'ringing', rings: 3 });
    await p.booth.accept();
    p.booth.ring();
    expect(p.booth.view).toMatchObject({ state: 'connecting', rings: 3 });
    p.booth.end('lost');
    p.booth.ring(); // a new call
    expect(p.booth.view).toMatchObject({ state: 'ringing', rings: 1 });
  });

  it('a booth whose call was lost rings again when the agent calls again', async () => {
    const p = pair();
    await inCall(p);
    p.booth.end('lost');
    p.boothLink.deliver({ t: 'ring' });
    expect(p.booth.view).toMatchObject({ state: 'ringing', endReason: null });
  });

  it('a booth that hung up rings again when the agent calls again (“Llamar de nuevo”), and the new call connects', async () => {
    const p = pair();
    await inCall(p);
    p.booth.hangUp();
    expect(p.agent.view).toMatchObject({ state: 'ended', endReason: 'remote' });
    p.agent.dispose();
    const again = p.make('agent', p.agentLink);
    await again.start();
    expect(p.booth.view).toMatchObject({ state: 'ringing', endReason: null, generation: 0 });
    await p.booth.accept();
    await flush();
    expect(again.view.state).toBe('connecting');
    p.last('agent').emit('signal', { type: 'offer', sdp: 'v=0' });
    p.last('booth').emit('signal', { type: 'answer', sdp: 'v=0' });
    p.connectBoth();
    expect(again.view.state).toBe('connected');
    expect(p.booth.view.state).toBe('connected');
  });

  it('a ring refused while the agent’s link was down is sent again when it is back', async () => {
    const p = pair();
    p.agentLink.online = false;
    await p.agent.start();
    expect(p.agent.view.state).toBe('ringing');
    expect(p.booth.view.state).toBe('idle');
    p.agentLink.back();
    expect(p.booth.view.state).toBe('ringing');
  });

  it('a ring nobody answers ends after a minute (“unanswered”) and stops the booth ringing; one answered in time is not cut by it', async () => {
    const p = pair();
    await p.agent.start();
    expect(p.booth.view.state).toBe('ringing');
    p.timers.advance(59_999);
    expect(p.agent.view.state).toBe('ringing');
    p.timers.advance(1);
    expect(p.agent.view).toMatchObject({ state: 'ended', endReason: 'unanswered', localStream: null });
    expect(p.booth.view).toMatchObject({ state: 'ended', endReason: 'remote' });
    expect(p.timers.pending.size).toBe(0);

    const q = pair();
    await q.agent.start();
    q.timers.advance(50_000);
    await q.booth.accept();
    await flush();
    q.timers.advance(15_000); // past the minute, within the connection's own bound
    expect(q.agent.view.state).toBe('connecting');
    q.last('agent').emit('signal', { type: 'offer', sdp: 'v=0' });
    q.last('booth').emit('signal', { type: 'answer', sdp: 'v=0' });
    q.connectBoth();
    q.timers.advance(120_000);
    expect(q.agent.view.state).toBe('connected');
  });

  it('a camera that comes on after its call was hung up and rung again is stopped, and only the new call’s camera is used', async () => {
    const p = pair();
    const { booth, pending } = slowCameraBooth(p);
    p.boothLink.deliver({ t: 'ring' });
    const first = booth.accept(); // the camera is starting
    p.boothLink.deliver({ t: 'bye' }); // the agent hangs up meanwhile
    p.boothLink.deliver({ t: 'ring' }); // and calls again
    const s1 = fakeStream();
    pending[0]!(s1);
    await first;
    expect(s1.tracks.every((t) => t.stopped)).toBe(true);
    expect(booth.view).toMatchObject({ state: 'ringing', localStream: null });
    expect(p.boothLink.sent).not.toContainEqual({ t: 'accept' });
    const second = booth.accept();
    const s2 = fakeStream();
    pending[1]!(s2);
    await second;
    expect(booth.view.localStream).toBe(s2);
    expect(s2.tracks.some((t) => t.stopped)).toBe(false);
    booth.hangUp();
    expect(s2.tracks.every((t) => t.stopped)).toBe(true);
  });

  it('a desk reloaded mid-call (after a recovery) calls again from connection 1: the booth starts its numbering over and connects', async () => {
    const p = pair();
    await inCall(p);
    p.last('booth').emit('iceStateChange', 'failed'); // one recovery: generation 2
    p.last('agent').emit('signal', { type: 'offer', sdp: 'v=1' });
    p.connectBoth();
    expect(p.booth.view.generation).toBe(2);
    const old = p.last('booth');
    p.agent.dispose(); // the desk window reloads without a word; the booth has not noticed yet
    const fresh = p.make('agent', p.agentLink);
    await fresh.start();
    await flush();
    expect(old.destroyed).toBe(true);
    expect(p.booth.view).toMatchObject({ state: 'reconnecting', generation: 0 });
    expect(fresh.view).toMatchObject({ state: 'connecting', generation: 1 });
    p.last('agent').emit('signal', { type: 'offer', sdp: 'reloaded' });
    expect(p.last('booth')).not.toBe(old);
    expect(p.last('booth').received).toEqual([{ type: 'offer', sdp: 'reloaded' }]);
    p.last('booth').emit('signal', { type: 'answer', sdp: 'v=0' });
    p.connectBoth();
    expect(fresh.view.state).toBe('connected');
    expect(p.booth.view).toMatchObject({ state: 'connected', generation: 1 });
  });

  it('a caller that starts over while the booth waits to connect gets the whole bound again', async () => {
    const p = pair();
    p.boothLink.deliver({ t: 'ring' });
    await p.booth.accept(); // the bound runs from here; no offer comes
    p.timers.advance(15_000);
    p.boothLink.deliver({ t: 'ring' }); // the desk was reloaded and calls again
    p.timers.advance(15_000);
    expect(p.booth.view.state).toBe('connecting');
    p.timers.advance(5000);
    expect(p.booth.view).toMatchObject({ state: 'ended', endReason: 'lost' });
  });

  it('dispose stops listening: nothing is left attached to the relay, and a ring afterwards changes nothing', async () => {
    const p = pair();
    const views: string[] = [];
    p.booth.onChange((v) => views.push(v.state));
    expect(p.boothLink.listening).toBe(2);
    p.booth.dispose();
    expect(p.boothLink.listening).toBe(0);
    views.length = 0;
    p.boothLink.deliver({ t: 'ring' });
    p.boothLink.back();
    expect(views).toEqual([]);
    expect(p.booth.view).toMatchObject({ state: 'ended', endReason: 'local' });
  });
});

describe('call messages and stats', () => {
  it('parses only well-formed messages', () => {
    expect(parseCallMessage({ t: 'sp', gen: 2, d: { type: 'offer' } })).toEqual({ t: 'sp', gen: 2, d: { type: 'offer' } });
    expect(parseCallMessage({ t: 'sp', gen: 0, d: {} })).toBeNull();
    expect(parseCallMessage({ t: 'sp', gen: 1, d: [] })).toBeNull();
    expect(parseCallMessage({ t: 'media', muted: true, cameraOff: 'no' })).toBeNull();
    expect(parseCallMessage({ t: 'bye', extra: 1 })).toEqual({ t: 'bye' });
    expect(parseCallMessage({ t: 'bye', reason: 'media' })).toEqual({ t: 'bye', reason: 'media' });
    expect(parseCallMessage({ t: 'bye', reason: 'other' })).toEqual({ t: 'bye' });
    expect(parseCallMessage({ type: 'offer' })).toBeNull();
    expect(parseCallMessage(null)).toBeNull();
  });

  it('sums inbound bytes per kind', () => {
    expect(
      summarizeStats([
        { type: 'inbound-rtp', kind: 'video', bytesReceived: 10 },
        { type: 'inbound-rtp', mediaType: 'audio', bytesReceived: 5 },
        { type: 'outbound-rtp', kind: 'video', bytesSent: 7 },
        { type: 'candidate-pair', bytesReceived: 99 },
      ]),
    ).toEqual({ videoBytesReceived: 10, audioBytesReceived: 5, videoBytesSent: 7 });
  });
});
