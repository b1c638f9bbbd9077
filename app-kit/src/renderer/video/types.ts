/** What simple-peer emits as `signal` and accepts in `signal()`: an SDP or an ICE candidate (opaque here). */
export type SignalData = Record<string, unknown>;

export type PeerEvent = 'signal' | 'stream' | 'connect' | 'close' | 'error' | 'iceStateChange';

/** The part of a simple-peer instance the call uses; a fake implements it in tests. */
export interface PeerLike {
  signal(data: SignalData): void;
  destroy(): void;
  on(event: PeerEvent, listener: (...args: never[]) => void): unknown;
  getStats(callback: (error: Error | null, reports: Record<string, unknown>[]) => void): void;
}

export interface PeerOptions {
  initiator: boolean;
  stream: MediaStream | null;
  iceServers: RTCIceServer[];
}

/** Builds a peer (simple-peer in the apps, a fake in tests). */
export type PeerFactory = (opts: PeerOptions) => PeerLike;

/**
 * The call's own messages, carried as the `data` of the hub's `signal` relay. `sp` wraps simple-peer
 * signalling with the peer generation, so what an earlier (replaced) peer sent is dropped.
 */
export type CallMessage =
  | { t: 'ring' }
  | { t: 'accept' }
  | { t: 'sp'; gen: number; d: SignalData }
  | { t: 'media'; muted: boolean; cameraOff: boolean }
  /** The call ends; `reason: 'media'`: the booth could not open its camera or microphone. */
  | { t: 'bye'; reason?: 'media' };

/** Parses a relayed message; anything else is null (ignored). */
export function parseCallMessage(data: unknown): CallMessage | null {
  if (typeof data !== 'object' || data === null) return null;
  const o = data as Record<string, unknown>;
  switch (o.t) {
    case 'ring':
    case 'accept':
      return { t: o.t };
    case 'bye':
      return o.reason === 'media' ? { t: 'bye', reason: 'media' } : { t: 'bye' };
    case 'sp':
      return Number.isInteger(o.gen) && (o.gen as number) > 0 && typeof o.d === 'object' && o.d !== null && !Array.isArray(o.d) ? { t: 'sp', gen: o.gen as number, d: o.d as SignalData } : null;
    case 'media':
      return typeof o.muted === 'boolean' && typeof o.cameraOff === 'boolean' ? { t: 'media', muted: o.muted, cameraOff: o.cameraOff } : null;
    default:
      return null;
  }
}

/** How the call reaches the other side: the hub's relay for one ticket. */
export interface CallSignalling {
  /** Rejects when the hub is unreachable or refuses (the call retries when the link is back). */
  send(message: CallMessage): Promise<void>;
  onMessage(listener: (message: CallMessage) => void): () => void;
  /** Called each time the link to the hub is back after a drop. */
  onReconnect(listener: () => void): () => void;
}

export const CallState = {
  idle: 'idle',
  ringing: 'ringing',
  connecting: 'connecting',
  connected: 'connected',
  reconnecting: 'reconnecting',
  ended: 'ended',
} as const;
export type CallState = (typeof CallState)[keyof typeof CallState];

/**
 * Why a call ended: hung up here, by the other side, lost (no recovery in time), no camera/microphone
 * here, none at the other side ('remote_media'), the caller's ring not answered in time, or the ticket ended.
 */
export type EndReason = 'local' | 'remote' | 'lost' | 'media' | 'remote_media' | 'unanswered' | 'ticket';

/** Everything a screen shows about the call. */
export interface CallView {
  state: CallState;
  muted: boolean;
  cameraOff: boolean;
  remoteMuted: boolean;
  remoteCameraOff: boolean;
  localStream: MediaStream | null;
  remoteStream: MediaStream | null;
  endReason: EndReason | null;
  /** Peers built so far (1 for a call that never needed a restart). */
  generation: number;
  /** Callee: rings of this call so far (the ticket's call or recall, the caller's ring); a booth's tone starts again on each. */
  rings: number;
}

export type { Timers } from '../timers.ts';
