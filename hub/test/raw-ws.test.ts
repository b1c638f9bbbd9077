import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { clientFrame, FrameReader, rawWebSocket } from './raw-ws.ts';

const servers: WebSocketServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    for (const c of s.clients) c.terminate();
    await new Promise((r) => s.close(r));
  }
});

async function echoServer(): Promise<{ wss: WebSocketServer; url: string }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/ws', perMessageDeflate: false });
  servers.push(wss);
  await once(wss, 'listening');
  wss.on('connection', (ws) => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary })));
  return { wss, url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ws` };
}

/** A server frame (unmasked), as the hub's ws sends it. */
function serverFrame(opcode: number, text: string, fin = true): Buffer {
  const payload = Buffer.from(text);
  const len = payload.length;
  const header = len < 126 ? Buffer.from([(fin ? 0x80 : 0) | opcode, len]) : Buffer.from([(fin ? 0x80 : 0) | opcode, 126, len >> 8, len & 0xff]);
  return Buffer.concat([header, payload]);
}

describe('rawWebSocket (the benchmark load generator’s client)', () => {
  it('talks to a real ws server: masked frames of every length class arrive and echo back intact', async () => {
    const { url } = await echoServer();
    const got: string[] = [];
    let wake = () => {};
    const client = await rawWebSocket(url, (payload) => {
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
    const client = await rawWebSocket(url, () => {});
    const [server] = [...wss.clients];
    const pong = once(server!, 'pong');
    server!.ping(Buffer.from('latido'));
    const [data] = (await pong) as [Buffer];
    expect(data.toString()).toBe('latido');
    client.close();
  });

  it('refuses a handshake the server does not accept', async () => {
    const { url } = await echoServer();
    await expect(rawWebSocket(url.replace('/ws', '/otro'), () => {})).rejects.toThrow(/handshake refused: HTTP\/1\.1 400/);
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

  it('rejects what the hub never sends: fragments and masked server frames', () => {
    const reader = new FrameReader(() => {}, () => {});
    expect(() => reader.push(serverFrame(0x1, 'par', false))).toThrow(/fragmented/);
    expect(() => new FrameReader(() => {}, () => {}).push(clientFrame(0x1, Buffer.from('m')))).toThrow(/masked/);
  });
});
