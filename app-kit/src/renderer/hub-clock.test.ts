import { describe, expect, it } from 'vitest';
import { HubClock } from './hub-clock.ts';

describe('HubClock', () => {
  it('uses the local clock until a hub time is seen, then the largest recent offset', () => {
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
    expect(clock.toServer(local)).toBe(local + 4_500);
    clock.reset();
    expect(clock.now()).toBe(local);
  });

  it('follows a local clock set right during the day instead of keeping the old offset', () => {
    // A screen that booted three days behind (dead clock battery)…
    const hub = () => hubNow;
    let hubNow = Date.UTC(2026, 11, 5, 8, 0);
    let local = hubNow - 3 * 86_400_000;
    const clock = new HubClock(() => local);
    clock.observe(hub());
    expect(clock.now()).toBe(hubNow);
    // …is set right later (someone fixed it): the sample from before is days old by the local clock, and dropped.
    hubNow += 60_000;
    local = hubNow;
    clock.observe(hub() - 200); // seen 200 ms late
    expect(clock.now()).toBe(hubNow - 200);
    // Set back by an hour: the samples taken "in the future" are dropped at once.
    hubNow += 60_000;
    local = hubNow - 3_600_000;
    clock.observe(hub());
    expect(clock.now()).toBe(hubNow);
  });

  it('keeps its last estimate when no recent sample is left (a quiet hour)', () => {
    let local = 0;
    const clock = new HubClock(() => local);
    clock.observe(10_000);
    local += 3_600_000;
    expect(clock.now()).toBe(local + 10_000);
  });
});
