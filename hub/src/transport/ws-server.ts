import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ConnectionAcceptor } from './socket.ts';

export interface WsEndpointOptions {
  heartbeatMs: number;
  /** Frames over this close the socket (1009). */
  maxPayload: number;
}

export interface WsEndpoint {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): void;
  clientCount(): number;
}

/** What the heartbeat knows of a socket: whether it answered the last ping, and how much it had sent by then. */
interface Liveness {
  answered: boolean;
  bytesRead: number;
  readonly raw: Duplex;
}

/** Bytes the other end has sent so far on the raw socket (a net.Socket counts them; any other stream: never grows). */
function bytesReadOf(raw: Duplex): number {
  return (raw as Duplex & { bytesRead?: number }).bytesRead ?? 0;
}

/**
 * The ws adapter for one path: caps frames at `maxPayload`, and pings every `heartbeatMs`,
 * terminating sockets that neither answered the previous ping nor sent a byte since it. A pong
 * waits behind the frame the other end is sending: an office hub's 256 KB sync batch over a weak
 * uplink takes longer than a heartbeat, and was cut mid-frame although its bytes kept coming (it
 * then resent the same batch, and was cut again). Counting the socket's bytes costs nothing per
 * message: one read of a counter per socket per heartbeat.
 */
export function createWsEndpoint(acceptor: ConnectionAcceptor, opts: WsEndpointOptions): WsEndpoint {
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxPayload, perMessageDeflate: false, clientTracking: true });
  const liveness = new WeakMap<WebSocket, Liveness>();

  const timer = setInterval(() => {
    for (const ws of wss.clients) {
      const l = liveness.get(ws);
      if (!l) continue;
      const read = bytesReadOf(l.raw);
      if (!l.answered && read === l.bytesRead) {
        ws.terminate();
        continue;
      }
      l.answered = false;
      l.bytesRead = read;
      ws.ping();
    }
  }, opts.heartbeatMs);
  timer.unref();

  return {
    handleUpgrade(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => {
        const l: Liveness = { answered: true, bytesRead: bytesReadOf(socket), raw: socket };
        liveness.set(ws, l);
        ws.on('pong', () => (l.answered = true));
        const handlers = acceptor.accept({
          send: (data) => {
            if (ws.readyState === ws.OPEN) ws.send(data, { binary: false });
          },
          close: (code, reason) => ws.close(code, reason),
          get bufferedAmount() {
            return ws.bufferedAmount;
          },
          remoteAddress: req.socket.remoteAddress ?? 'unknown',
        });
        ws.on('message', (data, isBinary) => {
          const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
          handlers.onMessage(isBinary ? null : buf.toString('utf8'), buf.length);
        });
        ws.on('close', () => handlers.onClose());
        ws.on('error', () => ws.terminate());
      });
    },
    close() {
      clearInterval(timer);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
    clientCount: () => wss.clients.size,
  };
}

/** Routes WebSocket upgrades by path; any other path is refused with 404. */
export function routeUpgrades(server: Server, routes: Record<string, WsEndpoint>): void {
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const endpoint = Object.hasOwn(routes, path) ? routes[path] : undefined;
    if (!endpoint) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    endpoint.handleUpgrade(req, socket, head);
  });
}
