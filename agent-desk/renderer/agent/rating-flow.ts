import type { KeypadPress } from '../../shared/keypad-signal.ts';

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
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  /** True for errors that mean "the hub was not reached" (the rating is kept and sent when it is back). */
  isUnreachable(error: unknown): boolean;
  errorCode(error: unknown): string;
  onChange(view: RatingView): void;
}

/**
 * The rating of a finished ticket (SPEC F1, F2): lamp on, the customer presses 1–10 (sent to the
 * hub) or cancel, or nothing within the timeout ("sin calificación"). A rating made on the
 * counter's on-screen pad first wins: the hub stores one, and the desk shows whichever it was.
 */
export class RatingFlow {
  #view: RatingView = { kind: 'idle' };
  #timer: unknown = null;
  readonly #deps: RatingDeps;

  constructor(deps: RatingDeps) {
    this.#deps = deps;
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
    this.#set({ kind: 'waiting', ticketId: ticket.ticketId, number: ticket.number, deadline: this.#deps.now() + this.#deps.timeoutMs, keypad });
    this.#timer = this.#deps.setTimer(() => this.#timeout(), this.#deps.timeoutMs);
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
    this.#send();
  }

  /** The hub recorded a rating (`ticket_rated`): from this desk's keypad or from the on-screen pad. */
  rated(ticketId: string, rating: number, source: 'keypad' | 'screen'): void {
    const v = this.#view;
    if (v.kind === 'idle' || v.ticketId !== ticketId) return;
    if (v.kind === 'rated') return;
    if (v.kind === 'waiting') this.#finishWaiting(v.keypad);
    this.#set({ kind: 'rated', ticketId, number: v.number, rating, source, caseOpened: null });
  }

  /** The hub is reachable again: send a rating that was kept. */
  reconnected(): void {
    const v = this.#view;
    if (v.kind === 'sending' && v.queued) {
      this.#set({ ...v, queued: false });
      this.#send();
    }
  }

  /** The desk goes away (signed out, another view): a keypad still waiting has its lamp turned off. */
  dispose(): void {
    const v = this.#view;
    if (v.kind === 'waiting') this.#finishWaiting(v.keypad);
    this.#clearTimer();
  }

  #send(): void {
    const v = this.#view;
    if (v.kind !== 'sending') return;
    const same = () => this.#view.kind === 'sending' && this.#view.ticketId === v.ticketId;
    this.#deps.rate(v.ticketId, v.rating).then(
      ({ caseOpened }) => {
        if (same()) this.#set({ kind: 'rated', ticketId: v.ticketId, number: v.number, rating: v.rating, source: 'keypad', caseOpened });
      },
      (error: unknown) => {
        if (!same()) return;
        if (this.#deps.isUnreachable(error)) this.#set({ ...v, queued: true });
        else this.#set({ kind: 'failed', ticketId: v.ticketId, number: v.number, rating: v.rating, code: this.#deps.errorCode(error) });
      },
    );
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
    if (this.#timer !== null) this.#deps.clearTimer(this.#timer);
    this.#timer = null;
  }

  #set(view: RatingView): void {
    this.#view = view;
    this.#deps.onChange(view);
  }
}
