import { callTestView, hubCall, testHooksEnabled, type HubConnection } from '@turnero/app-kit/renderer';
import type { KioskPrinting } from '../lib/printing.ts';
import { BoothFlow } from './booth-flow.svelte.ts';
import { ringTone } from './ring-tone.ts';
import { watchTicketStatus } from './status-watch.ts';

/** `/kiosk/?mode=booth`: this kiosk is a video booth. */
export function isBoothMode(search: string): boolean {
  return new URLSearchParams(search).get('mode') === 'booth';
}

/** A booth prints nothing: the customer's number is on screen and the call comes to the booth. */
export const boothPrinting: KioskPrinting = {
  printTicket: async () => ({ ok: true }),
  printCallbackReceipt: async () => ({ ok: true }),
  confirmPrinted: async () => undefined,
};

/** The booth's flow wired to the hub connection, the camera, simple-peer and the live ticket status. */
export function createBooth(connection: HubConnection, home: () => void): BoothFlow {
  const booth = new BoothFlow({
    watchStatus: (statusUrl, onStatus, onGone) => watchTicketStatus(location.origin, statusUrl, { onStatus, onGone }),
    createCall: (ticketId) => hubCall(connection, ticketId, 'callee'),
    rate: async (ticketId, rating) => {
      await connection.client.requestIdempotent('rate_ticket', { ticketId, rating, source: 'screen' }, 10_000);
    },
    home,
    ringer: ringTone(),
  });
  installTestHooks(connection, booth);
  return booth;
}

/**
 * Browser tests read the call from `window.turneroBoothTest` (only when localStorage
 * `turnero.testHooks` is '1'): its view, getStats() bytes, and a way to drop the hub link or the peer.
 */
function installTestHooks(connection: HubConnection, booth: BoothFlow): void {
  if (!testHooksEnabled()) return;
  Object.assign(window, {
    turneroBoothTest: {
      view: () => callTestView(booth.live),
      ticketId: () => booth.issue?.ticket.id ?? null,
      stats: () => booth.live?.call.stats() ?? Promise.resolve(null),
      dropHub: () => connection.client.dropConnection(),
      dropPeer: () => booth.live?.call.dropPeer(),
    },
  });
}
