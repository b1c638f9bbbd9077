import { ErrorCode, HubError, type CustomerHistory, type Ticket } from '@turnero/protocol';

export type HistoryEntry =
  | { ticketId: string; accountNumber: string; status: 'loading' }
  | { ticketId: string; accountNumber: string; status: 'ready'; history: CustomerHistory }
  | { ticketId: string; accountNumber: string; status: 'error'; code: string };

/** The recent visits and open callbacks of the customer at the counter (when they gave an account number). */
export class CustomerHistoryState {
  entry = $state.raw<HistoryEntry | null>(null);
  readonly #load: (accountNumber: string) => Promise<CustomerHistory>;

  constructor(load: (accountNumber: string) => Promise<CustomerHistory>) {
    this.#load = load;
  }

  /** Shows the history for the ticket at the counter; loads once per ticket. */
  show(ticket: Ticket | null): void {
    if (!ticket || ticket.accountNumber === null) {
      this.entry = null;
      return;
    }
    const { id: ticketId, accountNumber } = ticket;
    if (this.entry?.ticketId === ticketId && this.entry.status !== 'error') return;
    this.entry = { ticketId, accountNumber, status: 'loading' };
    this.#load(accountNumber).then(
      (history) => {
        if (this.entry?.ticketId === ticketId) this.entry = { ticketId, accountNumber, status: 'ready', history };
      },
      (error: unknown) => {
        if (this.entry?.ticketId === ticketId) this.entry = { ticketId, accountNumber, status: 'error', code: error instanceof HubError ? error.code : ErrorCode.INTERNAL };
      },
    );
  }
}
