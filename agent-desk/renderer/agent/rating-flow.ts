import type { Timers } from '@turnero/app-kit/renderer';
import type { KeypadPress } from '../../shared/keypad-signal.ts';
import { HELD_RATING_MAX_AGE_MS, NO_HELD_STORE, type HeldRating, type HeldRatingStore } from './held-ratings.ts';

interface Rated {
  ticketId: string;
  number: string;
}

/** Where the rating of the last finished ticket stands. */
export type RatingView =
  | { kind: 'idle' }
  /** Waiting for the customer: on the counter's keypad (lamp on) and/or its on-screen pad. */
  | (Rated & { kind: 'waiting'; deadline: number; keypad: boolean })
  /** A key was pressed; the rating is on its way to the hub (`queued`: waiting for the hub to be back). */
  | (Rated & { kind: 'sending'; rating: number; queued: boolean })
  /** Stored. `caseOpened` is null when it came from elsewhere (the pad) and the desk cannot tell. */
  | (Rated & { kind: 'rated'; rating: number; source: 'keypad' | 'screen'; caseOpened: boolean | null })
  | (Rated & { kind: 'unrated'; reason: 'timeout' | 'declined' })
  /** The hub refused the rating (e.g. its window closed). */
  | (Rated & { kind: 'failed'; rating: number; code: string });

export interface RatingDeps {
  /** Sends the keypad's rating (`rate_ticket`, source 'keypad'); resolves whether a follow-up case was opened. */
  rate(ticketId: string, rating: number): Promise<{ caseOpened: boolean }>;
  /** The counter's keypad lamp, when this desk has a usable one. */
  lamp: { on(): void; off(): void };
  /** How long the customer has to rate. */
  timeoutMs: number;
  now(): number;
  /** Times the customer's turn to rate. */
  timers: Timers;
  /** True for errors that mean "the hub was not reached" (the rating is kept and sent when it is back). */
  isUnreachable(error: unknown): boolean;
  errorCode(error: unknown): string;
  onChange(view: RatingView): void;
  /** Where given ratings are kept until the hub has them (across a reload or a restart of the desk); none by default. */
  held?: HeldRatingStore;
}

/** A rating the customer gave, on its way to the hub. */
type Given = HeldRating;

/**
 * The rating of a finished ticket (SPEC F1, F2): lamp on, the customer presses 1–10 (sent to the
 * hub) or cancel, or nothing within the timeout ("sin calificación"). A rating made on the
 * counter's on-screen pad first wins: the hub stores one, and the desk shows whichever it was.
 * A rating given while the hub is unreachable is held until it is back, also once the next
 * ticket's rating has begun (the view then shows that one). Each given rating is also stored
 * (`held`) before it is sent, and restored when the desk starts again, until the hub has it
 * (stored, or already rated) or refuses it, or the hub's rating window for its ticket is over.
 */
export class RatingFlow {
  #view: RatingView = { kind: 'idle' };
  #timer: unknown = null;
  /** When the rating shown as waiting was asked for. */
  #finishedAt = 0;
  /** Ratings given that the hub has not confirmed, by ticket: on their way, or held until it is reachable. */
  readonly #given = new Map<string, Given>();
  /** Those whose send is out: the others are sent on `reconnected`. */
  readonly #sending = new Set<string>();
  readonly #deps: RatingDeps;
  readonly #store: HeldRatingStore;

  constructor(deps: RatingDeps) {
    this.#deps = deps;
    this.#store = deps.held ?? NO_HELD_STORE;
    // Ratings given before the desk was reloaded or restarted: sent once the hub is reachable.
    for (const given of this.#store.load()) {
      if (this.#stale(given)) this.#store.drop(given.ticketId);
      else this.#given.set(given.ticketId, given);
    }
  }

  get view(): RatingView {
    return this.#view;
  }

  /** A ticket was finished at this counter: ask for its rating (once: asked again for the same ticket, nothing changes). */
  begin(ticket: Rated, keypad: boolean): void {
    const before = this.#view;
    if (before.kind !== 'idle' && before.ticketId === ticket.ticketId) return;
    this.#clearTimer();
    if (keypad) this.#deps.lamp.on();
    else if (before.kind === 'waiting' && before.keypad) this.#deps.lamp.off();
    this.#finishedAt = this.#deps.now();
    this.#set({ kind: 'waiting', ticketId: ticket.ticketId, number: ticket.number, deadline: this.#deps.now() + this.#deps.timeoutMs, keypad });
    this.#timer = this.#deps.timers.set(() => this.#timeout(), this.#deps.timeoutMs);
  }

  /** A key or cancel from the counter's keypad; ignored unless a rating is awaited. */
  press(press: KeypadPress): void {
    const v = this.#view;
    if (v.kind !== 'waiting') return;
    this.#finishWaiting(v.keypad);
    if (press.type === 'cancel') {
      this.#set({ kind: 'unrated', ticketId: v.ticketId, number: v.number, reason: 'declined' });
      return;
    }
    this.#set({ kind: 'sending', ticketId: v.ticketId, number: v.number, rating: press.value, queued: false });
    const given: Given = { ticketId: v.ticketId, number: v.number, rating: press.value, finishedAt: this.#finishedAt };
    // Stored before it is sent: a desk reloaded before the answer still has it.
    this.#given.set(given.ticketId, given);
    this.#store.put(given);
    this.#send(given);
  }

  /** The hub recorded a rating (`ticket_rated`): from this desk's keypad or from the on-screen pad. */
  rated(ticketId: string, rating: number, source: 'keypad' | 'screen'): void {
    // The hub has one (ours, whose reply was lost, or the pad's): nothing left to send.
    this.#forget(ticketId);
    const v = this.#view;
    if (v.kind === 'idle' || v.ticketId !== ticketId) return;
    if (v.kind === 'rated') return;
    if (v.kind === 'waiting') this.#finishWaiting(v.keypad);
    this.#set({ kind: 'rated', ticketId, number: v.number, rating, source, caseOpened: null });
  }

  /**
   * The hub is reachable again: send every rating that was kept (the one shown, any of earlier
   * tickets, any restored). Whether its rating window is over is the hub's to say (on its clock: this
   * desk's may have been set right meanwhile); its refusal drops it and is shown like any other.
   */
  reconnected(): void {
    for (const given of [...this.#given.values()]) {
      if (this.#sending.has(given.ticketId)) continue;
      const v = this.#view;
      if (v.kind === 'sending' && v.ticketId === given.ticketId) this.#set({ ...v, queued: false });
      this.#send(given);
    }
  }

  /** The desk goes away (signed out, another view): a keypad still waiting has its lamp turned off. */
  dispose(): void {
    const v = this.#view;
    if (v.kind === 'waiting') this.#finishWaiting(v.keypad);
    this.#clearTimer();
  }

  /** Sends a given rating; the view follows it while it still shows that ticket. */
  #send(given: Given): void {
    this.#sending.add(given.ticketId);
    const shown = () => (this.#view.kind === 'sending' && this.#view.ticketId === given.ticketId ? this.#view : null);
    this.#deps.rate(given.ticketId, given.rating).then(
      ({ caseOpened }) => {
        this.#sending.delete(given.ticketId);
        this.#forget(given.ticketId);
        if (shown()) this.#set({ kind: 'rated', ticketId: given.ticketId, number: given.number, rating: given.rating, source: 'keypad', caseOpened });
      },
      (error: unknown) => {
        this.#sending.delete(given.ticketId);
        const v = shown();
        // NOTE: kept whatever the view shows now: the customer gave it, and the next finish must not lose it
        // (unless the hub reported the ticket rated meanwhile: then nothing is left to send).
        if (this.#deps.isUnreachable(error)) {
          if (v && this.#given.has(given.ticketId)) this.#set({ ...v, queued: true });
          return;
        }
        this.#forget(given.ticketId);
        if (v) this.#set({ kind: 'failed', ticketId: given.ticketId, number: given.number, rating: given.rating, code: this.#deps.errorCode(error) });
      },
    );
  }

  /** The hub has this ticket's rating, or refused it for good: neither held nor stored any more. */
  #forget(ticketId: string): void {
    if (this.#given.delete(ticketId)) this.#store.drop(ticketId);
  }

  /** Stored so long ago (on this desk's clock) that no clock correction leaves it within the hub's window: forgotten unsent. */
  #stale(given: Given): boolean {
    return this.#deps.now() - given.finishedAt > HELD_RATING_MAX_AGE_MS;
  }

  #timeout(): void {
    this.#timer = null;
    const v = this.#view;
    if (v.kind !== 'waiting') return;
    if (v.keypad) this.#deps.lamp.off();
    this.#set({ kind: 'unrated', ticketId: v.ticketId, number: v.number, reason: 'timeout' });
  }

  #finishWaiting(keypad: boolean): void {
    this.#clearTimer();
    if (keypad) this.#deps.lamp.off();
  }

  #clearTimer(): void {
    if (this.#timer !== null) this.#deps.timers.clear(this.#timer);
    this.#timer = null;
  }

  #set(view: RatingView): void {
    this.#view = view;
    this.#deps.onChange(view);
  }
}
