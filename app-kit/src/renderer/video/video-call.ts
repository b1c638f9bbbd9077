import { peerStats, type MediaStats } from './media-stats.ts';
import { realTimers } from '../timers.ts';
import type { CallMessage, CallSignalling, CallView, EndReason, PeerFactory, PeerLike, SignalData, Timers } from './types.ts';

export interface VideoCallDeps {
  /** The agent calls (simple-peer initiator); the booth answers. */
  role: 'caller' | 'callee';
  signalling: CallSignalling;
  createPeer: PeerFactory;
  /** Camera and microphone. */
  getMedia: () => Promise<MediaStream>;
  /** STUN/TURN from the office settings (empty on a LAN). */
  iceServers: () => RTCIceServer[];
  timers?: Timers;
  /** A lost call that has not come back after this long ends ('lost'). */
  reconnectMs?: number;
  /** While reconnecting, a fresh peer is tried this often. */
  retryMs?: number;
  /** ICE 'disconnected' often heals by itself: wait this long before rebuilding the peer. */
  disconnectGraceMs?: number;
  /** Caller: a ring not answered within this long ends the call ('unanswered') and stops the booth's ringing. */
  ringMs?: number;
}

const LIVE = new Set(['connecting', 'connected', 'reconnecting']);

/** Turns a camera/microphone stream off. */
function stopTracks(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}

/**
 * One video call of a ticket: idle → ringing → connecting → connected ⇄ reconnecting → ended.
 * A failed or disconnected peer (or a link to the hub that comes back while not connected) is
 * replaced by a new one: the callee sends `accept` again and the caller re-offers with a new
 * generation; the relay keeps messages for a side that is momentarily away. Without recovery
 * within `reconnectMs` the call ends as 'lost'.
 */
export class VideoCall {
  #view: CallView = { state: 'idle', muted: false, cameraOff: false, remoteMuted: false, remoteCameraOff: false, localStream: null, remoteStream: null, endReason: null, generation: 0, rings: 0 };
  readonly #deps: VideoCallDeps;
  readonly #timers: Timers;
  readonly #listeners = new Set<(view: CallView) => void>();
  readonly #unsubscribe: (() => void)[];
  #peer: PeerLike | null = null;
  /**
   * Callee: the caller of this call has shown up (its ring or signalling reached us). Until then an
   * accepted call waits for it with no deadline and with the camera off: the ticket's status rings the
   * booth as soon as the agent calls the ticket, and the agent may press "start" a good while later.
   */
  #callerHere = false;
  #started = false;
  /** Numbers the camera requests; an end makes any request still pending unwanted (its stream is stopped). */
  #mediaTag = 0;
  /** The tag of the last camera request: while it equals #mediaTag and no stream is on, the camera is starting. */
  #openingTag = -1;
  #deadline: unknown = null;
  #ringLimit: unknown = null;
  #retry: unknown = null;
  #grace: unknown = null;

  constructor(deps: VideoCallDeps) {
    this.#deps = deps;
    this.#timers = deps.timers ?? realTimers;
    this.#unsubscribe = [deps.signalling.onMessage((m) => this.#onMessage(m)), deps.signalling.onReconnect(() => this.#onReconnect())];
  }

  get view(): CallView {
    return this.#view;
  }

  /** Listens to every change of the view; returns the unsubscribe function. */
  onChange(listener: (view: CallView) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Callee: the ticket was called or recalled (a new call, after any end); ring until the customer accepts.
   * Said again while ringing (a recall, the agent's start after the ticket's call) it counts a ring more.
   */
  ring(): void {
    if (this.#view.state === 'idle' || this.#view.state === 'ended') this.#ring();
    else if (this.#view.state === 'ringing' && this.#deps.role === 'callee') this.#set({ rings: this.#view.rings + 1 });
  }

  /**
   * Caller: open the camera and call the booth. Always by a `ring`, even to a booth that accepted
   * already: it answers with `accept` again (then the offer follows), and one whose wait ended rings again.
   */
  async start(): Promise<void> {
    if (this.#deps.role !== 'caller' || this.#started || this.#view.state === 'ended') return;
    this.#started = true;
    if (!(await this.#openMedia())) return;
    this.#set({ state: 'ringing' });
    this.#ringLimit = this.#timers.set(() => {
      this.#ringLimit = null;
      if (this.#view.state !== 'ringing') return;
      this.#send({ t: 'bye' });
      this.end('unanswered');
    }, this.#deps.ringMs ?? 60_000);
    this.#send({ t: 'ring' });
  }

  /**
   * Callee: the customer takes the call. The camera opens (and `accept` goes) once the caller is here:
   * at once if its ring came already, else when it does.
   */
  async accept(): Promise<void> {
    if (this.#deps.role !== 'callee' || this.#view.state !== 'ringing') return;
    this.#connecting();
    await this.#ready();
  }

  toggleMute(): void {
    this.#setTracks('audio', !this.#view.muted);
  }

  toggleCamera(): void {
    this.#setTracks('video', !this.#view.cameraOff);
  }

  /** Ends the call here and tells the other side. */
  hangUp(): void {
    if (this.#view.state === 'ended') return;
    this.#send({ t: 'bye' });
    this.end('local');
  }

  /** Ends the call without telling the other side (the ticket ended, the screen went away). */
  end(reason: EndReason): void {
    if (this.#view.state === 'ended') return;
    this.#mediaTag++;
    this.#clearTimers();
    this.#destroyPeer();
    if (this.#view.localStream) stopTracks(this.#view.localStream);
    this.#set({ state: 'ended', endReason: reason, localStream: null, remoteStream: null });
  }

  /** Ends the call and stops listening to the relay. */
  dispose(): void {
    this.end('local');
    for (const off of this.#unsubscribe) off();
    this.#listeners.clear();
  }

  /** Bytes received so far on the current peer (null without one). */
  stats(): Promise<MediaStats | null> {
    return this.#peer ? peerStats(this.#peer) : Promise.resolve(null);
  }

  /** Treats the current peer as failed, as an ICE failure would (for tests and the "reconnect" button). */
  dropPeer(): void {
    if (LIVE.has(this.#view.state)) this.#lost();
  }

  #ring(): void {
    if (this.#deps.role !== 'callee') return;
    // A new call: its caller numbers its connections from 1 again, so the booth starts over too (an
    // offer numbered below the last call's would otherwise be dropped as stale: "Conectando…" for good).
    this.#callerHere = false;
    this.#set({ ...this.#freshView(), state: 'ringing', rings: 1 });
  }

  #freshView(): CallView {
    return { state: 'idle', muted: false, cameraOff: false, remoteMuted: false, remoteCameraOff: false, localStream: null, remoteStream: null, endReason: null, generation: 0, rings: 0 };
  }

  async #openMedia(): Promise<boolean> {
    // NOTE: a quick hang-up and a new call while the camera starts leave this request to a call that is over.
    const tag = ++this.#mediaTag;
    this.#openingTag = tag;
    const wanted = () => tag === this.#mediaTag && this.#view.state !== 'ended';
    let stream: MediaStream;
    try {
      stream = await this.#deps.getMedia();
    } catch {
      if (!wanted()) return false;
      // The booth cannot open its camera or microphone: the agent is told why (else "calling the booth…" for
      // good, or "the customer hung up" with a plain bye).
      if (this.#deps.role === 'callee') this.#send({ t: 'bye', reason: 'media' });
      this.end('media');
      return false;
    }
    if (!wanted()) {
      stopTracks(stream);
      return false;
    }
    const previous = this.#view.localStream;
    if (previous && previous !== stream) stopTracks(previous);
    // NOTE: mute or camera off pressed while the camera was starting (or before the caller came) holds.
    for (const track of stream.getTracks()) if ((track.kind === 'audio' && this.#view.muted) || (track.kind === 'video' && this.#view.cameraOff)) track.enabled = false;
    this.#set({ localStream: stream });
    return true;
  }

  #onMessage(m: CallMessage): void {
    const state = this.#view.state;
    switch (m.t) {
      case 'ring':
        if (this.#deps.role !== 'callee') return;
        // The agent calls (again): after any end, a hang-up here too ("Llamar de nuevo", the next agent after a transfer).
        this.ring();
        this.#callerArrived();
        if (LIVE.has(state)) this.#callerRestarted();
        return;
      case 'accept':
        if (this.#deps.role !== 'caller') return;
        // A booth answering a call this side already ended (a desk gone, a hang-up it missed): tell it.
        if (state === 'ended') return this.#send({ t: 'bye' });
        // Not calling yet: our ring, once sent, makes the booth say it again.
        if (!this.#started || !this.#view.localStream) return;
        // The booth is (again) ready for an offer: a first connection or a recovery.
        if (state === 'connected') this.#reconnecting();
        else if (state === 'ringing') this.#connecting();
        return this.#newPeer();
      case 'sp':
        return this.#onPeerSignal(m.gen, m.d);
      case 'media':
        if (state !== 'ended') this.#set({ remoteMuted: m.muted, remoteCameraOff: m.cameraOff });
        return;
      case 'bye':
        if (state !== 'idle') this.end(m.reason === 'media' ? 'remote_media' : 'remote');
        return;
      default: {
        const _exhaustive: never = m;
        return _exhaustive;
      }
    }
  }

  #onPeerSignal(gen: number, data: SignalData): void {
    if (!LIVE.has(this.#view.state)) return;
    this.#callerArrived();
    if (this.#deps.role === 'caller') {
      if (gen === this.#view.generation) this.#peer?.signal(data);
      return;
    }
    // No peer without our camera: it opens now that the caller is here, and our accept then asks for a new offer.
    if (!this.#view.localStream) return void this.#ready();
    if (gen < this.#view.generation) return;
    if (gen > this.#view.generation || !this.#peer) {
      if (this.#view.state === 'connected') this.#reconnecting();
      this.#newPeer(gen);
    }
    this.#peer?.signal(data);
  }

  /**
   * Callee: a ring during our call is a caller that (re)started after our accept — it went unheard, came
   * before the caller pressed start, or the desk was reloaded mid-call. That caller numbers its
   * connections from 1 again: drop ours and our numbering, then say again that we are ready. The new
   * caller gets the whole bound to connect.
   */
  #callerRestarted(): void {
    if (this.#deadline !== null) this.#timers.clear(this.#deadline);
    this.#deadline = null;
    this.#armDeadline();
    this.#destroyPeer();
    if (this.#view.state === 'connected') this.#reconnecting();
    this.#set({ generation: 0 });
    if (this.#view.state === 'reconnecting') this.#restart();
    else void this.#ready();
  }

  /**
   * Callee: tell the caller we are ready for an offer. Our camera opens only once the caller is here
   * (nobody films a customer who answered before the agent pressed start), and `accept` goes once it
   * is on; a camera already starting is not asked again (its accept is on the way).
   */
  async #ready(): Promise<void> {
    if (this.#view.localStream) return this.#send({ t: 'accept' });
    if (!this.#callerHere || this.#openingTag === this.#mediaTag) return;
    if (await this.#openMedia()) this.#send({ t: 'accept' });
  }

  #onReconnect(): void {
    const state = this.#view.state;
    // A ring sent while the link was down was refused, not queued: ring again.
    if (state === 'ringing' && this.#deps.role === 'caller') this.#send({ t: 'ring' });
    else if (state === 'connecting' || state === 'reconnecting') this.#restart();
    else if (state === 'connected') this.#sendMedia();
  }

  #newPeer(gen = this.#view.generation + 1): void {
    this.#destroyPeer();
    const peer = this.#deps.createPeer({ initiator: this.#deps.role === 'caller', stream: this.#view.localStream, iceServers: this.#deps.iceServers() });
    this.#peer = peer;
    this.#set({ generation: gen });
    const current = () => this.#peer === peer;
    peer.on('signal', (d: SignalData) => current() && this.#send({ t: 'sp', gen, d }));
    peer.on('stream', (stream: MediaStream) => current() && this.#set({ remoteStream: stream }));
    peer.on('connect', () => current() && this.#connected());
    peer.on('iceStateChange', (ice: string) => {
      if (!current()) return;
      if (ice === 'failed') this.#lost();
      else if (ice === 'disconnected' && this.#grace === null) {
        this.#grace = this.#timers.set(() => {
          this.#grace = null;
          if (current() && this.#view.state === 'connected') this.#lost();
        }, this.#deps.disconnectGraceMs ?? 2500);
      } else if ((ice === 'connected' || ice === 'completed') && this.#grace !== null) {
        this.#timers.clear(this.#grace);
        this.#grace = null;
      }
    });
    peer.on('close', () => current() && this.#lost());
    peer.on('error', () => current() && this.#lost());
  }

  #connected(): void {
    this.#clearTimers();
    this.#set({ state: 'connected' });
    this.#sendMedia();
  }

  /** The media path broke: rebuild it (bounded by the reconnect deadline). */
  #lost(): void {
    if (!LIVE.has(this.#view.state)) return;
    this.#destroyPeer();
    this.#reconnecting();
    this.#restart();
  }

  /**
   * Connecting, bounded like a reconnection: nobody answering at the other end ends it (the camera
   * off). A callee's bound starts only once its caller has shown up (see #callerHere).
   */
  #connecting(): void {
    if (this.#ringLimit !== null) this.#timers.clear(this.#ringLimit);
    this.#ringLimit = null;
    this.#set({ state: 'connecting' });
    if (this.#deps.role === 'caller' || this.#callerHere) this.#armDeadline();
  }

  #reconnecting(): void {
    if (this.#view.state !== 'reconnecting') this.#set({ state: 'reconnecting', remoteStream: null });
    this.#armDeadline();
  }

  /** Callee: the caller's ring or signalling arrived; an accepted call now waits for it no longer than the bound. */
  #callerArrived(): void {
    if (this.#deps.role !== 'callee') return;
    this.#callerHere = true;
    if (LIVE.has(this.#view.state)) this.#armDeadline();
  }

  #armDeadline(): void {
    this.#deadline ??= this.#timers.set(() => this.end('lost'), this.#deps.reconnectMs ?? 20_000);
  }

  /** Caller: a new peer and offer. Callee: ask the caller for one. Repeated until connected or the deadline. */
  #restart(): void {
    if (this.#retry !== null) this.#timers.clear(this.#retry);
    this.#retry = null;
    if (this.#deps.role === 'caller') this.#newPeer();
    else void this.#ready();
    if (this.#view.state === 'reconnecting') {
      this.#retry = this.#timers.set(() => {
        this.#retry = null;
        if (this.#view.state === 'reconnecting') this.#restart();
      }, this.#deps.retryMs ?? 5000);
    }
  }

  #setTracks(kind: 'audio' | 'video', off: boolean): void {
    if (this.#view.state === 'ended') return;
    for (const track of this.#view.localStream?.getTracks() ?? []) if (track.kind === kind) track.enabled = !off;
    this.#set(kind === 'audio' ? { muted: off } : { cameraOff: off });
    this.#sendMedia();
  }

  #sendMedia(): void {
    if (LIVE.has(this.#view.state)) this.#send({ t: 'media', muted: this.#view.muted, cameraOff: this.#view.cameraOff });
  }

  #send(message: CallMessage): void {
    // NOTE: a refused or offline send is recovered by #onReconnect / the retry timer, not here.
    this.#deps.signalling.send(message).catch(() => undefined);
  }

  #destroyPeer(): void {
    const peer = this.#peer;
    this.#peer = null;
    if (this.#grace !== null) this.#timers.clear(this.#grace);
    this.#grace = null;
    peer?.destroy();
  }

  #clearTimers(): void {
    for (const t of [this.#deadline, this.#ringLimit, this.#retry, this.#grace]) if (t !== null) this.#timers.clear(t);
    this.#deadline = this.#ringLimit = this.#retry = this.#grace = null;
  }

  #set(patch: Partial<CallView>): void {
    this.#view = { ...this.#view, ...patch };
    for (const listener of this.#listeners) listener(this.#view);
  }
}
