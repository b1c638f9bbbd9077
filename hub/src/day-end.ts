import type { SequencedEvent } from '@turnero/protocol';
import { DAY_ENDED, endPastDays } from './domain/commands.ts';
import { officeDay } from './domain/office-state.ts';
import type { OfficeEngine } from './office-engine.ts';

/**
 * Ends each office's past days (SPEC D1): when the hub starts, then once a minute, an office whose
 * local day has changed since its last sweep gets its leftover waiting tickets cancelled, as one
 * command like any other (one transaction, events published to every app once durable). A sweep
 * that fails (a full disk) is tried again the next minute. A central hub does not run this: the
 * offices it mirrors end their own days and send it the events.
 */
export class DayEnd {
  /** Per office, the local day its last successful sweep ran in. */
  readonly #swept = new Map<string, string>();
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly engine: OfficeEngine,
    private readonly publish: (events: SequencedEvent[]) => void,
    private readonly log: (line: string) => void,
  ) {}

  /** Sweeps every office whose local day is not the one it was last swept in; returns how many tickets it cancelled. */
  sweep(): number {
    let cancelled = 0;
    for (const officeId of this.engine.officeIds()) {
      const today = officeDay(this.engine.state(officeId), this.engine.clock());
      if (this.#swept.get(officeId) === today) continue;
      try {
        const events = this.engine.execute(officeId, endPastDays);
        const ended = events.filter((e) => e.event.type === 'ticket_cancelled' && e.event.reason === DAY_ENDED).length;
        // Done for today only once it is on disk: a refused COMMIT rolls it back, and the next minute tries again.
        this.engine.afterCommit((committed) => {
          if (!committed) return;
          this.#swept.set(officeId, today);
          if (ended) this.log(`${officeId}: ${ended} ticket(s) still waiting from before ${today} cancelled (day ended)`);
        });
        this.publish(events);
        cancelled += ended;
      } catch (error) {
        this.log(`${officeId}: could not end the past day, will try again in a minute: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return cancelled;
  }

  start(intervalMs = 60_000): void {
    this.sweep();
    this.#timer = setInterval(() => this.sweep(), intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
