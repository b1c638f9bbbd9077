import { WebSocket } from 'ws';

/** An outgoing WebSocket as the hub's own clients (office → central sync) need it. */
export interface ClientLink {
  /** Sends when the link is open; a frame for a link not (or no longer) open is dropped (the sync resumes from its ack). */
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
  ws.on('message', (data, isBinary) => isBinary || handlers.onMessage(String(data)));
  ws.on('error', () => undefined);
  ws.on('close', () => handlers.onClose());
  return {
    send: (text) => ws.readyState === WebSocket.OPEN && ws.send(text),
    close: (code, reason) => ws.close(code, reason),
  };
}
