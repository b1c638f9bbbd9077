import type { Ticket } from '@turnero/protocol';
import type { TicketBook } from '../shared/ticket-book.ts';
import type { DeskErrorNotice, DeskNotice } from './desk-state.svelte.ts';

type Opened = { kind: 'transfer'; ticketId: string; startedAt: number | null } | { kind: 'call'; ticketId: string; calledAt: number | null };

/** What the agent view's dialogs read: the live book, the ticket at this desk's counter, whether it holds one. */
export interface DeskDialogSource {
  book(): TicketBook | null;
  current(): Ticket | null;
  hasCounter(): boolean;
  /** The desk's last notice (a refusal shows in the dialog when it answers the dialog's own request). */
  notice(): DeskNotice | null;
}

/**
 * The agent view's one dialog (transfer, or call a waiting ticket out of order), read against the
 * live book: it shows only while the ticket it was opened for is still as the agent saw it (being
 * served here; waiting, not called since). A ticket that changed meanwhile (a supervisor released the
 * counter, another desk called it) takes the dialog with it, and the action bar's shortcuts come back.
 * It opens clean: the only refusal it shows is one of its own request.
 */
export class DeskDialog {
  #opened = $state.raw<Opened | null>(null);
  /** The desk's notice when the dialog opened: an earlier attempt's (a refused pause, a transfer refused and cancelled), not this dialog's. */
  #before: DeskNotice | null = null;
  readonly #source: DeskDialogSource;

  constructor(source: DeskDialogSource) {
    this.#source = source;
  }

  /** Opens the transfer of the ticket being served here (nothing when none is). */
  openTransfer(): void {
    const ticket = this.#source.current();
    if (ticket?.status === 'serving') this.#open({ kind: 'transfer', ticketId: ticket.id, startedAt: ticket.startedAt });
  }

  openCall(ticket: Ticket): void {
    if (ticket.status === 'waiting') this.#open({ kind: 'call', ticketId: ticket.id, calledAt: ticket.calledAt });
  }

  close(): void {
    this.#opened = null;
  }

  /** The ticket being transferred, while this desk still serves that very service of it. */
  get transfer(): Ticket | null {
    const opened = this.#opened;
    const current = this.#source.current();
    if (opened?.kind !== 'transfer' || !current) return null;
    return current.id === opened.ticketId && current.status === 'serving' && current.startedAt === opened.startedAt ? current : null;
  }

  /** The waiting ticket to call out of order, while it still waits, uncalled since, and this desk holds a counter. */
  get call(): Ticket | null {
    const opened = this.#opened;
    if (opened?.kind !== 'call' || !this.#source.hasCounter()) return null;
    const ticket = this.#source.book()?.tickets.get(opened.ticketId);
    return ticket?.status === 'waiting' && ticket.calledAt === opened.calledAt ? ticket : null;
  }

  /** The refusal to show in the dialog: only one that came after it opened (it opens clean). */
  get error(): DeskErrorNotice | null {
    const notice = this.#source.notice();
    return notice?.kind === 'error' && notice !== this.#before ? notice : null;
  }

  /** A dialog shows: the shortcuts belong to it. */
  get blocking(): boolean {
    return this.transfer !== null || this.call !== null;
  }

  #open(opened: Opened): void {
    // NOTE: the notice is kept by identity ($state.raw): every request the desk runs sets a new one.
    this.#before = this.#source.notice();
    this.#opened = opened;
  }
}
