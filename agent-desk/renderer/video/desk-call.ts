import { hubSignalling, LiveCall, simplePeerFactory, toRtcIceServers, userMedia, type HubConnection } from '@turnero/app-kit/renderer';

/** The agent's side of a video ticket's call (the simple-peer initiator), signalling through the hub. */
export function createDeskCall(connection: HubConnection, ticketId: string): LiveCall {
  const live = new LiveCall({
    role: 'caller',
    signalling: hubSignalling(connection.client, ticketId),
    createPeer: simplePeerFactory,
    getMedia: userMedia,
    iceServers: () => toRtcIceServers(connection.snapshot?.iceServers),
  });
  exposeForTests(connection, live);
  return live;
}

/**
 * Browser tests read the call from `window.turneroDeskVideoTest` (only when localStorage
 * `turnero.testHooks` is '1'): its view, getStats() bytes, and a way to drop the hub link.
 */
function exposeForTests(connection: HubConnection, live: LiveCall): void {
  let enabled = false;
  try {
    enabled = localStorage.getItem('turnero.testHooks') === '1';
  } catch {
    enabled = false;
  }
  if (!enabled) return;
  Object.assign(window, {
    turneroDeskVideoTest: {
      view: () => {
        const v = live.view;
        return { state: v.state, muted: v.muted, cameraOff: v.cameraOff, remoteMuted: v.remoteMuted, remoteCameraOff: v.remoteCameraOff, generation: v.generation, endReason: v.endReason };
      },
      stats: () => live.call.stats(),
      dropHub: () => connection.client.dropConnection(),
    },
  });
}
