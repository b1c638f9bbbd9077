import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_FRAME_BYTES } from '@turnero/protocol';
import type { ConnectionAcceptor } from './socket.ts';

export interface WsTransportOptions {
  path: string;
  heartbeatMs: number;
}

/**
 * The ws adapter: upgrades on `path` only, caps frames at MAX_FRAME_BYTES, and pings every
 * `heartbeatMs`, terminating sockets that did not answer the previous ping.
 */
export function attachWebSocket(server: Server, acceptor: ConnectionAcceptor, opts: WsTransportOptions): { close(): void; clientCount(): number } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false, clientTracking: true });
  const alive = new WeakMap<WebSocket, boolean>();

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== opts.path) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
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
  });

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
    close() {
      clearInterval(timer);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
    clientCount: () => wss.clients.size,
  };
}
