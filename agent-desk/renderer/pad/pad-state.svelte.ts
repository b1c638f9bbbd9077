import { isUnreachable, type HubEvent, type Lang, type OfficeSnapshot } from '@turnero/protocol';
import type { WebSocketLike } from '@turnero/protocol/client';
import { HubConnection, type TokenStore } from '@turnero/app-kit/renderer';
import { padEvent, padFromSnapshot, stopAsking, type PadModel } from './pad-flow.ts';

export interface PadOptions {
  url: string;
  /** The keypad station's device token ('turnero.pad.token'). */
  tokens: TokenStore;
  createSocket?: (url: string) => WebSocketLike;
  /** How long the buttons stay up without a tap. */
  timeoutMs?: number;
  /** How long "thank you" shows. */
  thanksMs?: number;
  /** The pad's language (its I18n): the customer's choice, back to Spanish for the next customer. */
  language: { lang: Lang };
}

export type PadPhase = 'idle' | 'asking' | 'thanks';

/**
 * The counter's on-screen rating pad: a tablet paired as the counter's keypad station. When a
 * ticket served at its counter finishes, it asks the customer for a 1–10 rating and sends it
 * (source 'screen'); it goes back to idle after the rating, a rating from the keypad, or a timeout.
 * Each customer starts in Spanish: the language a customer picked goes back once they are done.
 */
export class PadState {
  readonly connection: HubConnection;
  model = $state.raw<PadModel | null>(null);
  thanks = $state(false);
  sending = $state(false);
  /** The last tap could not be sent (offline); the buttons stay up. */
  failed = $state(false);
  readonly #timeoutMs: number;
  readonly #thanksMs: number;
  readonly #language: { lang: Lang };
  #askTimer: ReturnType<typeof setTimeout> | null = null;
  #thanksTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(opts: PadOptions) {
    this.#timeoutMs = opts.timeoutMs ?? 60_000;
    this.#thanksMs = opts.thanksMs ?? 5_000;
    this.#language = opts.language;
    this.connection = new HubConnection({
      url: opts.url,
      tokens: opts.tokens,
      kind: 'device',
      ...(opts.createSocket ? { createSocket: opts.createSocket } : {}),
      onSnapshot: (snapshot) => this.#snapshot(snapshot),
      onEvent: (event) => this.#event(event),
    });
  }

  get phase(): PadPhase {
    if (this.thanks) return 'thanks';
    return this.model?.asking ? 'asking' : 'idle';
  }

  /** Signed in as a keypad station of a counter (not some other device's token). */
  get isStation(): boolean {
    const p = this.connection.principal;
    return p === null || (p.role === 'keypad_station' && p.counterId !== null);
  }

  /** Connects; returns the function that stops (fit for `$effect`). */
  start(): () => void {
    void this.connection.start();
    return () => {
      this.connection.stop();
      this.#clear();
    };
  }

  /** The customer's tap. */
  async rate(rating: number): Promise<void> {
    const asking = this.model?.asking;
    if (!asking || this.sending) return;
    this.sending = true;
    this.failed = false;
    try {
      await this.connection.client.request('rate_ticket', { ticketId: asking.ticketId, rating, source: 'screen' });
      this.#done(true);
    } catch (error) {
      const unreachable = isUnreachable(error);
      // NOTE: any other refusal means this ticket cannot be rated any more (rated on the keypad, window closed).
      if (unreachable) this.failed = true;
      else this.#done(false);
    } finally {
      this.sending = false;
    }
  }

  #snapshot(snapshot: OfficeSnapshot): void {
    const counterId = this.connection.client.principal?.counterId;
    if (!counterId) return;
    this.#update(padFromSnapshot(snapshot, counterId, this.model));
  }

  #event(event: HubEvent): void {
    if (!this.model) return;
    const before = this.model.asking;
    this.#update(padEvent(this.model, event));
    if (before && !this.model.asking && event.type === 'ticket_rated') this.#showThanks();
  }

  #update(next: PadModel): void {
    const before = this.model?.asking?.ticketId;
    this.model = next;
    const after = next.asking?.ticketId;
    if (!after && this.#askTimer) {
      clearTimeout(this.#askTimer);
      this.#askTimer = null;
    }
    if (after && after !== before) {
      // NOTE: the question (or thanks) of the previous customer gives way to this one's without an idle pad between.
      if (before || this.thanks) this.#customerDone();
      this.thanks = false;
      if (this.#thanksTimer) clearTimeout(this.#thanksTimer);
      this.failed = false;
      if (this.#askTimer) clearTimeout(this.#askTimer);
      this.#askTimer = setTimeout(() => this.#done(false), this.#timeoutMs);
    }
  }

  #done(thank: boolean): void {
    if (this.#askTimer) clearTimeout(this.#askTimer);
    this.#askTimer = null;
    this.failed = false;
    if (this.model) this.model = stopAsking(this.model);
    if (thank) this.#showThanks();
    // NOTE: a refusal after a keypad rating's thanks: the thanks (still in the customer's language) ends it.
    else if (!this.thanks) this.#customerDone();
  }

  #showThanks(): void {
    this.thanks = true;
    if (this.#thanksTimer) clearTimeout(this.#thanksTimer);
    this.#thanksTimer = setTimeout(() => {
      this.thanks = false;
      this.#customerDone();
    }, this.#thanksMs);
  }

  /** The customer asked or thanked is done with the pad: the next one starts in Spanish. */
  #customerDone(): void {
    this.#language.lang = 'es';
  }

  #clear(): void {
    if (this.#askTimer) clearTimeout(this.#askTimer);
    if (this.#thanksTimer) clearTimeout(this.#thanksTimer);
  }
}
