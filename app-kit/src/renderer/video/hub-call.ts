import type { HubConnection } from '../hub-connection.svelte.ts';
import { hubSignalling } from './hub-signalling.ts';
import { LiveCall, toRtcIceServers, userMedia } from './live-call.svelte.ts';
import { simplePeerFactory } from './simple-peer-factory.ts';

/** A video ticket's call wired to the hub: signalling through it, ICE servers from the office, this device's camera. */
export function hubCall(connection: HubConnection, ticketId: string, role: 'caller' | 'callee'): LiveCall {
  return new LiveCall({
    role,
    signalling: hubSignalling(connection.client, ticketId),
    createPeer: simplePeerFactory,
    getMedia: userMedia,
    iceServers: () => toRtcIceServers(connection.snapshot?.iceServers),
  });
}

/** Browser tests' read-only hooks are on only when localStorage `turnero.testHooks` is '1'. */
export function testHooksEnabled(): boolean {
  try {
    return localStorage.getItem('turnero.testHooks') === '1';
  } catch {
    return false;
  }
}

/** What the tests read of a call's view. */
export function callTestView(call: LiveCall | null | undefined) {
  const v = call?.view;
  return v ? { state: v.state, muted: v.muted, cameraOff: v.cameraOff, remoteMuted: v.remoteMuted, remoteCameraOff: v.remoteCameraOff, generation: v.generation, endReason: v.endReason } : null;
}
