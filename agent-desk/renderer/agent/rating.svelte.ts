import { ErrorCode, HubError, isUnreachable, type HubEvent } from '@turnero/protocol';
import { realTimers } from '@turnero/app-kit/renderer';
import type { KeypadPress } from '../../shared/keypad-signal.ts';
import type { HeldRatingStore } from './held-ratings.ts';
import type { KeypadLink } from './keypad-link.svelte.ts';
import { RatingFlow, type RatingView } from './rating-flow.ts';

/** How long the customer has to rate on the keypad before the desk shows "sin calificación". */
export const RATING_TIMEOUT_MS = 60_000;

export interface RatingStateDeps {
  rate(ticketId: string, rating: number): Promise<{ caseOpened: boolean }>;
  keypad: KeypadLink;
  timeoutMs?: number;
  /** Where given ratings wait for the hub across a reload or restart of the desk. */
  held?: HeldRatingStore;
}

/** The rating panel's state: the rating flow, made reactive, fed by the keypad and the hub's events. */
export class RatingState {
  view = $state.raw<RatingView>({ kind: 'idle' });
  readonly #flow: RatingFlow;
  readonly #keypad: KeypadLink;
  #counterId: string | null = null;

  constructor(deps: RatingStateDeps) {
    this.#keypad = deps.keypad;
    this.#flow = new RatingFlow({
      rate: deps.rate,
      lamp: { on: () => deps.keypad.prompt(), off: () => deps.keypad.stop() },
      timeoutMs: deps.timeoutMs ?? RATING_TIMEOUT_MS,
      now: Date.now,
      timers: realTimers,
      isUnreachable,
      errorCode: (e) => (e instanceof HubError ? e.code : ErrorCode.INTERNAL),
      onChange: (view) => (this.view = view),
      ...(deps.held ? { held: deps.held } : {}),
    });
  }

  /** A ticket was finished at `counterId`: ask for its rating, on the keypad when it belongs to that counter. */
  begin(ticket: { id: string; number: string }, counterId: string): void {
    // Asked again for the same ticket (its finish reply, then its event), the flow changes nothing; the counter is the same.
    this.#counterId = counterId;
    this.#flow.begin({ ticketId: ticket.id, number: ticket.number }, this.#keypad.usableAt(counterId));
  }

  /** The counter whose finished ticket is being rated (its keypad's keys count, also once this desk has left it). */
  get counterId(): string | null {
    return this.#counterId;
  }

  press(press: KeypadPress): void {
    this.#flow.press(press);
  }

  /** Feeds the hub's events (a rating from the on-screen pad). */
  onEvent(event: HubEvent): void {
    if (event.type === 'ticket_rated') this.#flow.rated(event.ticketId, event.rating, event.source);
  }

  reconnected(): void {
    this.#flow.reconnected();
  }

  dispose(): void {
    this.#flow.dispose();
  }
}
