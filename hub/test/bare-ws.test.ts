import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocketServer } from 'ws';
import { bareWebSocket, encodeFrame, FrameReader } from './bare-ws.ts';

const servers: WebSocketServer[] = [];
const tcpServers: Server[] = [];
const tcpSockets: Socket[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    for (const c of s.clients) c.terminate();
    await new Promise((r) => s.close(r));
  }
  for (const s of tcpSockets.splice(0)) s.destroy();
  for (const s of tcpServers.splice(0)) await new Promise((r) => s.close(r));
});

/**
 * A hand-written server for what a real one rarely does: it reads the client's opening handshake and
 * lets `answer` write whatever it likes (the 101 in pieces, a frame in the same write, a bad accept).
 */
async function fakeServer(answer: (socket: Socket, accept: string) => void): Promise<string> {
  const server = createServer((socket) => {
    tcpSockets.push(socket);
    let head = '';
    socket.on('data', (d) => {
      if (head.includes('\r\n\r\n')) return;
      head += d.toString('latin1');
      const key = /sec-websocket-key: (\S+)/i.exec(head)?.[1];
      if (head.includes('\r\n\r\n') && key) answer(socket, createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64'));
    });
    socket.on('error', () => {});
  });
  tcpServers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`;
}
const upgraded = (accept: string) => `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`;

async function echoServer(): Promise<{ wss: WebSocketServer; url: string }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/ws', perMessageDeflate: false });
  servers.push(wss);
  await once(wss, 'listening');
  wss.on('connection', (ws) => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary })));
  return { wss, url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ws` };
}

/** A server frame (unmasked), as the hub's ws sends it. */
const serverFrame = (opcode: number, text: string, fin = true) => encodeFrame(opcode, Buffer.from(text), { mask: false, fin });

describe('bareWebSocket (the benchmark load generator’s client)', () => {
  it('talks to a real ws server: masked frames of every length class arrive and echo back intact', async () => {
    const { url } = await echoServer();
    const got: string[] = [];
    let wake = () => {};
    const client = await bareWebSocket(url, (payload) => {
      got.push(payload.toString());
      wake();
    });
    const sent = ['hola', 'ñ'.repeat(100), 'x'.repeat(70_000)];
    for (const text of sent) client.send(text);
    for (let i = 0; i < 100 && got.length < sent.length; i++) await new Promise<void>((r) => (wake = r));
    expect(got).toEqual(sent);
    client.close();
  });

  it('answers the server’s ping with a pong carrying the same data', async () => {
    const { wss, url } = await echoServer();
    const client = await bareWebSocket(url, () => {});
    const [server] = [...wss.clients];
    const pong = once(server!, 'pong');
    server!.ping(Buffer.from('latido'));
    const [data] = (await pong) as [Buffer];
    expect(data.toString()).toBe('latido');
    client.close();
  });

  it('refuses a handshake the server does not accept', async () => {
    const { url } = await echoServer();
    await expect(bareWebSocket(url.replace('/ws', '/otro'), () => {})).rejects.toThrow(/handshake refused: HTTP\/1\.1 400/);
  });

  it('refuses a wrong Sec-WebSocket-Accept, and a server that hangs up mid-handshake', async () => {
    const wrong = await fakeServer((socket) => socket.write(upgraded('AAAAAAAAAAAAAAAAAAAAAAAAAAA=')));
    await expect(bareWebSocket(wrong, () => {})).rejects.toThrow(/wrong Sec-WebSocket-Accept/);
    const rude = await fakeServer((socket) => socket.end('HTTP/1.1 101 Switching'));
    await expect(bareWebSocket(rude, () => {})).rejects.toThrow(/closed the connection/);
  });

  it('takes a 101 cut in pieces and a message sent in the same write as its end, stamped with its arrival', async () => {
    const url = await fakeServer((socket, accept) => {
      const reply = upgraded(accept);
      socket.write(reply.slice(0, 20));
      setTimeout(() => socket.write(Buffer.concat([Buffer.from(reply.slice(20), 'latin1'), serverFrame(0x1, 'primero')])), 20);
    });
    const got: [string, number][] = [];
    const before = performance.now();
    const client = await bareWebSocket(url, (p, at) => got.push([p.toString(), at]));
    expect(got.map(([text]) => text)).toEqual(['primero']);
    expect(got[0]![1]).toBeGreaterThanOrEqual(before);
    client.close();
  });

  it('keeps a frame split across reads intact while another socket reads into the same buffer meanwhile', async () => {
    const ends: Socket[] = [];
    const url = await fakeServer((socket, accept) => {
      ends.push(socket);
      socket.write(upgraded(accept));
    });
    const got: string[] = [];
    const clients = [await bareWebSocket(url, (p) => got.push(`a:${p.toString()}`)), await bareWebSocket(url, (p) => got.push(`b:${p.toString()}`))];
    const [a, b] = ends as [Socket, Socket];
    const long = serverFrame(0x1, 'A'.repeat(300));
    const settle = () => new Promise((r) => setTimeout(r, 30));
    a.write(long.subarray(0, 150));
    await settle();
    b.write(serverFrame(0x1, 'B'.repeat(400)));
    await settle();
    a.write(long.subarray(150));
    await vi.waitFor(() => expect(got).toHaveLength(2));
    expect(got).toEqual([`b:${'B'.repeat(400)}`, `a:${'A'.repeat(300)}`]);
    for (const c of clients) c.close();
  });

  it('reports a broken frame from the server through onClose with the error, not as an uncaught exception', async () => {
    let server: Socket | undefined;
    const url = await fakeServer((socket, accept) => {
      server = socket;
      socket.write(upgraded(accept));
    });
    const closed = new Promise<Error | null>((r) => void bareWebSocket(url, () => {}, r));
    await vi.waitFor(() => expect(server).toBeDefined());
    server!.write(encodeFrame(0x1, Buffer.from('enmascarado'), { mask: true }));
    expect((await closed)?.message).toMatch(/masked server frame/);
  });

  it('closes both ways: its close() reaches the server as a close frame; a server close reaches onClose without error', async () => {
    const { wss, url } = await echoServer();
    const client = await bareWebSocket(url, () => {});
    const [server] = [...wss.clients];
    const seen = once(server!, 'close');
    client.close();
    const [code] = (await seen) as [number];
    expect(code).toBe(1005);

    const closed = new Promise<Error | null>((r) => void bareWebSocket(url, () => {}, r));
    await vi.waitFor(() => expect(wss.clients.size).toBe(1));
    [...wss.clients][0]!.close(1000, 'adiós');
    expect(await closed).toBeNull();
  });
});

describe('FrameReader', () => {
  it('reassembles a message cut into single bytes and splits two messages sharing a chunk', () => {
    const got: string[] = [];
    const reader = new FrameReader((p) => got.push(p.toString()), () => {});
    const long = 'y'.repeat(300);
    for (const byte of serverFrame(0x1, long)) reader.push(Buffer.from([byte]));
    reader.push(Buffer.concat([serverFrame(0x1, 'uno'), serverFrame(0x1, 'dos')]));
    expect(got).toEqual([long, 'uno', 'dos']);
  });

  it('hands control frames to onControl, not onMessage', () => {
    const control: [number, string][] = [];
    const reader = new FrameReader(() => expect.unreachable(), (op, p) => control.push([op, p.toString()]));
    reader.push(serverFrame(0x9, 'ping'));
    expect(control).toEqual([[0x9, 'ping']]);
  });

  it('rejects what the hub never sends: fragments, masked server frames, reserved opcodes, long or fragmented control frames', () => {
    const reader = () => new FrameReader(() => {}, () => {});
    expect(() => reader().push(serverFrame(0x1, 'par', false))).toThrow(/fragmented/);
    expect(() => reader().push(encodeFrame(0x1, Buffer.from('m'), { mask: true }))).toThrow(/masked/);
    expect(() => reader().push(serverFrame(0x3, 'x'))).toThrow(/reserved opcode 3/);
    expect(() => reader().push(serverFrame(0x9, 'p'.repeat(126)))).toThrow(/invalid control frame/);
    expect(() => reader().push(serverFrame(0x9, 'p', false))).toThrow(/invalid control frame/);
  });

  it('waits for a 64-bit length cut anywhere in its header', () => {
    const got: number[] = [];
    const reader = new FrameReader((p) => got.push(p.length), () => {});
    const frame = serverFrame(0x1, 'a'.repeat(70_000));
    expect(frame[1]).toBe(127); // the 64-bit length form
    for (const cut of [1, 3, 9, 10, 500]) {
      reader.push(frame.subarray(0, cut));
      reader.push(frame.subarray(cut));
    }
    expect(got).toEqual([70_000, 70_000, 70_000, 70_000, 70_000]);
  });
});
