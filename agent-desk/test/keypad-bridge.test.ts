import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeypadSimulator } from '@turnero/hardware';
import { until } from '@turnero/hub/testing';
import { openKeypadBridge, type KeypadBridge } from '../main/keypad-bridge.ts';
import type { KeypadSignal } from '../shared/keypad-signal.ts';

let sim: KeypadSimulator;
let bridge: KeypadBridge;
const signals: KeypadSignal[] = [];
const has = (match: (s: KeypadSignal) => boolean) => () => signals.some(match);

beforeAll(async () => {
  sim = await KeypadSimulator.start();
  const opened = openKeypadBridge({ keypadPort: sim.hostPath, counterId: 'modulo-2' }, (s) => signals.push(s), { reconnect: { initialDelayMs: 50, maxDelayMs: 200 }, watchdogMs: 100 });
  if (!opened) throw new Error('no bridge');
  bridge = opened;
  await until(() => bridge.status.connected, 5000, 'keypad connected');
});

afterAll(async () => {
  await bridge?.close();
  await sim?.stop();
});

describe('KeypadBridge over the real driver and a PTY keypad', () => {
  it('is only made when the desk has a keypad port and a counter', () => {
    expect(openKeypadBridge({ keypadPort: null, counterId: 'modulo-2' }, () => undefined)).toBeNull();
    expect(openKeypadBridge({ keypadPort: '/dev/ttyUSB9', counterId: null }, () => undefined)).toBeNull();
  });

  it('reports the link with the keypad’s counter', () => {
    expect(signals).toContainEqual({ type: 'status', status: { connected: true, counterId: 'modulo-2' } });
    expect(bridge.status).toEqual({ connected: true, counterId: 'modulo-2' });
  });

  it('prompt() lights the lamp; keys and cancel come back as signals; done() turns it off', async () => {
    await expect(bridge.prompt()).resolves.toBe(true);
    await sim.waitForLamp(true);
    await sim.press(7);
    await until(has((s) => s.type === 'key' && s.value === 7), 3000, 'key 7');
    await sim.cancel();
    await until(has((s) => s.type === 'cancel'), 3000, 'cancel');
    await bridge.done();
    await sim.waitForLamp(false);
  });

  it('unplugged and plugged back: status signals both ways, and the lamp state is restored', async () => {
    await bridge.prompt();
    await sim.waitForLamp(true);
    signals.length = 0;
    await sim.unplug();
    await until(has((s) => s.type === 'status' && !s.status.connected), 5000, 'disconnected');
    expect(bridge.status.connected).toBe(false);
    await expect(bridge.prompt()).resolves.toBe(false);
    await sim.replug();
    await until(has((s) => s.type === 'status' && s.status.connected), 5000, 'reconnected');
    await sim.waitForLamp(true, 3000);
    await bridge.done();
    await sim.waitForLamp(false);
  });
});
