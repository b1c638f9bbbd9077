import { SerialPort } from 'serialport';
import { describe, expect, it, vi } from 'vitest';
import { keypadContract, nextEvent } from './keypad-contract.ts';
import { KeypadDriver, reconnectDelay, watchesDeviceNode } from './keypad-driver.ts';
import { KeypadSimulator } from './keypad-simulator.ts';

keypadContract({
  name: 'serialport driver against KeypadSimulator (socat PTY pair)',
  counterId: 'counter-4',
  simulated: true,
  async setup() {
    const far = await KeypadSimulator.start();
    const keypad = new KeypadDriver({ path: far.hostPath, counterId: 'counter-4', reconnect: { initialDelayMs: 50, maxDelayMs: 400 }, watchdogMs: 100 });
    return {
      keypad,
      far,
      close: async () => {
        await keypad.close();
        await far.stop();
      },
    };
  },
});

const realPort = process.env['KEYPAD_PORT'];
keypadContract({
  name: `real keypad on ${realPort ?? 'KEYPAD_PORT'}`,
  counterId: 'counter-real',
  simulated: false,
  skipReason: realPort ? null : 'set KEYPAD_PORT=/dev/ttyUSB0 to run against a real keypad',
  async setup() {
    const keypad = new KeypadDriver({ path: realPort!, counterId: 'counter-real' });
    return { keypad, close: () => keypad.close() };
  },
});

describe('KeypadDriver', () => {
  it('backs off from the initial delay, doubling, up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 100].map((n) => reconnectDelay(n, 250, 5000))).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
  });

  it('keeps retrying a port that is not there yet, then connects when it appears', async () => {
    const far = await KeypadSimulator.start();
    const path = far.hostPath;
    await far.unplug();
    const keypad = new KeypadDriver({ path, counterId: 'c1', reconnect: { initialDelayMs: 20, maxDelayMs: 100 } });
    try {
      expect(await nextEvent(keypad, 'error')).toMatchObject({ code: 'KEYPAD_OPEN_FAILED' });
      const connected = nextEvent(keypad, 'connected');
      await far.replug();
      expect(await connected).toEqual({ counterId: 'c1', path });
      const hello = nextEvent(keypad, 'hello');
      await far.hello();
      expect(await hello).toEqual({ counterId: 'c1', keypadId: 'SIM-1' });
    } finally {
      await keypad.close();
      await far.stop();
    }
  });

  it('notices a cable swapped between two checks (same path, new device) and reconnects', async () => {
    const far = await KeypadSimulator.start();
    const keypad = new KeypadDriver({ path: far.hostPath, counterId: 'c5', reconnect: { initialDelayMs: 20, maxDelayMs: 100 }, watchdogMs: 50 });
    try {
      await nextEvent(keypad, 'connected');
      const gone = nextEvent(keypad, 'disconnected');
      // Listened for before the cable moves: the driver may open the new device before replug() returns.
      const back = nextEvent(keypad, 'connected');
      await far.unplug();
      await far.replug();
      await gone;
      await back;
      const key = nextEvent(keypad, 'key');
      await far.press(6);
      expect(await key).toEqual({ counterId: 'c5', value: 6 });
    } finally {
      await keypad.close();
      await far.stop();
    }
  });

  it('a throwing listener is reported as an error event, never thrown', async () => {
    const far = await KeypadSimulator.start();
    const keypad = new KeypadDriver({ path: far.hostPath, counterId: 'c2' });
    try {
      await nextEvent(keypad, 'connected');
      keypad.on('key', () => {
        throw new Error('bug in a listener');
      });
      const error = nextEvent(keypad, 'error');
      const key = nextEvent(keypad, 'key');
      await far.press(5);
      expect(await key).toEqual({ counterId: 'c2', value: 5 });
      expect(await error).toMatchObject({ code: 'KEYPAD_LISTENER_FAILED' });
    } finally {
      await keypad.close();
      await far.stop();
    }
  });

  it('a lamp command whose bytes never leave (the device went away while draining) is reported as failed, not done', async () => {
    const far = await KeypadSimulator.start();
    const keypad = new KeypadDriver({ path: far.hostPath, counterId: 'c6' });
    const drain = vi.spyOn(SerialPort.prototype, 'drain').mockImplementation(function (this: SerialPort, callback?: (error: Error | null) => void) {
      callback?.(new Error('EIO: input/output error'));
    });
    try {
      await nextEvent(keypad, 'connected');
      const error = nextEvent(keypad, 'error');
      expect(await keypad.lampOn()).toBe(false);
      expect(await error).toMatchObject({ code: 'KEYPAD_WRITE_FAILED', message: expect.stringContaining('EIO') });
    } finally {
      drain.mockRestore();
      await keypad.close();
      await far.stop();
    }
  });

  it('a lamp command that times out and then fails is reported once', async () => {
    const far = await KeypadSimulator.start();
    const keypad = new KeypadDriver({ path: far.hostPath, counterId: 'c7', writeTimeoutMs: 20 });
    let fail: (() => void) | null = null;
    await nextEvent(keypad, 'connected');
    await new Promise((r) => setTimeout(r, 50)); // what the driver writes on connecting has gone out
    const drain = vi.spyOn(SerialPort.prototype, 'drain').mockImplementation(function (this: SerialPort, callback?: (error: Error | null) => void) {
      fail = () => callback?.(new Error('EIO: input/output error'));
    });
    const errors: unknown[] = [];
    keypad.on('error', (e) => errors.push(e));
    try {
      expect(await keypad.lampOn()).toBe(false);
      expect(errors).toMatchObject([{ code: 'KEYPAD_WRITE_FAILED', message: expect.stringContaining('timed out') }]);
      fail!();
      await new Promise((r) => setTimeout(r, 20));
      expect(errors).toHaveLength(1);
    } finally {
      drain.mockRestore();
      await keypad.close();
      await far.stop();
    }
  });

  it('watches device nodes for unplugging, not Windows ports (which are no files to stat and would flap)', () => {
    expect(['/dev/ttyUSB0', '/dev/pts/3', '/dev/serial/by-id/usb-keypad'].map(watchesDeviceNode)).toEqual([true, true, true]);
    expect(['COM3', '\\\\.\\COM10'].map(watchesDeviceNode)).toEqual([false, false]);
  });

  it('close() stops reconnecting and emits disconnected once', async () => {
    const far = await KeypadSimulator.start();
    const keypad = new KeypadDriver({ path: far.hostPath, counterId: 'c3', reconnect: { initialDelayMs: 10, maxDelayMs: 10 } });
    await nextEvent(keypad, 'connected');
    const reasons: string[] = [];
    keypad.on('disconnected', (e) => reasons.push(e.reason));
    keypad.on('connected', () => reasons.push('reconnected?!'));
    await keypad.close();
    await far.unplug();
    await far.replug();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(reasons).toEqual(['closed']);
    expect(await keypad.lampOn()).toBe(false);
    await far.stop();
  });
});
