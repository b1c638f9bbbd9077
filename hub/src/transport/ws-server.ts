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

/**
 * The ws adapter for one path: caps frames at `maxPayload`, and pings every `heartbeatMs`,
 * terminating sockets that did not answer the previous ping.
 */
export function createWsEndpoint(acceptor: ConnectionAcceptor, opts: WsEndpointOptions): WsEndpoint {
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxPayload, perMessageDeflate: false, clientTracking: true });
  const alive = new WeakMap<WebSocket, boolean>();

  const timer = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, opts.heartbeatMs);
  timer.unref();

  return {
    handleUpgrade(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => {
        alive.set(ws, true);
        ws.on('pong', () => alive.set(ws, true));
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
