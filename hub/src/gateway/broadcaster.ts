import type { QueueStats, SequencedEvent } from '@turnero/protocol';
import type { ClientSocket } from '../transport/socket.ts';
import { AUDIENCES, visibleEvents, type Audience } from './audience.ts';

/** A socket over this many queued bytes is too slow to keep: it is closed and will resume on reconnect. */
const MAX_BUFFERED = 4 * 1024 * 1024;

/**
 * Fans committed events out to an office's subscribers, each frame serialised once, only to the
 * audiences that may see it; stats are coalesced to one message per `statsDelayMs` (SPEC P5).
 */
export class Broadcaster {
  readonly #subs = new Map<string, Map<Audience, Set<ClientSocket>>>();
  readonly #statsTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Called with the office id after each committed event is fanned out (the live ticket pages listen). */
  readonly listeners = new Set<(officeId: string) => void>();

  constructor(
    readonly statsOf: (officeId: string) => QueueStats[],
    readonly clock: () => number,
    readonly statsDelayMs = 1000,
  ) {}

  add(officeId: string, audience: Audience, socket: ClientSocket): void {
    let office = this.#subs.get(officeId);
    if (!office) this.#subs.set(officeId, (office = new Map(AUDIENCES.map((a) => [a, new Set<ClientSocket>()]))));
    office.get(audience)?.add(socket);
  }

  remove(officeId: string, audience: Audience, socket: ClientSocket): void {
    this.#subs.get(officeId)?.get(audience)?.delete(socket);
  }

  count(officeId: string): number {
    let n = 0;
    for (const set of this.#subs.get(officeId)?.values() ?? []) n += set.size;
    return n;
  }

  publish(events: readonly SequencedEvent[]): void {
    for (const { seq, officeId, event } of events) {
      const office = this.#subs.get(officeId);
      if (office) {
        let frame: Buffer | null = null;
        for (const audience of AUDIENCES) {
          if (!visibleEvents[audience].has(event.type)) continue;
          const sockets = office.get(audience);
          if (!sockets || sockets.size === 0) continue;
          frame ??= Buffer.from(JSON.stringify({ type: 'event', seq, event }));
          for (const s of sockets) this.#send(s, frame);
        }
      }
      this.#scheduleStats(officeId);
      for (const listener of this.listeners) listener(officeId);
    }
  }

  /** Sends current stats now to one socket (after its snapshot or resume). */
  sendStats(officeId: string, socket: ClientSocket): void {
    socket.send(JSON.stringify({ type: 'stats', at: this.clock(), stats: this.statsOf(officeId) }));
  }

  close(): void {
    for (const t of this.#statsTimers.values()) clearTimeout(t);
    this.#statsTimers.clear();
  }

  #scheduleStats(officeId: string): void {
    if (this.#statsTimers.has(officeId)) return;
    const timer = setTimeout(() => {
      this.#statsTimers.delete(officeId);
      const office = this.#subs.get(officeId);
      if (!office || this.count(officeId) === 0) return;
      const frame = Buffer.from(JSON.stringify({ type: 'stats', at: this.clock(), stats: this.statsOf(officeId) }));
      for (const sockets of office.values()) for (const s of sockets) this.#send(s, frame);
    }, this.statsDelayMs);
    timer.unref?.();
    this.#statsTimers.set(officeId, timer);
  }

  #send(socket: ClientSocket, frame: Buffer): void {
    if (socket.bufferedAmount > MAX_BUFFERED) {
      socket.close(1013, 'too slow: reconnect and resume');
      return;
    }
    socket.send(frame);
  }
}
