import { describe, expect, it } from 'vitest';
import { createKeypadApi } from '../shared/keypad-api.ts';
import { parseKeypadSignal } from '../shared/keypad-signal.ts';
import type { KeypadPress, KeypadStatus } from '../shared/keypad-signal.ts';

/** A transport whose replies and signals the test controls. */
function transport(status: unknown = { connected: true, counterId: 'modulo-1' }) {
  const invoked: string[] = [];
  let deliver: (signal: unknown) => void = () => undefined;
  return {
    invoked,
    send: (signal: unknown) => deliver(signal),
    t: {
      invoke: (op: 'prompt' | 'stop' | 'status') => {
        invoked.push(op);
        return Promise.resolve(op === 'status' ? status : true);
      },
      listen: (listener: (signal: unknown) => void) => {
        deliver = listener;
      },
    },
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('the keypad API the preload gives the page', () => {
  it('parses signals strictly', () => {
    expect(parseKeypadSignal({ type: 'key', value: 10 })).toEqual({ type: 'key', value: 10 });
    expect(parseKeypadSignal({ type: 'cancel', extra: 1 })).toEqual({ type: 'cancel' });
    expect(parseKeypadSignal({ type: 'status', status: { connected: false, counterId: 'm1' } })).toEqual({ type: 'status', status: { connected: false, counterId: 'm1' } });
    for (const bad of [null, 'key', { type: 'key', value: 0 }, { type: 'key', value: 11 }, { type: 'key', value: 2.5 }, { type: 'key', value: '3' }, { type: 'status', status: { connected: 'yes', counterId: 'm' } }, { type: 'status', status: { connected: true, counterId: '' } }, { type: 'lamp' }]) {
      expect(parseKeypadSignal(bad)).toBeNull();
    }
  });

  it('delivers keys and status changes to listeners until they stop; drops garbage', async () => {
    const x = transport();
    const api = createKeypadApi(x.t);
    const keys: KeypadPress[] = [];
    const statuses: (KeypadStatus | null)[] = [];
    const offKey = api.onKey((k) => keys.push(k));
    api.onStatus((s) => statuses.push(s));
    await tick();
    expect(statuses).toEqual([{ connected: true, counterId: 'modulo-1' }]);
    x.send({ type: 'key', value: 4 });
    x.send({ type: 'key', value: 44 });
    x.send({ type: 'cancel' });
    x.send({ type: 'status', status: { connected: false, counterId: 'modulo-1' } });
    offKey();
    x.send({ type: 'key', value: 5 });
    expect(keys).toEqual([{ type: 'key', value: 4 }, { type: 'cancel' }]);
    expect(statuses.at(-1)).toEqual({ connected: false, counterId: 'modulo-1' });
  });

  it('reports "no keypad" (null) when the shell has none configured or answers garbage', async () => {
    for (const status of [null, { connected: true }]) {
      const api = createKeypadApi(transport(status).t);
      const got: (KeypadStatus | null)[] = [];
      api.onStatus((s) => got.push(s));
      await tick();
      expect(got).toEqual([null]);
    }
  });

  it('prompt and stop invoke the lamp operations and resolve booleans', async () => {
    const x = transport();
    const api = createKeypadApi(x.t);
    await expect(api.prompt()).resolves.toBe(true);
    await expect(api.stop()).resolves.toBe(true);
    expect(x.invoked).toEqual(['prompt', 'stop']);
    const failing = createKeypadApi({ invoke: () => Promise.reject(new Error('IPC refused')), listen: () => undefined });
    await expect(failing.prompt()).resolves.toBe(false);
  });
});
