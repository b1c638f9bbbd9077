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
  /** `code`: the close frame's code; 1006 when none came (a cut link, a killed peer, or this side's heartbeat giving up). */
  onClose(code: number): void;
}

/**
 * The heartbeat's call at each tick: `ping` when the last ping was answered (or anything came),
 * `wait` when it was not but the socket is still writing — bytes queued (`buffered` > 0) and some of
 * them left since the previous tick (`written` grew): the ping is queued behind a large frame on a
 * slow uplink, not lost — and `dead` otherwise. NOTE: `buffered` counts only what Node has not yet
 * handed to the kernel; on a slow uplink most of a frame waits in the kernel's buffers instead, so
 * this rarely says `wait` — the sync's smaller batches after a cut are what drain such a link.
 */
export function heartbeatCall(heard: boolean, buffered: number, written: number, writtenAtLastTick: number): 'ping' | 'wait' | 'dead' {
  if (heard) return 'ping';
  return buffered > 0 && written > writtenAtLastTick ? 'wait' : 'dead';
}

/**
 * The ws adapter for outgoing links: text frames only, no compression, bounded frames and handshake.
 * With `heartbeatMs`, it pings the other end that often and drops the link when the previous ping
 * got no answer and nothing else came meanwhile, unless the socket is still writing what was sent
 * before it (`heartbeatCall`): a link cut on the way (a router, a dead modem) sends no FIN, and TCP
 * alone would notice it only after many minutes.
 */
export function openClientLink(url: string, handlers: ClientLinkHandlers, opts: { maxPayload: number; handshakeTimeoutMs: number; heartbeatMs?: number }): ClientLink {
  const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: opts.maxPayload, handshakeTimeout: opts.handshakeTimeoutMs });
  let heard = true;
  let heartbeat: ReturnType<typeof setInterval> | null = null;
  /** Bytes handed to ws so far; less what it still buffers, the bytes that have left. */
  let queued = 0;
  let writtenAtLastTick = 0;
  ws.on('open', () => {
    if (opts.heartbeatMs !== undefined) {
      heartbeat = setInterval(() => {
        const buffered = ws.bufferedAmount;
        const written = queued - buffered;
        const call = heartbeatCall(heard, buffered, written, writtenAtLastTick);
        writtenAtLastTick = written;
        if (call === 'dead') return void ws.terminate();
        if (call === 'wait') return;
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
  ws.on('close', (code) => {
    if (heartbeat) clearInterval(heartbeat);
    handlers.onClose(code);
  });
  return {
    send: (text) => {
      if (ws.readyState !== WebSocket.OPEN) return;
      queued += Buffer.byteLength(text);
      ws.send(text);
    },
    close: (code, reason) => ws.close(code, reason),
  };
}
