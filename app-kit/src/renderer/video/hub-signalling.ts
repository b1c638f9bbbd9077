import type { HubClient } from '@turnero/protocol/client';
import { parseCallMessage, type CallSignalling } from './types.ts';

/** The hub's `signal` relay for one ticket (SPEC V1–V3), as the call's signalling. */
export function hubSignalling(client: Pick<HubClient, 'request' | 'onSignal' | 'onState'>, ticketId: string): CallSignalling {
  return {
    async send(message) {
      await client.request('signal', { ticketId, data: message });
    },
    onMessage(listener) {
      return client.onSignal((s) => {
        if (s.ticketId !== ticketId) return;
        const message = parseCallMessage(s.data);
        if (message) listener(message);
      });
    },
    onReconnect(listener) {
      let wasOffline = false;
      return client.onState((state) => {
        if (state !== 'online') wasOffline = true;
        else if (wasOffline) {
          wasOffline = false;
          listener();
        }
      });
    },
  };
}
