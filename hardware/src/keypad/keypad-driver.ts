import { stat } from 'node:fs/promises';
import { SerialPort } from 'serialport';
import { HardwareError } from '../errors.ts';
import { TypedEmitter } from '../typed-emitter.ts';
import type { KeypadEvents, RatingKeypad } from './keypad.ts';
import { HostCommand, KEYPAD_SERIAL, LineSplitter, parseKeypadLine } from './keypad-protocol.ts';

export interface KeypadDriverOptions {
  /** Serial device, e.g. /dev/ttyUSB0 (or a PTY link in tests). */
  path: string;
  /** The counter this keypad belongs to; carried on every event. */
  counterId: string;
  /** Default 9600. */
  baudRate?: number;
  /** Reopen delays after the port goes away: doubles from `initialDelayMs` up to `maxDelayMs`. */
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number };
  /** Deadline for one write, ms. Default 1000. */
  writeTimeoutMs?: number;
  /** How often to check that the device node is still the one we opened, ms. Default 1000. */
  watchdogMs?: number;
}

/** Delay before reopen attempt `attempt` (0-based): initial·2^attempt, capped at max. */
export function reconnectDelay(attempt: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
}

/**
 * The rating keypad on a serial port (serialport). Opens at once, reopens with a
 * bounded backoff whenever the port disappears (USB unplugged) until `close()`.
 * Nothing here throws into the caller or out of an I/O callback: problems are 'error' events.
 */
export class KeypadDriver extends TypedEmitter<KeypadEvents> implements RatingKeypad {
  readonly counterId: string;
  readonly path: string;
  readonly #baudRate: number;
  readonly #initialMs: number;
  readonly #maxMs: number;
  readonly #writeTimeoutMs: number;
  readonly #watchdogMs: number;
  #watchdog: NodeJS.Timeout | null = null;
  readonly #splitter = new LineSplitter();
  #port: SerialPort | null = null;
  #connected = false;
  #closed = false;
  #attempt = 0;
  #timer: NodeJS.Timeout | null = null;
  #lamp = false;
  #reportedOpenFailure = false;

  constructor(opts: KeypadDriverOptions) {
    super((error, event) => {
      if (event !== 'error') this.emit('error', new HardwareError('KEYPAD_LISTENER_FAILED', `a '${String(event)}' listener threw`, { cause: error }));
    });
    this.counterId = opts.counterId;
    this.path = opts.path;
    this.#baudRate = opts.baudRate ?? KEYPAD_SERIAL.baudRate;
    this.#initialMs = opts.reconnect?.initialDelayMs ?? 250;
    this.#maxMs = opts.reconnect?.maxDelayMs ?? 5000;
    this.#writeTimeoutMs = opts.writeTimeoutMs ?? 1000;
    this.#watchdogMs = opts.watchdogMs ?? 1000;
    // NOTE: deferred so listeners attached right after construction see 'connected'.
    setImmediate(() => this.#open());
  }

  get connected(): boolean {
    return this.#connected;
  }

  lampOn(): Promise<boolean> {
    this.#lamp = true;
    return this.#write(HostCommand.LAMP_ON);
  }

  lampOff(): Promise<boolean> {
    this.#lamp = false;
    return this.#write(HostCommand.LAMP_OFF);
  }

  /** Asks the keypad for its id; the answer arrives as a 'hello' event. */
  identify(): Promise<boolean> {
    return this.#write(HostCommand.IDENTIFY);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#stopWatchdog();
    const port = this.#port;
    this.#port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    if (this.#connected) {
      this.#connected = false;
      this.emit('disconnected', { counterId: this.counterId, path: this.path, reason: 'closed' });
    }
  }

  #open(): void {
    if (this.#closed) return;
    const port = new SerialPort({
      path: this.path,
      baudRate: this.#baudRate,
      dataBits: KEYPAD_SERIAL.dataBits,
      parity: KEYPAD_SERIAL.parity,
      stopBits: KEYPAD_SERIAL.stopBits,
      autoOpen: false,
    });
    this.#port = port;
    port.on('data', (chunk: Buffer) => this.#onData(chunk));
    port.on('error', (error: Error) => this.#onPortGone(port, error));
    port.on('close', (error?: Error | null) => this.#onPortGone(port, error ?? null));
    port.open((error) => {
      if (this.#closed || this.#port !== port) {
        if (!error) port.close(() => undefined);
        return;
      }
      if (error) {
        if (!this.#reportedOpenFailure) {
          this.#reportedOpenFailure = true;
          this.emit('error', new HardwareError('KEYPAD_OPEN_FAILED', `cannot open ${this.path}: ${error.message}`, { cause: error }));
        }
        this.#port = null;
        this.#scheduleReopen();
        return;
      }
      this.#attempt = 0;
      this.#reportedOpenFailure = false;
      this.#splitter.reset();
      this.#connected = true;
      this.#startWatchdog(port);
      this.emit('connected', { counterId: this.counterId, path: this.path });
      // The lamp state survives unplugging; ask who is there.
      void this.#write(this.#lamp ? HostCommand.LAMP_ON : HostCommand.LAMP_OFF).then(() => this.#write(HostCommand.IDENTIFY));
    });
  }

  #onPortGone(port: SerialPort, error: Error | null): void {
    if (this.#port !== port) return;
    this.#port = null;
    this.#stopWatchdog();
    if (port.isOpen) port.close(() => undefined);
    if (this.#connected) {
      this.#connected = false;
      this.emit('disconnected', { counterId: this.counterId, path: this.path, reason: error?.message ?? 'port closed' });
    }
    if (error && !this.#closed) {
      this.emit('error', new HardwareError('KEYPAD_DISCONNECTED', `keypad on ${this.path} went away: ${error.message}`, { cause: error }));
    }
    this.#scheduleReopen();
  }

  /**
   * NOTE: a serial fd whose device vanished does not always report it (seen with PTYs:
   * no read error, no 'close'). The watchdog compares the node at `path` with the one
   * that was opened; gone or replaced means unplugged.
   */
  #startWatchdog(port: SerialPort): void {
    this.#stopWatchdog();
    if (!watchesDeviceNode(this.path)) return;
    let opened: string | null = null;
    const identity = (s: { dev: number; ino: number; rdev: number }): string => `${s.dev}:${s.ino}:${s.rdev}`;
    const check = (): void => {
      stat(this.path).then(
        (s) => {
          if (opened === null) opened = identity(s);
          else if (identity(s) !== opened) this.#onPortGone(port, new Error('device was replaced'));
        },
        () => this.#onPortGone(port, new Error('device disappeared')),
      );
    };
    check();
    this.#watchdog = setInterval(check, this.#watchdogMs);
    this.#watchdog.unref();
  }

  #stopWatchdog(): void {
    if (this.#watchdog) clearInterval(this.#watchdog);
    this.#watchdog = null;
  }

  #scheduleReopen(): void {
    if (this.#closed || this.#timer) return;
    const delay = reconnectDelay(this.#attempt++, this.#initialMs, this.#maxMs);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#open();
    }, delay);
  }

  #onData(chunk: Buffer): void {
    for (const part of this.#splitter.push(chunk)) {
      if ('error' in part) {
        this.emit('error', part.error);
        continue;
      }
      const parsed = parseKeypadLine(part.line);
      if (parsed === null) continue;
      if (!parsed.ok) {
        this.emit('error', parsed.error);
        continue;
      }
      const m = parsed.message;
      if (m.type === 'key') this.emit('key', { counterId: this.counterId, value: m.value });
      else if (m.type === 'cancel') this.emit('cancel', { counterId: this.counterId });
      else this.emit('hello', { counterId: this.counterId, keypadId: m.keypadId });
    }
  }

  #write(command: string): Promise<boolean> {
    const port = this.#port;
    if (!port || !this.#connected || !port.isOpen) return Promise.resolve(false);
    return new Promise((resolve) => {
      // One outcome per write: a write that timed out and then fails is reported once.
      let settled = false;
      const settle = (ok: boolean, error: HardwareError | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) this.emit('error', error);
        resolve(ok);
      };
      const timer = setTimeout(() => settle(false, new HardwareError('KEYPAD_WRITE_FAILED', `write to ${this.path} timed out`)), this.#writeTimeoutMs);
      const failed = (error: Error) => settle(false, new HardwareError('KEYPAD_WRITE_FAILED', `write to ${this.path} failed: ${error.message}`, { cause: error }));
      port.write(command, 'latin1', (error) => {
        if (error) return failed(error);
        // The bytes left only once drained: a device gone meanwhile fails here, not in write's callback.
        port.drain((drainError) => {
          if (drainError) return failed(drainError);
          settle(true, null);
        });
      });
    });
  }
}

/**
 * Whether the unplug watchdog applies to `path`: a device node in the file system (`/dev/ttyUSB0`,
 * a PTY). A Windows port (`COM3`, `\\.\COM10`) is not a file to stat — every check would say
 * "gone" and the keypad would flap — and its driver reports an unplugged device by itself.
 */
export function watchesDeviceNode(path: string): boolean {
  return path.startsWith('/');
}
