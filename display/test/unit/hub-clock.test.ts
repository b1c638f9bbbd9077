import { describe, expect, it } from 'vitest';
import { HubClock } from '../../renderer/lib/hub-clock.ts';

describe('HubClock', () => {
  it('uses the local clock until an event is seen, then the largest offset observed', () => {
    let local = 1_000_000;
    const clock = new HubClock(() => local);
    expect(clock.now()).toBe(1_000_000);
    clock.observe(1_004_000); // hub 5 s ahead, seen 1 s late
    local += 1000;
    expect(clock.now()).toBe(1_005_000);
    clock.observe(local + 4_500); // a faster delivery: a better estimate
    expect(clock.now()).toBe(local + 4_500);
    clock.observe(local - 60_000); // an old (replayed) event changes nothing
    expect(clock.now()).toBe(local + 4_500);
  });
});
