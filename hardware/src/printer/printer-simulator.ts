import net from 'node:net';
import { HardwareError } from '../errors.ts';
import { TypedEmitter } from '../typed-emitter.ts';
import { EscPosDecoder } from './escpos-decoder.ts';
import type { DecoderEvent } from './escpos-decoder.ts';
import { encodeRealtimeStatus, encodeSequencedPaperStatus } from './escpos-status.ts';
import type { PrinterCondition } from './escpos-status.ts';
import type { Receipt } from './receipt.ts';

export interface PrinterSimulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: an ephemeral port (read it from `.port`). */
  port?: number;
  /** How many receipts to keep. Default 50. */
  keep?: number;
  /** Clock for `receivedAt`. */
  now?: () => number;
}

/** 'refuse': connections are refused; 'silent': accepted, never answered, nothing printed. */
export type OfflineMode = 'refuse' | 'silent';

export type PrinterSimulatorEvents = {
  receipt: (receipt: Receipt) => void;
  /** A job arrived while the printer could not print: nothing came out. */
  discarded: (info: { reason: 'paper_out' | 'cover_open' }) => void;
};

/**
 * A network ESC/POS printer on 127.0.0.1: decodes what it receives into receipts and
 * answers DLE EOT / GS r status queries like the real thing. Test controls switch it
 * to paper near end, paper out, cover open or offline.
 */
export class PrinterSimulator extends TypedEmitter<PrinterSimulatorEvents> {
  readonly host: string;
  #port: number;
  #server: net.Server | null = null;
  readonly #sockets = new Set<net.Socket>();
  readonly #receipts: Receipt[] = [];
  readonly #keep: number;
  readonly #now: () => number;
  #condition: PrinterCondition = { paper: 'ok', coverOpen: false };
  #offline: OfflineMode | false = false;
  #runOutAfterNextJob = false;

  private constructor(opts: PrinterSimulatorOptions) {
    super();
    this.host = opts.host ?? '127.0.0.1';
    this.#port = opts.port ?? 0;
    this.#keep = Math.max(1, opts.keep ?? 50);
    this.#now = opts.now ?? Date.now;
  }

  /** Starts listening; resolves once the port is bound. */
  static async start(opts: PrinterSimulatorOptions = {}): Promise<PrinterSimulator> {
    const sim = new PrinterSimulator(opts);
    await sim.#listen();
    return sim;
  }

  /** The bound TCP port. */
  get port(): number {
    return this.#port;
  }

  /** `tcp://host:port`, ready for createPrinter. */
  get uri(): string {
    return `tcp://${this.host.includes(':') ? `[${this.host}]` : this.host}:${this.#port}`;
  }

  /** Receipts that came out, oldest first (at most `keep`). */
  get receipts(): readonly Receipt[] {
    return this.#receipts;
  }

  get condition(): Readonly<PrinterCondition & { offline: OfflineMode | false }> {
    return { ...this.#condition, offline: this.#offline };
  }

  lastReceipt(): Receipt | undefined {
    return this.#receipts.at(-1);
  }

  clearReceipts(): void {
    this.#receipts.length = 0;
  }

  /** Resolves with the next receipt, or rejects after `timeoutMs`. */
  nextReceipt(timeoutMs = 2000): Promise<Receipt> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`no receipt within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.once('receipt', (r) => {
        clearTimeout(timer);
        resolve(r);
      });
    });
  }

  setPaper(paper: PrinterCondition['paper']): void {
    this.#condition = { ...this.#condition, paper };
  }

  /**
   * The roll runs out right after the next job: it comes out whole, the printer confirms it (answers
   * the GS r that follows it), and from then on the paper is out.
   */
  runOutAfterNextJob(): void {
    this.#runOutAfterNextJob = true;
  }

  setCoverOpen(coverOpen: boolean): void {
    this.#condition = { ...this.#condition, coverOpen };
  }

  /** Takes the printer off the network (or hangs it), or brings it back with `false`. */
  async setOffline(mode: OfflineMode | false): Promise<void> {
    if (mode === this.#offline) return;
    const wasRefusing = this.#offline === 'refuse';
    this.#offline = mode;
    if (mode === 'refuse') await this.#close();
    else if (wasRefusing) await this.#listen();
  }

  /** Back to a healthy, online printer with paper. */
  async reset(): Promise<void> {
    this.#condition = { paper: 'ok', coverOpen: false };
    this.#runOutAfterNextJob = false;
    await this.setOffline(false);
  }

  async stop(): Promise<void> {
    this.#offline = 'refuse';
    await this.#close();
    this.removeAllListeners();
  }

  #listen(): Promise<void> {
    const server = net.createServer((socket) => this.#accept(socket));
    this.#server = server;
    return new Promise((resolve, reject) => {
      server.once('error', (error) => reject(new HardwareError('SIMULATOR_START_FAILED', `printer simulator cannot listen: ${error.message}`, { cause: error })));
      server.listen(this.#port, this.host, () => {
        const address = server.address();
        if (address && typeof address === 'object') this.#port = address.port;
        resolve();
      });
    });
  }

  #close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    const server = this.#server;
    this.#server = null;
    if (!server) return Promise.resolve();
    return new Promise((resolve) => server.close(() => resolve()));
  }

  #accept(socket: net.Socket): void {
    if (this.#offline === 'refuse') {
      socket.destroy();
      return;
    }
    this.#sockets.add(socket);
    const decoder = new EscPosDecoder();
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      if (this.#offline === 'silent') return;
      this.#handle(socket, decoder.write(chunk));
    });
    socket.on('close', () => {
      this.#sockets.delete(socket);
      if (this.#offline !== 'silent') this.#handle(null, decoder.end());
    });
  }

  #printable(): boolean {
    return this.#condition.paper !== 'out' && !this.#condition.coverOpen;
  }

  #handle(socket: net.Socket | null, events: DecoderEvent[]): void {
    for (const event of events) {
      if (event.type === 'realtime_status') {
        if (socket?.writable) socket.write(Uint8Array.of(encodeRealtimeStatus(event.n, this.#condition)));
      } else if (event.type === 'sequenced_status') {
        // NOTE: a stopped printer never reaches in-sequence commands, so it never answers them.
        if (socket?.writable && this.#printable()) {
          socket.write(Uint8Array.of(encodeSequencedPaperStatus(this.#condition)));
          if (this.#runOutAfterNextJob) {
            this.#runOutAfterNextJob = false;
            this.#condition = { ...this.#condition, paper: 'out' };
          }
        }
      } else if (this.#printable()) {
        const receipt: Receipt = { ...event.receipt, receivedAt: this.#now() };
        this.#receipts.push(receipt);
        if (this.#receipts.length > this.#keep) this.#receipts.shift();
        this.emit('receipt', receipt);
      } else {
        this.emit('discarded', { reason: this.#condition.coverOpen ? 'cover_open' : 'paper_out' });
      }
    }
  }
}
