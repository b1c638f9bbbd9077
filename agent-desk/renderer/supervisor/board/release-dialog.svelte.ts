import type { CounterView, RequestPayload, Ticket } from '@turnero/protocol';
import type { DeskI18n } from '../../shared/i18n.ts';
import { currentTicketAt, type TicketBook } from '../../shared/ticket-book.ts';
import { PendingAction } from './pending-action.svelte.ts';

export type ReleaseRequest = RequestPayload<'release_counter'>;
type ServingChoice = ReleaseRequest['servingTicket'];

/**
 * The board's "Liberar" dialog (SPEC A8): the counter and the agent the supervisor saw there, and —
 * for a ticket being served — whether it was served, answered for that very ticket. What it shows is
 * read from the live book, so a counter that closes meanwhile takes the dialog with it, and a
 * holder or ticket that changed is said (the hub refuses a release made on what is no longer there).
 */
export class ReleaseDialog {
  #seen = $state.raw<{ counterId: string; agentId: string; agentName: string } | null>(null);
  #answer = $state.raw<{ ticketId: string; choice: ServingChoice } | null>(null);
  readonly action: PendingAction;

  constructor(
    private readonly book: () => TicketBook | null,
    private readonly send: (request: ReleaseRequest) => Promise<unknown>,
    i18n: () => DeskI18n,
  ) {
    this.action = new PendingAction(i18n);
  }

  open(counter: CounterView): void {
    if (counter.agentId === null) return;
    this.#seen = { counterId: counter.id, agentId: counter.agentId, agentName: counter.agentName ?? '' };
    this.#answer = null;
    this.action.clear();
  }

  /** A request already sent finishes in this dialog (its answer shown here), not in the next one. */
  close(): void {
    if (this.action.busy) return;
    this.#seen = null;
    this.action.clear();
  }

  /** The counter as the book shows it now; null when the dialog is shut or the counter was closed meanwhile (nothing left to release). */
  get counter(): CounterView | null {
    const seen = this.#seen;
    if (!seen) return null;
    const now = this.book()?.counters.find((c) => c.id === seen.counterId) ?? null;
    return now?.agentId != null || this.action.busy ? now : null;
  }

  /** The agent the supervisor saw there. */
  get agentName(): string {
    return this.#seen?.agentName ?? '';
  }

  /** Someone else holds it by now: the supervisor looks again rather than release them. */
  get holderChanged(): boolean {
    const agentId = this.counter?.agentId;
    return agentId != null && agentId !== this.#seen?.agentId;
  }

  /** The ticket at the counter now. */
  get ticket(): Ticket | null {
    const book = this.book();
    const counter = this.counter;
    return book && counter ? currentTicketAt(book, counter.id) : null;
  }

  /** The answer given for the ticket being served now (another ticket there by now: asked again). */
  get choice(): ServingChoice | null {
    return this.#answer !== null && this.#answer.ticketId === this.ticket?.id ? this.#answer.choice : null;
  }

  choose(choice: ServingChoice): void {
    const ticket = this.ticket;
    if (ticket) this.#answer = { ticketId: ticket.id, choice };
  }

  get canConfirm(): boolean {
    return this.counter !== null && !this.action.busy && !this.holderChanged && (this.ticket?.status !== 'serving' || this.choice !== null);
  }

  async confirm(): Promise<void> {
    const seen = this.#seen;
    if (!seen || !this.canConfirm) return;
    const request: ReleaseRequest = { counterId: seen.counterId, agentId: seen.agentId, ticketId: this.ticket?.id ?? null, servingTicket: this.choice ?? 'requeue' };
    if (await this.action.run(() => this.send(request))) this.#seen = null;
  }
}
