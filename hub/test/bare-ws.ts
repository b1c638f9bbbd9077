import { createHash, randomFillSync } from 'node:crypto';
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';

/** What a bare-socket client can do once the opening handshake is done. */
export interface BareWebSocket {
  /** Sends one text message (masked, as every client frame must be). */
  send(text: string): void;
  /** Sends a close frame and ends the connection. */
  close(): void;
}

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const OP_CONTINUATION = 0x0;
const OP_TEXT = 0x1;
const OP_BINARY = 0x2;
const OP_CLOSE = 0x8;
const OP_PING = 0x9;
const OP_PONG = 0xa;
/** Larger than anything the hub sends (its snapshots are a few hundred kilobytes at most). */
const MAX_MESSAGE = 64 * 1024 * 1024;

/** Where every socket's reads land; each chunk is consumed before the next read (FrameReader copies what it keeps). */
const readBuffer = Buffer.allocUnsafe(64 * 1024);

const maskPool = Buffer.alloc(4096);
let maskAt = maskPool.length;
function nextMask(): Buffer {
  if (maskAt === maskPool.length) {
    randomFillSync(maskPool);
    maskAt = 0;
  }
  maskAt += 4;
  return maskPool.subarray(maskAt - 4, maskAt);
}

/**
 * One frame (RFC 6455 §5.2): the shortest length encoding, masked with a fresh random key when
 * `mask` is set (every client frame must be; a server's never is). `fin: false` makes a fragment.
 */
export function encodeFrame(opcode: number, payload: Buffer, { mask, fin = true }: { mask: boolean; fin?: boolean }): Buffer {
  const len = payload.length;
  const lenBytes = len < 126 ? 0 : len < 65_536 ? 2 : 8;
  const body = 2 + lenBytes + (mask ? 4 : 0);
  const frame = Buffer.allocUnsafe(body + len);
  frame[0] = (fin ? 0x80 : 0) | opcode;
  frame[1] = (mask ? 0x80 : 0) | (lenBytes === 0 ? len : lenBytes === 2 ? 126 : 127);
  if (lenBytes === 2) frame.writeUInt16BE(len, 2);
  else if (lenBytes === 8) frame.writeBigUInt64BE(BigInt(len), 2);
  if (!mask) {
    payload.copy(frame, body);
    return frame;
  }
  const key = nextMask();
  key.copy(frame, body - 4);
  for (let i = 0; i < len; i++) frame[body + i] = (payload[i] as number) ^ (key[i & 3] as number);
  return frame;
}

/**
 * Splits server frames out of a byte stream. Server frames are never masked; the hub sends neither
 * fragmented messages nor extensions, so a fragment, a masked frame or reserved bits are an error.
 * Each message's payload is a view valid only during the `onMessage` call.
 */
export class FrameReader {
  #pending: Buffer | null = null;

  constructor(
    readonly onMessage: (payload: Buffer) => void,
    readonly onControl: (opcode: number, payload: Buffer) => void,
  ) {}

  push(chunk: Buffer): void {
    const buf = this.#pending ? Buffer.concat([this.#pending, chunk]) : chunk;
    let off = 0;
    while (buf.length - off >= 2) {
      const b0 = buf[off] as number;
      const b1 = buf[off + 1] as number;
      if ((b0 & 0x70) !== 0 || (b1 & 0x80) !== 0) throw new Error('unexpected frame: reserved bits or a masked server frame');
      let len = b1 & 0x7f;
      let header = 2;
      if (len === 126) {
        if (buf.length - off < 4) break;
        len = buf.readUInt16BE(off + 2);
        header = 4;
      } else if (len === 127) {
        if (buf.length - off < 10) break;
        const big = buf.readBigUInt64BE(off + 2);
        if (big > BigInt(MAX_MESSAGE)) throw new Error(`frame of ${big} bytes is too large`);
        len = Number(big);
        header = 10;
      }
      if (buf.length - off < header + len) break;
      const opcode = b0 & 0x0f;
      const fin = (b0 & 0x80) !== 0;
      const payload = buf.subarray(off + header, off + header + len);
      off += header + len;
      if (opcode === OP_TEXT || opcode === OP_BINARY) {
        if (!fin) throw new Error('fragmented message: not expected from the hub');
        this.onMessage(payload);
      } else if (opcode === OP_CONTINUATION) throw new Error('fragmented message: not expected from the hub');
      else if (opcode === OP_CLOSE || opcode === OP_PING || opcode === OP_PONG) {
        if (!fin || len > 125) throw new Error('invalid control frame: fragmented or over 125 bytes');
        this.onControl(opcode, payload);
      } else throw new Error(`reserved opcode ${opcode}`);
    }
    // Keep only the unread tail, copied, so a large chunk is not held for a few bytes.
    this.#pending = off < buf.length ? Buffer.from(buf.subarray(off)) : null;
  }
}

/**
 * A WebSocket client on a bare TCP socket, for the benchmark's load generator: it shares two cores
 * with the hub it measures, and ws's client (a Writable stream, an event and a string per message)
 * spent about 12 µs a message there, enough that 200 display sockets in one process took longer
 * to read a call than the hub took to send it. Here a message costs a read into a shared buffer
 * and a scan of it (with a 'data' event and a new Buffer per read, 200 sockets in one process still
 * took longer to read a call than a ws server in another took to send it: first to last p50
 * 1.4 vs 1.1 ms, p90 2.6 vs 1.7 ms; now 1.1-1.2 and 1.5-1.7 ms, level with the sender). `onMessage`
 * gets each message's bytes and the time its chunk arrived; pings are answered. `onClose` hears
 * once when the connection ends after the handshake, with the error if it ended on one (a broken
 * frame, a throwing `onMessage`, the socket's own error); a handshake that fails rejects instead.
 */
export async function bareWebSocket(
  url: string,
  onMessage: (payload: Buffer, at: number) => void,
  onClose: (error: Error | null) => void = () => {},
): Promise<BareWebSocket> {
  const { hostname, port, pathname, search } = new URL(url);
  const host = hostname.replace(/^\[(.*)\]$/, '$1');
  // Bytes are read into one buffer shared by every socket and handed straight to `onChunk` (net's
  // `onread`), not through a Readable stream's push and 'data' event with a new Buffer per read.
  let onChunk: (data: Buffer) => void = () => {};
  const onread = {
    buffer: readBuffer,
    callback: (n: number) => {
      onChunk(readBuffer.subarray(0, n));
      return true; // keep reading
    },
  };
  const socket = connect({ port: Number(port || 80), host, onread });
  socket.setNoDelay(true);
  const key = randomFillSync(Buffer.alloc(16)).toString('base64');
  const send = (opcode: number, payload: Buffer) => socket.write(encodeFrame(opcode, payload, { mask: true }));
  let closing = false;
  let arrivedAt = 0;
  let failure: Error | null = null;
  const reader = new FrameReader(
    (payload) => onMessage(payload, arrivedAt),
    (opcode, payload) => {
      if (opcode === OP_PING) send(OP_PONG, payload);
      else if (opcode === OP_CLOSE && !closing) {
        closing = true;
        send(OP_CLOSE, Buffer.alloc(0));
        socket.end();
      }
    },
  );
  const read = (data: Buffer) => {
    arrivedAt = performance.now();
    try {
      reader.push(data);
    } catch (error) {
      failure = error as Error;
      socket.destroy();
    }
  };

  await new Promise<void>((resolve, reject) => {
    let head = Buffer.alloc(0);
    const fail = (error: Error) => {
      socket.off('close', closedEarly);
      socket.destroy();
      reject(error);
    };
    const closedEarly = () => fail(new Error('handshake: the server closed the connection'));
    const onHandshake = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      const [status = '', ...headers] = head.subarray(0, end).toString('latin1').split('\r\n');
      const accept = createHash('sha1').update(key + GUID).digest('base64');
      const header = (name: string) => {
        for (const line of headers) {
          const colon = line.indexOf(':');
          if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === name) return line.slice(colon + 1).trim();
        }
        return undefined;
      };
      if (!/^HTTP\/1\.1 101 /.test(status)) return fail(new Error(`handshake refused: ${status}`));
      if (header('sec-websocket-accept') !== accept) return fail(new Error('handshake: wrong Sec-WebSocket-Accept'));
      socket.off('error', fail);
      socket.off('close', closedEarly);
      onChunk = read;
      socket.on('error', (error) => (failure ??= error));
      socket.once('close', () => onClose(failure));
      resolve();
      const rest = head.subarray(end + 4);
      if (rest.length) read(rest);
    };
    onChunk = onHandshake;
    socket.once('error', fail);
    socket.once('close', closedEarly);
    socket.once('connect', () => {
      socket.write(`GET ${pathname}${search} HTTP/1.1\r\nHost: ${hostname}:${port || 80}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    });
  });

  return {
    send: (text) => {
      send(OP_TEXT, Buffer.from(text));
    },
    close: () => {
      if (closing) return;
      closing = true;
      send(OP_CLOSE, Buffer.alloc(0));
      socket.end();
    },
  };
}
