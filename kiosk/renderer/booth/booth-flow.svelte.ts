import type { IssueResult, Ticket } from '@turnero/protocol';
import { realTimers, type CallView, type LiveCall, type Timers } from '@turnero/app-kit/renderer';

/** The part of the live ticket page's status the booth reads. */
export interface BoothTicketStatus {
  status: Ticket['status'];
  counterName: string | null;
  /** When the ticket was last called or recalled (null before its first call, or from a hub that does not say). */
  calledAt: number | null;
  /** A done ticket that may be rated (not one a supervisor finished by releasing the counter). */
  rateable: boolean;
}

/** Something that can ring (a tone while a call waits to be taken). */
export interface Ringer {
  start(): void;
  stop(): void;
}

export interface BoothFlowDeps {
  /**
   * Follows the ticket's live status (Server-Sent Events); `onGone` when the hub no longer knows the
   * ticket. Returns the function that stops.
   */
  watchStatus(statusUrl: string, onStatus: (status: BoothTicketStatus) => void, onGone: () => void): () => void;
  /** The ticket's video call as the callee (the agent calls). */
  createCall(ticketId: string): LiveCall;
  /** `rate_ticket {source: 'screen'}` from this booth. */
  rate(ticketId: string, rating: number): Promise<void>;
  /** Back to the kiosk's home screen. */
  home(): void;
  ringer?: Ringer;
  /** The tone of a ring stops after this long (the answer button stays); each new ring starts it again. */
  ringToneMs?: number;
  timers?: Timers;
  /** The rating screen gives up after this long. */
  ratingMs?: number;
  /** After a call ended, the booth waits this long for the agent to close the ticket, then goes home. */
  afterCallMs?: number;
  /** The thank-you screen stays this long. */
  thanksMs?: number;
}

export type BoothPhase = 'none' | 'waiting' | 'rating' | 'thanks';

/** What the booth shows while it holds a video ticket. */
export type BoothScreen = 'waiting' | 'ringing' | 'call' | 'ended' | 'rating' | 'thanks';

const FINAL = new Set<Ticket['status']>(['no_show', 'cancelled']);
const CALLED = new Set<Ticket['status']>(['called', 'serving']);

/**
 * A video booth's customer after taking a video ticket: wait → the agent calls (the ticket's status
 * says called, or the agent's ring arrives) → ringing → the call → the ticket is done → rating 1–10
 * on screen → thanks → home. A call that ends before the ticket does waits (bounded) for the agent.
 */
export class BoothFlow {
  phase = $state<BoothPhase>('none');
  issue = $state.raw<IssueResult | null>(null);
  status = $state.raw<BoothTicketStatus | null>(null);
  live = $state.raw<LiveCall | null>(null);
  busy = $state(false);
  rateFailed = $state(false);

  readonly #deps: BoothFlowDeps;
  readonly #timers: Timers;
  #stopWatch: (() => void) | null = null;
  #stopCall: (() => void) | null = null;
  #timer: unknown = null;
  /** The ring of the call (its view's `rings`) the tone was started for; null: no tone. */
  #toneFor: number | null = null;
  #toneLimit: unknown = null;

  constructor(deps: BoothFlowDeps) {
    this.#deps = deps;
    this.#timers = deps.timers ?? realTimers;
  }

  get screen(): BoothScreen | null {
    if (this.phase === 'none') return null;
    if (this.phase !== 'waiting') return this.phase;
    const state = this.live?.view.state ?? 'idle';
    if (state === 'idle') return 'waiting';
    if (state === 'ringing') return 'ringing';
    if (state === 'ended') return 'ended';
    return 'call';
  }

  /** A video ticket was issued here: wait for its call. */
  begin(issue: IssueResult): void {
    if (this.phase !== 'none') this.finish();
    this.issue = issue;
    this.status = null;
    this.phase = 'waiting';
    const live = this.#deps.createCall(issue.ticket.id);
    this.live = live;
    this.#stopCall = live.call.onChange((view) => this.#onCall(view));
    this.#stopWatch = this.#deps.watchStatus(issue.statusUrl, (status) => this.#onStatus(status), () => this.#onGone(issue));
  }

  /**
   * What the ended-call screen says under its title: the advisor closing the visit, or — the ticket
   * put back in line (transferred, requeued) — that the customer will be called again here.
   */
  get endedNote(): 'closing' | 'back_in_line' {
    return this.status?.status === 'waiting' ? 'back_in_line' : 'closing';
  }

  /** The customer takes the call. */
  accept(): void {
    void this.live?.call.accept();
  }

  async rate(rating: number): Promise<void> {
    const issue = this.issue;
    if (this.phase !== 'rating' || this.busy || !issue) return;
    this.busy = true;
    this.rateFailed = false;
    // An answer that comes once this customer's visit is over (the rating screen timed out, the next
    // customer began) changes nothing: it is not theirs.
    const same = () => this.issue === issue && this.phase === 'rating';
    try {
      await this.#deps.rate(issue.ticket.id, rating);
      if (!same()) return;
      this.busy = false;
      this.phase = 'thanks';
      this.#after(this.#deps.thanksMs ?? 5000);
    } catch {
      if (!same()) return;
      this.busy = false;
      this.rateFailed = true;
    }
  }

  /** Ends the booth's part and goes home (skip the rating, or a timeout). */
  finish(): void {
    this.#clearTimer();
    this.#stopWatch?.();
    this.#stopWatch = null;
    this.#stopCall?.();
    this.#stopCall = null;
    this.live?.call.dispose();
    this.#stopTone();
    this.live = null;
    this.issue = null;
    this.status = null;
    this.busy = false;
    this.rateFailed = false;
    if (this.phase !== 'none') {
      this.phase = 'none';
      this.#deps.home();
    }
  }

  #onStatus(status: BoothTicketStatus): void {
    if (this.phase === 'none') return;
    const previous = this.status;
    this.status = status;
    const call = this.live?.call;
    if (status.status === 'called' || status.status === 'serving') {
      // Only a new call or a recall rings: not the same call said again (the agent's "Iniciar atención",
      // the status stream opened again after a drop), which would ring after a hang-up with nobody calling.
      if (!CALLED.has(previous?.status ?? 'waiting') || status.calledAt !== previous?.calledAt) call?.ring();
    } else if (status.status === 'done' && !status.rateable) {
      // Finished by a supervisor releasing the agent's counter: the hub takes no rating for it.
      call?.end('ticket');
      this.finish();
    } else if (status.status === 'done') {
      call?.end('ticket');
      this.#stopWatch?.();
      this.#stopWatch = null;
      if (this.phase === 'waiting') {
        this.phase = 'rating';
        this.#after(this.#deps.ratingMs ?? 60_000);
      }
    } else if (FINAL.has(status.status)) {
      this.finish();
    } else if (status.status === 'waiting' && call && call.view.state !== 'idle') {
      // Transferred or requeued: back in line; a new call rings again. A call the customer hung up
      // first no longer waits (bounded) for the agent to close the visit: the booth waits in line.
      call.end('ticket');
      if (this.phase === 'waiting') this.#clearTimer();
    }
  }

  /**
   * The hub no longer knows this ticket (its live status answers 404: a hub reinstalled or restored
   * from a backup, the office removed): no call or status will come for it. As for a cancelled
   * ticket, the booth goes home, where the customer can take a new one, rather than wait for good.
   */
  #onGone(issue: IssueResult): void {
    if (this.issue === issue) this.finish();
  }

  #onCall(view: CallView): void {
    if (view.state !== 'ringing') this.#stopTone();
    else if (view.rings !== this.#toneFor) this.#startTone(view.rings);
    if (this.phase !== 'waiting') return;
    if (view.state === 'ended' && view.endReason !== 'ticket') this.#after(this.#deps.afterCallMs ?? 120_000);
    else if (view.state !== 'ended') this.#clearTimer();
  }

  /**
   * Rings for a new ring of the call, for `ringToneMs` at most: a booth whose agent's desk is gone does
   * not ring until its ticket changes. The ringing screen stays: the customer may still answer.
   */
  #startTone(ring: number): void {
    if (this.#toneLimit !== null) this.#timers.clear(this.#toneLimit);
    this.#toneFor = ring;
    this.#deps.ringer?.start();
    this.#toneLimit = this.#timers.set(() => {
      this.#toneLimit = null;
      this.#deps.ringer?.stop();
    }, this.#deps.ringToneMs ?? 60_000);
  }

  #stopTone(): void {
    if (this.#toneLimit !== null) this.#timers.clear(this.#toneLimit);
    this.#toneLimit = null;
    this.#toneFor = null;
    this.#deps.ringer?.stop();
  }

  #after(ms: number): void {
    this.#clearTimer();
    this.#timer = this.#timers.set(() => {
      this.#timer = null;
      this.finish();
    }, ms);
  }

  #clearTimer(): void {
    if (this.#timer !== null) this.#timers.clear(this.#timer);
    this.#timer = null;
  }
}
