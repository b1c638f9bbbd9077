import type { Call } from './call.ts';

/** How one sound of an announcement went. */
export interface StepOutcome {
  /** 'synth' (the chime), 'recorded' (the shipped voice) or 'system' (the platform's Web Speech voice). */
  engine: 'synth' | 'recorded' | 'system';
  /** What was said or played: the text, or the recorded words. */
  detail: string;
  /** Loudest sample measured on the way out (Web Audio only), 0..1; null when not measurable. */
  peak: number | null;
}

/** One line of the announcement log (what the hall heard, in order). */
export interface LogEntry {
  seq: number;
  ticketId: string;
  number: string;
  counterName: string;
  recall: boolean;
  step: 'chime' | 'speech';
  engine: StepOutcome['engine'] | null;
  detail: string;
  peak: number | null;
  startedAt: number;
  endedAt: number;
  /** The platform refused to play sound (autoplay policy): nothing was heard. */
  blocked: boolean;
  error: string | null;
}

export interface AnnouncerSteps {
  /** Whether sound can play now (false when the autoplay policy blocks it). */
  audible(): Promise<boolean>;
  chime(): Promise<StepOutcome>;
  speak(call: Call): Promise<StepOutcome>;
}

/** Where the announcer takes its calls from (the call board). */
export interface AnnouncementSource {
  next(): Call | undefined;
  /** Whether the call was taken back (its number is then not said). */
  withdrawn?(call: Call): boolean;
  /** Told once a call's announcement is over (before the gap that follows it). */
  announced?(call: Call): void;
}

export interface AnnouncerOptions {
  /** Wall-clock time for the log (ms since the epoch). */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Pause after each announcement, so the next highlight reads as a new call. */
  gapMs: number;
  /** With no sound, how long each call stays highlighted before the next. */
  silentHoldMs: number;
  /** The call being announced changed (null when done). */
  onCurrent: (call: Call | null) => void;
  onLog: (entry: LogEntry) => void;
}

/**
 * Makes announcements one at a time, never over each other: chime, then the spoken call, then a
 * short gap, then the next one waiting. A failing or blocked sound is logged and skipped; the loop
 * never stops while calls are waiting. A call taken back during its chime is not spoken.
 */
export class Announcer {
  #running = false;
  #seq = 0;

  constructor(
    private readonly source: AnnouncementSource,
    private readonly steps: AnnouncerSteps,
    private readonly opts: AnnouncerOptions,
  ) {}

  get running(): boolean {
    return this.#running;
  }

  /** Starts announcing what is waiting, unless already doing so. Resolves when the queue is empty. */
  async kick(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      for (let call = this.source.next(); call; call = this.source.next()) {
        this.opts.onCurrent(call);
        const audible = await this.steps.audible().catch(() => false);
        const chimed = await this.#step(call, 'chime', audible, () => this.steps.chime());
        // Taken back while the chime played: the number is not said, nobody walks to that counter.
        const withdrawn = this.source.withdrawn?.(call) ?? false;
        const spoken = !withdrawn && (await this.#step(call, 'speech', audible, () => this.steps.speak(call)));
        this.source.announced?.(call);
        if (withdrawn) continue;
        await this.opts.sleep(chimed || spoken ? this.opts.gapMs : this.opts.silentHoldMs);
      }
    } finally {
      this.#running = false;
      this.opts.onCurrent(null);
    }
  }

  async #step(call: Call, step: LogEntry['step'], audible: boolean, run: () => Promise<StepOutcome>): Promise<boolean> {
    const startedAt = this.opts.now();
    let outcome: StepOutcome | null = null;
    let error: string | null = null;
    if (audible) {
      try {
        outcome = await run();
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
    }
    this.opts.onLog({
      seq: ++this.#seq,
      ticketId: call.ticketId,
      number: call.number,
      counterName: call.counterName,
      recall: call.recall,
      step,
      engine: outcome?.engine ?? null,
      detail: outcome?.detail ?? '',
      peak: outcome?.peak ?? null,
      startedAt,
      endedAt: this.opts.now(),
      blocked: !audible,
      error,
    });
    return outcome !== null;
  }
}
