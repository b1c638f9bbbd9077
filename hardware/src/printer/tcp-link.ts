import net from 'node:net';
import { HardwareError } from '../errors.ts';
import { isRealtimeStatusByte } from './escpos-status.ts';

const OFFLINE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

interface Waiter {
  want: number;
  queue: number[];
  resolve: (bytes: number[]) => void;
  reject: (error: HardwareError) => void;
  timer: NodeJS.Timeout;
}

/**
 * One TCP connection to an ESC/POS printer where every operation has a deadline.
 * Incoming bytes are sorted by shape: real-time status answers (DLE EOT) have
 * fixed bits 0x12, anything else is an in-sequence answer (GS r).
 */
export class TcpLink {
  readonly #socket: net.Socket;
  readonly #realtime: number[] = [];
  readonly #sequenced: number[] = [];
  #waiter: Waiter | null = null;
  #failure: HardwareError | null = null;

  private constructor(socket: net.Socket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => {
      for (const byte of chunk) (isRealtimeStatusByte(byte) ? this.#realtime : this.#sequenced).push(byte);
      this.#serve();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => this.#fail(toHardwareError(error)));
    socket.on('close', () => this.#fail(new HardwareError('PRINTER_OFFLINE', 'printer closed the connection')));
  }

  /** Connects within `timeoutMs`; rejects with PRINTER_OFFLINE or PRINTER_TIMEOUT. */
  static connect(host: string, port: number, timeoutMs: number): Promise<TcpLink> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new HardwareError('PRINTER_TIMEOUT', `no connection to ${host}:${port} within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        socket.setNoDelay(true);
        resolve(new TcpLink(socket));
      });
      socket.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        socket.destroy();
        reject(toHardwareError(error));
      });
    });
  }

  /** Writes and waits until the bytes left for the kernel; PRINTER_TIMEOUT if the printer stops reading. */
  write(bytes: Uint8Array, timeoutMs: number): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new HardwareError('PRINTER_TIMEOUT', `printer did not accept data within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#socket.write(bytes, (error) => {
        clearTimeout(timer);
        if (error) reject(this.#failure ?? toHardwareError(error));
        else resolve();
      });
    });
  }

  /** Reads `n` real-time status bytes (answers to DLE EOT). */
  readRealtime(n: number, timeoutMs: number): Promise<number[]> {
    return this.#read(this.#realtime, n, timeoutMs);
  }

  /** The connection failed or was closed: a write now sends nothing and rejects at once. */
  get failed(): boolean {
    return this.#failure !== null;
  }

  /** Bytes received that are not real-time status answers and were not read yet. */
  get otherBytesPending(): number {
    return this.#sequenced.length;
  }

  /** Reads one in-sequence answer byte (GS r), or null when none arrived in time. */
  async readSequenced(timeoutMs: number): Promise<number | null> {
    try {
      const [byte] = await this.#read(this.#sequenced, 1, timeoutMs);
      return byte ?? null;
    } catch (error) {
      if (error instanceof HardwareError && error.code === 'PRINTER_TIMEOUT') return null;
      throw error;
    }
  }

  close(): void {
    this.#fail(new HardwareError('PRINTER_OFFLINE', 'connection closed'));
    this.#socket.destroy();
  }

  #read(queue: number[], want: number, timeoutMs: number): Promise<number[]> {
    if (this.#waiter) return Promise.reject(new Error('TcpLink: one read at a time'));
    if (queue.length >= want) return Promise.resolve(queue.splice(0, want));
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiter = null;
        reject(new HardwareError('PRINTER_TIMEOUT', `printer did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiter = { want, queue, resolve, reject, timer };
    });
  }

  #serve(): void {
    const w = this.#waiter;
    if (!w || w.queue.length < w.want) return;
    this.#waiter = null;
    clearTimeout(w.timer);
    w.resolve(w.queue.splice(0, w.want));
  }

  #fail(error: HardwareError): void {
    this.#failure ??= error;
    const w = this.#waiter;
    if (!w) return;
    this.#waiter = null;
    clearTimeout(w.timer);
    w.reject(this.#failure);
  }
}

function toHardwareError(error: NodeJS.ErrnoException): HardwareError {
  if (error.code && OFFLINE_ERRNOS.has(error.code)) {
    return new HardwareError('PRINTER_OFFLINE', `printer unreachable (${error.code})`, { cause: error });
  }
  if (error.code === 'ETIMEDOUT') return new HardwareError('PRINTER_TIMEOUT', 'connection timed out', { cause: error });
  return new HardwareError('PRINTER_OFFLINE', `printer connection failed: ${error.message}`, { cause: error });
}
