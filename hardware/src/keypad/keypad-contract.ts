import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeypadEvents, RatingKeypad } from './keypad.ts';

/** What a simulated keypad offers tests (KeypadSimulator has it all). */
export interface KeypadFarEnd {
  press(value: number): Promise<void>;
  cancel(): Promise<void>;
  sendRaw(text: string): Promise<void>;
  readonly lamp: boolean;
  waitForLamp(on: boolean, timeoutMs?: number): Promise<void>;
  unplug(): Promise<void>;
  replug(): Promise<void>;
}

export interface KeypadHarness {
  keypad: RatingKeypad;
  /** Only for simulators. */
  far?: KeypadFarEnd;
  close(): Promise<void>;
}

export interface KeypadContractSubject {
  name: string;
  counterId: string;
  /** Whether `setup` returns a far end; decides at registration which tests exist. */
  simulated: boolean;
  /** When a string, the suite is registered but skipped, and the string says why. */
  skipReason?: string | null;
  setup(): Promise<KeypadHarness>;
}

const WAIT_MS = 5000;

/** Resolves with the next `event` payload, or rejects after `timeoutMs`. */
export function nextEvent<K extends keyof KeypadEvents>(
  keypad: RatingKeypad,
  event: K,
  timeoutMs = WAIT_MS,
): Promise<Parameters<KeypadEvents[K]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no '${String(event)}' event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = keypad.on(event, ((payload: Parameters<KeypadEvents[K]>[0]) => {
      clearTimeout(timer);
      off();
      resolve(payload);
    }) as KeypadEvents[K]);
  });
}

async function untilConnected(keypad: RatingKeypad): Promise<void> {
  if (!keypad.connected) await nextEvent(keypad, 'connected');
}

/** Registers the RatingKeypad contract tests for one implementation. */
export function keypadContract(subject: KeypadContractSubject): void {
  const enabled = !subject.skipReason;
  const title = `RatingKeypad contract: ${subject.name}${enabled ? '' : ` (skipped: ${subject.skipReason})`}`;

  describe.runIf(enabled)(title, () => {
    let h: KeypadHarness;
    beforeAll(async () => {
      h = await subject.setup();
      await untilConnected(h.keypad);
    });
    afterAll(async () => {
      await h?.close();
    });

    it('connects and belongs to its counter', () => {
      expect(h.keypad.connected).toBe(true);
      expect(h.keypad.counterId).toBe(subject.counterId);
    });

    it('writes lamp on and lamp off', async () => {
      expect(await h.keypad.lampOn()).toBe(true);
      if (h.far) await h.far.waitForLamp(true);
      expect(await h.keypad.lampOff()).toBe(true);
      if (h.far) await h.far.waitForLamp(false);
    });

    describe.runIf(subject.simulated)('with the far end simulated', () => {
      it('a key pressed on the far end arrives as a key event for this counter', async () => {
        const key = nextEvent(h.keypad, 'key');
        await h.far!.press(8);
        expect(await key).toEqual({ counterId: subject.counterId, value: 8 });
        const ten = nextEvent(h.keypad, 'key');
        await h.far!.press(10);
        expect(await ten).toEqual({ counterId: subject.counterId, value: 10 });
      });

      it('cancel arrives as a cancel event', async () => {
        const cancel = nextEvent(h.keypad, 'cancel');
        await h.far!.cancel();
        expect(await cancel).toEqual({ counterId: subject.counterId });
      });

      it('malformed lines become coded errors and later keys still arrive', async () => {
        const error = nextEvent(h.keypad, 'error');
        await h.far!.sendRaw('K 42\r\n');
        expect(await error).toMatchObject({ code: 'KEYPAD_MALFORMED_LINE' });
        const key = nextEvent(h.keypad, 'key');
        await h.far!.press(3);
        expect(await key).toMatchObject({ value: 3 });
      });

      it('survives unplug and replug without a restart; the lamp comes back; keys arrive again', async () => {
        await h.keypad.lampOn();
        await h.far!.waitForLamp(true);
        const gone = nextEvent(h.keypad, 'disconnected');
        await h.far!.unplug();
        await gone;
        expect(h.keypad.connected).toBe(false);
        expect(await h.keypad.lampOff()).toBe(false);
        await h.keypad.lampOn();
        const back = nextEvent(h.keypad, 'connected');
        await h.far!.replug();
        await back;
        await h.far!.waitForLamp(true);
        const key = nextEvent(h.keypad, 'key');
        await h.far!.press(9);
        expect(await key).toEqual({ counterId: subject.counterId, value: 9 });
        await h.keypad.lampOff();
      });
    });
  });
}
