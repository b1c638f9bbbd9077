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

/**
 * The ws adapter for outgoing links: text frames only, no compression, bounded frames and handshake.
 * With `heartbeatMs`, it pings the other end that often and drops the link when the previous ping
 * got no answer and nothing else came meanwhile: a link cut on the way (a router, a dead modem)
 * sends no FIN, and TCP alone would notice it only after many minutes.
 */
export function openClientLink(url: string, handlers: ClientLinkHandlers, opts: { maxPayload: number; handshakeTimeoutMs: number; heartbeatMs?: number }): ClientLink {
  const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: opts.maxPayload, handshakeTimeout: opts.handshakeTimeoutMs });
  let heard = true;
  let heartbeat: ReturnType<typeof setInterval> | null = null;
  ws.on('open', () => {
    if (opts.heartbeatMs !== undefined) {
      heartbeat = setInterval(() => {
        if (!heard) return void ws.terminate();
        heard = false;
        ws.ping();
      }, opts.heartbeatMs);
      heartbeat.unref?.();
    }
    handlers.onOpen();
  });
  ws.on('pong', () => (heard = true));
  ws.on('message', (data, isBinary) => {
    heard = true;
    if (!isBinary) handlers.onMessage(String(data));
  });
  ws.on('error', () => undefined);
  ws.on('close', () => {
    if (heartbeat) clearInterval(heartbeat);
    handlers.onClose();
  });
  return {
    send: (text) => ws.readyState === WebSocket.OPEN && ws.send(text),
    close: (code, reason) => ws.close(code, reason),
  };
}
