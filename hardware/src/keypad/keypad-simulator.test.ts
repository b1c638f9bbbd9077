import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KeypadSimulator } from './keypad-simulator.ts';

/** Open file descriptors of this test process (Linux). */
const openFds = (): number => readdirSync('/proc/self/fd').length;

describe.skipIf(process.platform !== 'linux')('KeypadSimulator (socat PTY pair)', () => {
  it('unplug and replug, again and again, leave no file descriptor open', async () => {
    const sim = await KeypadSimulator.start();
    try {
      // One round first: whatever a first unplug opens for good (lazy handles) is not a leak.
      await sim.unplug();
      await sim.replug();
      const before = openFds();
      for (let i = 0; i < 8; i++) {
        await sim.unplug();
        await sim.replug();
      }
      expect(sim.plugged).toBe(true);
      expect(openFds()).toBeLessThanOrEqual(before);
    } finally {
      await sim.stop();
    }
  });
});
