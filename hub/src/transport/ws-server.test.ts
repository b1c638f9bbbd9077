import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createWsEndpoint, routeUpgrades, type WsEndpoint } from './ws-server.ts';

const HEARTBEAT_MS = 60;

let server: Server | null = null;
let endpoint: WsEndpoint | null = null;
afterEach(async () => {
  endpoint?.close();
  endpoint = null;
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = null;
});

/** A hub endpoint on 127.0.0.1 whose connections record the messages they got. */
async function start(): Promise<{ port: number; messages: string[] }> {
  const messages: string[] = [];
  endpoint = createWsEndpoint({ accept: () => ({ onMessage: (text) => void messages.push(text ?? ''), onClose: () => undefined }) }, { heartbeatMs: HEARTBEAT_MS, maxPayload: 1024 * 1024 });
  server = createServer();
  routeUpgrades(server, { '/ws': endpoint });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { port: (server.address() as { port: number }).port, messages };
}

/** A client on a bare socket that never answers a ping (a far end whose pong waits behind its own frame). */
async function handshake(port: number): Promise<{ socket: Socket; closed: Promise<void>; isClosed: () => boolean }> {
  const socket = connect(port, '127.0.0.1');
  const key = randomBytes(16).toString('base64');
  const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
  let closedFlag = false;
  const closed = new Promise<void>((r) => socket.once('close', () => ((closedFlag = true), r())));
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      if (head.includes(accept)) resolve();
      else reject(new Error(`handshake refused: ${head.split('\r\n')[0]}`));
    };
    socket.on('data', onData);
    socket.write(`GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
  });
  socket.resume(); // the server's pings are read and ignored
  return { socket, closed, isClosed: () => closedFlag };
}

/** The head of one masked text frame of `length` bytes (64-bit length form), mask key zero. */
function frameHead(length: number): Buffer {
  const head = Buffer.alloc(14);
  head[0] = 0x81;
  head[1] = 0x80 | 127;
  head.writeBigUInt64BE(BigInt(length), 2);
  return head; // the 4 mask bytes stay 0: the payload is sent as is
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ws endpoint heartbeat', () => {
  it('keeps a socket whose bytes keep coming though its pong waits behind a long frame, and reads the frame whole', async () => {
    const { port, messages } = await start();
    const client = await handshake(port);
    const total = 40 * 512;
    client.socket.write(frameHead(total));
    // 40 slices over ~800 ms: more than ten heartbeats with no pong, but never a heartbeat without a byte.
    for (let i = 0; i < 40 && !client.isClosed(); i++) {
      client.socket.write(Buffer.alloc(512, 0x61));
      await sleep(HEARTBEAT_MS / 3);
    }
    expect(client.isClosed()).toBe(false);
    await sleep(HEARTBEAT_MS); // the frame is whole: delivered as one message
    expect(messages).toEqual(['a'.repeat(total)]);
    client.socket.destroy();
  });

  it('drops a socket that neither answers a ping nor sends a byte, within a few heartbeats', async () => {
    const { port } = await start();
    const client = await handshake(port);
    client.socket.write(frameHead(1000));
    client.socket.write(Buffer.alloc(100, 0x61)); // then silence, mid-frame
    await Promise.race([client.closed, sleep(HEARTBEAT_MS * 20)]);
    expect(client.isClosed()).toBe(true);
  });
});
