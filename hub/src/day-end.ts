import type { SequencedEvent } from '@turnero/protocol';
import { endPastDays } from './domain/commands.ts';
import type { OfficeEngine } from './office-engine.ts';

/** How long after the minute's turn a sweep runs (a timer may fire a little early). */
const SWEEP_AFTER_MS = 20;

/**
 * Ends each office's past days (SPEC D1): when the hub starts, then at each minute's turn, every office's
 * tickets still waiting from an earlier local day are cancelled, as one command like any other (one
 * transaction, events published to every app once durable). Most minutes there is nothing to end
 * and nothing is written (a pass over the live tickets); a sweep refused by the disk is simply
 * swept again the next minute. A central hub does not run this: the offices it mirrors end their
 * own days and send it the events.
 */
export class DayEnd {
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly engine: Pick<OfficeEngine, 'officeIds' | 'execute' | 'afterCommit' | 'clock'>,
    private readonly publish: (events: SequencedEvent[]) => void,
    private readonly log: (line: string) => void,
  ) {}

  /** Sweeps every office; returns how many tickets it cancelled (written, durable once the batch commits). */
  sweep(): number {
    let cancelled = 0;
    for (const officeId of this.engine.officeIds()) {
      try {
        const events = this.engine.execute(officeId, endPastDays);
        if (events.length === 0) continue;
        const ended = events.filter((e) => e.event.type === 'ticket_cancelled').length;
        this.engine.afterCommit((committed) => {
          if (committed) this.log(`${officeId}: ${ended} ticket(s) still waiting from an earlier day cancelled (day ended)`);
        });
        this.publish(events);
        cancelled += ended;
      } catch (error) {
        this.log(`${officeId}: could not end the past day, will try again in a minute: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return cancelled;
  }

  /**
   * Sweeps now, then just after each whole `intervalMs` of the hub's clock (every offset from UTC is
   * whole minutes, so with the default minute a sweep runs within a few milliseconds of each office's
   * midnight, not up to a minute after it).
   */
  start(intervalMs = 60_000): void {
    this.sweep();
    const next = () => {
      const now = this.engine.clock();
      this.#timer = setTimeout(() => {
        this.sweep();
        next();
      }, intervalMs - (now % intervalMs) + SWEEP_AFTER_MS);
      this.#timer.unref();
    };
    next();
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
