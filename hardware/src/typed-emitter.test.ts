import { describe, expect, it } from 'vitest';
import { TypedEmitter } from './typed-emitter.ts';

type Events = { ping: (n: number) => void };

class Pinger extends TypedEmitter<Events> {
  ping(n: number): void {
    this.emit('ping', n);
  }
}

describe('TypedEmitter', () => {
  it('a throwing listener is reported and the others still run', () => {
    const reported: unknown[] = [];
    const p = new Pinger();
    const q = new (class extends TypedEmitter<Events> {
      constructor() {
        super((e) => reported.push(e));
      }
      ping(n: number) {
        this.emit('ping', n);
      }
    })();
    const seen: number[] = [];
    q.on('ping', () => {
      throw new Error('boom');
    });
    q.on('ping', (n) => seen.push(n));
    expect(() => q.ping(1)).not.toThrow();
    expect(seen).toEqual([1]);
    expect(reported).toHaveLength(1);
    // Without a reporter the error is swallowed, never thrown.
    p.on('ping', () => {
      throw new Error('boom');
    });
    expect(() => p.ping(2)).not.toThrow();
  });

  it('once and off remove listeners', () => {
    const p = new Pinger();
    const seen: number[] = [];
    p.once('ping', (n) => seen.push(n));
    const off = p.on('ping', (n) => seen.push(n * 10));
    p.ping(1);
    off();
    p.ping(2);
    expect(seen).toEqual([1, 10]);
    expect(p.listenerCount('ping')).toBe(0);
  });
});
