import { WebSocket } from 'ws';

/** An outgoing WebSocket as the hub's own clients (office → central sync) need it. */
export interface ClientLink {
  readonly isOpen: boolean;
  send(text: string): void;
  close(code: number, reason: string): void;
}

export interface ClientLinkHandlers {
  onOpen(): void;
  onMessage(text: string): void;
  onClose(): void;
}

/** The ws adapter for outgoing links: text frames only, no compression, bounded frames and handshake. */
export function openClientLink(url: string, handlers: ClientLinkHandlers, opts: { maxPayload: number; handshakeTimeoutMs: number }): ClientLink {
  const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: opts.maxPayload, handshakeTimeout: opts.handshakeTimeoutMs });
  ws.on('open', () => handlers.onOpen());
  ws.on('message', (data) => handlers.onMessage(String(data)));
  ws.on('error', () => undefined);
  ws.on('close', () => handlers.onClose());
  return {
    get isOpen() {
      return ws.readyState === WebSocket.OPEN;
    },
    send: (text) => ws.send(text),
    close: (code, reason) => ws.close(code, reason),
  };
}
