import { callTestView, hubCall, testHooksEnabled, type HubConnection, type LiveCall } from '@turnero/app-kit/renderer';

/** The agent's side of a video ticket's call (the simple-peer initiator), signalling through the hub. */
export function createDeskCall(connection: HubConnection, ticketId: string): LiveCall {
  const live = hubCall(connection, ticketId, 'caller');
  exposeForTests(connection, live);
  return live;
}

/**
 * Browser tests read the call from `window.turneroDeskVideoTest` (only when localStorage
 * `turnero.testHooks` is '1'): its view, getStats() bytes, and a way to drop the hub link.
 */
function exposeForTests(connection: HubConnection, live: LiveCall): void {
  if (!testHooksEnabled()) return;
  Object.assign(window, {
    turneroDeskVideoTest: {
      view: () => callTestView(live),
      stats: () => live.call.stats(),
      dropHub: () => connection.client.dropConnection(),
    },
  });
}
