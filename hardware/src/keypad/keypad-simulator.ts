import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, constants, existsSync, openSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import tty from 'node:tty';
import { HardwareError } from '../errors.ts';
import { TypedEmitter } from '../typed-emitter.ts';
import { encodeKeypadMessage, LineSplitter, parseHostLine } from './keypad-protocol.ts';

export interface KeypadSimulatorOptions {
  /** Link the host (driver) opens. Default: a fresh temp dir + "/keypad-host". */
  hostLink?: string;
  /** Link the simulator holds. Default: next to hostLink, "-device". */
  deviceLink?: string;
  /** Id sent in hello lines. Default "SIM-1". */
  keypadId?: string;
  /** Deadline for socat to create both links, ms. Default 5000. */
  startTimeoutMs?: number;
}

export type KeypadSimulatorEvents = {
  lamp: (on: boolean) => void;
  /** A line from the host the keypad did not understand. */
  garbage: (line: string) => void;
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A rating keypad on a real pseudo-terminal pair made by socat. The driver opens
 * `hostPath`; the simulator holds the other end, presses keys and watches the lamp.
 * `unplug()` kills socat (the host end vanishes, like a USB cable pulled);
 * `replug()` starts it again on the same link paths.
 */
export class KeypadSimulator extends TypedEmitter<KeypadSimulatorEvents> {
  readonly hostPath: string;
  readonly devicePath: string;
  readonly keypadId: string;
  readonly #ownDir: string | null;
  readonly #startTimeoutMs: number;
  readonly #splitter = new LineSplitter();
  #socat: ChildProcess | null = null;
  #far: tty.ReadStream | null = null;
  /** The fd replug() opened; tty.ReadStream reads through its own reopened fd, so this one is closed by hand. */
  #farFd: number | null = null;
  #lamp = false;

  private constructor(hostPath: string, devicePath: string, ownDir: string | null, opts: KeypadSimulatorOptions) {
    super();
    this.hostPath = hostPath;
    this.devicePath = devicePath;
    this.#ownDir = ownDir;
    this.keypadId = opts.keypadId ?? 'SIM-1';
    this.#startTimeoutMs = opts.startTimeoutMs ?? 5000;
  }

  /** Spawns socat and opens the device end; rejects with SIMULATOR_START_FAILED. */
  static async start(opts: KeypadSimulatorOptions = {}): Promise<KeypadSimulator> {
    let ownDir: string | null = null;
    let hostPath = opts.hostLink;
    if (!hostPath) {
      ownDir = await mkdtemp(path.join(os.tmpdir(), 'turnero-keypad-'));
      hostPath = path.join(ownDir, 'keypad-host');
    }
    const devicePath = opts.deviceLink ?? `${hostPath}-device`;
    const sim = new KeypadSimulator(path.resolve(hostPath), path.resolve(devicePath), ownDir, opts);
    await sim.replug();
    return sim;
  }

  /** The lamp as last set by the host. */
  get lamp(): boolean {
    return this.#lamp;
  }

  get plugged(): boolean {
    return this.#socat !== null;
  }

  press(value: number): Promise<void> {
    return this.#send(encodeKeypadMessage({ type: 'key', value }));
  }

  cancel(): Promise<void> {
    return this.#send(encodeKeypadMessage({ type: 'cancel' }));
  }

  hello(): Promise<void> {
    return this.#send(encodeKeypadMessage({ type: 'hello', keypadId: this.keypadId }));
  }

  /** Sends bytes as they are (for malformed-input tests). */
  sendRaw(text: string): Promise<void> {
    return this.#send(text);
  }

  /** Resolves when the lamp is `on`, or rejects after `timeoutMs`. */
  waitForLamp(on: boolean, timeoutMs = 2000): Promise<void> {
    if (this.#lamp === on) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`lamp did not turn ${on ? 'on' : 'off'} within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.on('lamp', (now) => {
        if (now !== on) return;
        clearTimeout(timer);
        off();
        resolve();
      });
    });
  }

  /** Pulls the cable: socat exits and both links disappear. */
  async unplug(): Promise<void> {
    this.#far?.destroy();
    this.#far = null;
    if (this.#farFd !== null) {
      // NOTE: libuv reopens a pty slave for the stream and leaves the fd it was given open: one fd leaked per replug.
      try {
        closeSync(this.#farFd);
      } catch {
        // Already closed: a libuv that could not reopen the pty used this fd and closed it with the stream.
      }
      this.#farFd = null;
    }
    const socat = this.#socat;
    this.#socat = null;
    if (!socat || socat.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        socat.kill('SIGKILL');
      }, 2000);
      socat.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      socat.kill('SIGTERM');
    });
    await rm(this.hostPath, { force: true });
    await rm(this.devicePath, { force: true });
  }

  /** Plugs the keypad (back) in: a new PTY pair on the same link paths, then a hello. */
  async replug(): Promise<void> {
    if (this.#socat) return;
    await rm(this.hostPath, { force: true });
    await rm(this.devicePath, { force: true });
    const socat = spawn(
      'socat',
      ['-d', '-d', `pty,raw,echo=0,link=${this.hostPath}`, `pty,raw,echo=0,link=${this.devicePath}`],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    socat.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    let spawnError: Error | null = null;
    socat.once('error', (e) => (spawnError = e));
    this.#socat = socat;
    const deadline = Date.now() + this.#startTimeoutMs;
    while (!(existsSync(this.hostPath) && existsSync(this.devicePath) && stderr.includes('starting data transfer loop'))) {
      if (spawnError || socat.exitCode !== null || Date.now() > deadline) {
        this.#socat = null;
        socat.kill('SIGKILL');
        const why = spawnError ? (spawnError as Error).message : stderr.trim().split('\n').at(-1) ?? 'timed out';
        throw new HardwareError('SIMULATOR_START_FAILED', `socat did not start: ${why}`);
      }
      await sleep(10);
    }
    // NOTE: a raw fd (not a FileHandle, which closes itself on GC); unplug() closes it after the stream.
    this.#farFd = openSync(this.devicePath, constants.O_RDWR | constants.O_NOCTTY);
    const far = new tty.ReadStream(this.#farFd);
    far.on('data', (chunk: Buffer) => this.#onHostData(chunk));
    far.on('error', () => undefined);
    this.#far = far;
    this.#splitter.reset();
    await this.hello();
  }

  /** Unplugs for good and removes the temp dir it made. */
  async stop(): Promise<void> {
    await this.unplug();
    if (this.#ownDir) await rm(this.#ownDir, { recursive: true, force: true });
    this.removeAllListeners();
  }

  #send(text: string): Promise<void> {
    const far = this.#far;
    if (!far) return Promise.reject(new HardwareError('KEYPAD_DISCONNECTED', 'keypad simulator is unplugged'));
    return new Promise((resolve, reject) => {
      far.write(text, 'latin1', (error) => (error ? reject(error) : resolve()));
    });
  }

  #onHostData(chunk: Buffer): void {
    for (const part of this.#splitter.push(chunk)) {
      if ('error' in part) continue;
      const parsed = parseHostLine(part.line);
      if (parsed === null) continue;
      if (!parsed.ok) {
        this.emit('garbage', part.line);
      } else if (parsed.message.type === 'lamp') {
        this.#lamp = parsed.message.on;
        this.emit('lamp', this.#lamp);
      } else {
        void this.hello().catch(() => undefined);
      }
    }
  }
}
