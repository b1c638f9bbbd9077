import type { Ticket } from '@turnero/protocol';
import type { DeskI18n } from '../../shared/i18n.ts';
import type { TicketBook } from '../../shared/ticket-book.ts';
import { PendingAction } from './pending-action.svelte.ts';

/** A reason the supervisor picks with one tap, and whether a customer who left a phone is then called back. */
export interface VoidPreset {
  text: string;
  callback: boolean;
}

/**
 * The board's "Anular" dialog (SPEC T8): the ticket, a reason, and — when the customer left a
 * phone — whether they are called back (F6). Read against the live book: a ticket called or ended
 * meanwhile has nothing left to void.
 */
export class VoidDialog {
  #ticket = $state.raw<Ticket | null>(null);
  reason = $state('');
  /** Not for a duplicate or a customer served another way. */
  callback = $state(true);
  readonly action: PendingAction;

  constructor(
    private readonly book: () => TicketBook | null,
    private readonly send: (ticketId: string, reason: string, callback: boolean) => Promise<unknown>,
    i18n: () => DeskI18n,
  ) {
    this.action = new PendingAction(i18n);
  }

  get ticket(): Ticket | null {
    return this.#ticket;
  }

  open(ticket: Ticket): void {
    this.#ticket = ticket;
    this.reason = '';
    this.callback = true;
    this.action.clear();
  }

  /** A request already sent finishes in this dialog (its answer shown here), not in the next one. */
  close(): void {
    if (this.action.busy) return;
    this.#ticket = null;
    this.action.clear();
  }

  use(preset: VoidPreset): void {
    this.reason = preset.text;
    this.callback = preset.callback;
  }

  get stillWaiting(): boolean {
    const ticket = this.#ticket;
    return ticket !== null && this.book()?.tickets.get(ticket.id)?.status === 'waiting';
  }

  get canConfirm(): boolean {
    return this.stillWaiting && !this.action.busy && this.reason.trim() !== '';
  }

  async confirm(): Promise<void> {
    const ticket = this.#ticket;
    if (!ticket || !this.canConfirm) return;
    // A ticket without a phone is never called back, whatever the box says.
    if (await this.action.run(() => this.send(ticket.id, this.reason.trim(), ticket.phone ? this.callback : true))) this.#ticket = null;
  }
}
