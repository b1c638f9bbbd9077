import { describe, expect, it } from 'vitest';
import { reloadHelps, reloadWhenOutdated } from './outdated-reload.ts';

describe('an outdated page reloads itself', () => {
  it('only when the hub it talks to served it (a reload then brings the hub’s new build)', () => {
    expect(reloadHelps({ protocol: 'http:', host: '10.0.0.5:8080' }, 'ws://10.0.0.5:8080/ws')).toBe(true);
    expect(reloadHelps({ protocol: 'https:', host: 'hub.local' }, 'wss://hub.local/ws')).toBe(true);
    expect(reloadHelps({ protocol: 'http:', host: '127.0.0.1:5173' }, 'ws://10.0.0.5:8080/ws')).toBe(false);
    expect(reloadHelps({ protocol: 'http:', host: 'x' }, 'not a url')).toBe(false);
  });

  it('once, after the delay, however often the connection says it is outdated', () => {
    const timers: [() => void, number][] = [];
    let reloads = 0;
    const page = { location: { protocol: 'http:', host: 'hub:8080', reload: () => void reloads++ } };
    const outdated = reloadWhenOutdated(page, 'ws://hub:8080/ws', 60_000, (fn, ms) => timers.push([fn, ms]));
    outdated();
    outdated();
    expect(timers.map(([, ms]) => ms)).toEqual([60_000]);
    expect(reloads).toBe(0);
    timers[0]![0]();
    expect(reloads).toBe(1);
    const elsewhere = reloadWhenOutdated({ location: { ...page.location, host: 'dev:5173' } }, 'ws://hub:8080/ws', 60_000, (fn, ms) => timers.push([fn, ms]));
    elsewhere();
    expect(timers).toHaveLength(1);
  });
});
