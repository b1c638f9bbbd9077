import { type CounterView, type HubEvent, type PauseReason, type RequestPayload, type RequestType, type ResponseData, type Ticket } from '@turnero/protocol';
import { counterOf, currentTicketAt, type TicketBook } from '../shared/ticket-book.ts';
import { deskError, type DeskError } from '../shared/error-text.ts';
import { canCallTicket, isLegal, type DeskAction, type DeskSituation } from './ticket-actions.ts';

/** What the desk needs from the session: the live office, the link state, and requests as this agent. */
export interface DeskPort {
  readonly book: TicketBook | null;
  readonly online: boolean;
  readonly agentId: string;
  request<T extends RequestType>(type: T, payload: RequestPayload<T>): Promise<ResponseData[T]>;
  /** Resolves when the book shows what a reply said (its events have arrived), or after a short while. */
  settled(done: (book: TicketBook) => boolean): Promise<void>;
}

/** Something to tell the agent: a refusal (its code, and why when the hub said) or the outcome of an action. */
export type DeskNotice =
  | (DeskError & { kind: 'error'; counter?: string; holder?: string })
  | { kind: 'recalled'; number: string; recalls: number; limit: number }
  | { kind: 'no_show_limit'; number: string; limit: number }
  | { kind: 'transferred'; number: string; target: string }
  | { kind: 'released'; counter: string };
export type DeskErrorNotice = Extract<DeskNotice, { kind: 'error' }>;

export interface DeskHooks {
  /** A ticket was finished here (start the rating). */
  finished(ticket: Ticket, counterId: string): void;
  /** A ticket left this counter (finished, no-show, transferred): refresh the day's figures. */
  ended(): void;
}

type TicketRequest = 'call_next' | 'call_ticket' | 'recall' | 'requeue' | 'start_service' | 'finish_service' | 'mark_no_show' | 'transfer';

/** Does the book show the ticket as the hub answered it? Ended tickets have left it. */
function reflects(book: TicketBook, ticket: Ticket): boolean {
  const mine = book.tickets.get(ticket.id);
  if (ticket.status === 'done' || ticket.status === 'no_show' || ticket.status === 'cancelled') return mine === undefined;
  return mine !== undefined && mine.status === ticket.status && mine.counterId === ticket.counterId && mine.recalls === ticket.recalls && mine.serviceId === ticket.serviceId;
}

export type TransferTarget = { kind: 'service'; serviceId: string } | { kind: 'counter'; counterId: string };

/**
 * The agent at their counter: which counter, which ticket, which actions are legal, and each
 * action sent to the hub with its refusal shown plainly. The hub decides; this only asks.
 */
export class DeskState {
  busy = $state(false);
  notice = $state.raw<DeskNotice | null>(null);
  readonly #port: DeskPort;
  readonly #hooks: DeskHooks;

  readonly counter: CounterView | null = $derived.by(() => {
    const book = this.#port.book;
    return book ? counterOf(book, this.#port.agentId) : null;
  });

  readonly current: Ticket | null = $derived.by(() => {
    const book = this.#port.book;
    const counter = this.counter;
    return book && counter ? currentTicketAt(book, counter.id) : null;
  });

  readonly situation: DeskSituation = $derived.by(() => ({
    online: this.#port.online,
    busy: this.busy,
    hasCounter: this.counter !== null,
    paused: this.counter?.state === 'paused',
    current: this.current?.status ?? null,
  }));

  constructor(port: DeskPort, hooks: DeskHooks) {
    this.#port = port;
    this.#hooks = hooks;
  }

  can(action: DeskAction): boolean {
    return isLegal(action, this.situation);
  }

  get canCallTicket(): boolean {
    return canCallTicket(this.situation);
  }

  openCounter(counterId: string): Promise<boolean> {
    const opened = (book: TicketBook) => counterOf(book, this.#port.agentId)?.id === counterId;
    return this.#run(() => this.#ask('open_counter', { counterId }, opened), (error) => {
      const held = this.#port.book?.counters.find((c) => c.id === counterId);
      return { kind: 'error', ...error, counter: held?.name ?? counterId, holder: held?.agentName ?? '' };
    });
  }

  closeCounter(): Promise<boolean> {
    return this.#run(() => this.#ask('close_counter', {}, (book) => counterOf(book, this.#port.agentId) === null));
  }

  setAvailable(): Promise<boolean> {
    return this.#run(() => this.#ask('set_agent_status', { status: 'available', reason: null }, (book) => counterOf(book, this.#port.agentId)?.state === 'available'));
  }

  pause(reason: PauseReason): Promise<boolean> {
    return this.#run(() => this.#ask('set_agent_status', { status: 'paused', reason }, (book) => counterOf(book, this.#port.agentId)?.pauseReason === reason));
  }

  /** Runs one of the big actions (the transfer has its own dialog). */
  act(action: Exclude<DeskAction, 'transfer'>): Promise<boolean> {
    if (!this.can(action)) return Promise.resolve(false);
    if (action === 'call_next') return this.#run(() => this.#quiet('call_next', {}));
    const ticket = this.current;
    if (!ticket) return Promise.resolve(false);
    const ticketId = ticket.id;
    switch (action) {
      case 'recall':
        return this.#run(async () => {
          const after = await this.#ticketAction('recall', { ticketId });
          const limit = this.#port.book?.recallLimit ?? 0;
          if (after.status !== 'no_show') return { kind: 'recalled', number: after.number, recalls: after.recalls, limit };
          this.#hooks.ended();
          return { kind: 'no_show_limit', number: after.number, limit };
        });
      case 'start':
        return this.#run(() => this.#quiet('start_service', { ticketId }));
      case 'finish':
        return this.#run(async () => {
          const done = await this.#ticketAction('finish_service', { ticketId });
          this.#hooks.finished(done, ticket.counterId ?? '');
          this.#hooks.ended();
        });
      case 'no_show':
        return this.#run(async () => {
          await this.#quiet('mark_no_show', { ticketId });
          this.#hooks.ended();
        });
      case 'requeue':
        return this.#run(() => this.#quiet('requeue', { ticketId }));
    }
  }

  /** Calls a specific waiting ticket out of order; the reason is recorded (SPEC C7). */
  callTicket(ticketId: string, reason: string): Promise<boolean> {
    if (!this.canCallTicket) return Promise.resolve(false);
    return this.#run(() => this.#quiet('call_ticket', { ticketId, reason }));
  }

  /** Sends the ticket being served to another service or counter, with a note; it keeps its arrival time (SPEC T7). */
  transfer(target: TransferTarget, note: string, targetName: string): Promise<boolean> {
    const ticket = this.current;
    if (!ticket || !this.can('transfer')) return Promise.resolve(false);
    return this.#run(async () => {
      await this.#quiet('transfer', {
        ticketId: ticket.id,
        toServiceId: target.kind === 'service' ? target.serviceId : null,
        toCounterId: target.kind === 'counter' ? target.counterId : null,
        note: note.trim(),
      });
      this.#hooks.ended();
      return { kind: 'transferred', number: ticket.number, target: targetName };
    });
  }

  dismissNotice(): void {
    this.notice = null;
  }

  /** A supervisor released a counter this agent held (SPEC A8): the desk goes back to choosing one, and says why. */
  onEvent(event: HubEvent): void {
    if (event.type !== 'counter_closed' || event.releasedBy === undefined || event.agentId !== this.#port.agentId) return;
    const name = this.#port.book?.counters.find((c) => c.id === event.counterId)?.name ?? event.counterId;
    this.notice = { kind: 'released', counter: name };
    this.#hooks.ended();
  }

  /**
   * One request at a time: `busy` while it is out, then its notice (an outcome, or the refusal:
   * its code and reason). Resolves true when the hub accepted it.
   */
  async #run(fn: () => Promise<DeskNotice | void>, onError: (error: DeskError) => DeskNotice = (error) => ({ kind: 'error', ...error })): Promise<boolean> {
    if (this.busy) return false;
    this.busy = true;
    this.notice = null;
    try {
      this.notice = (await fn()) ?? null;
      return true;
    } catch (error) {
      this.notice = onError(deskError(error));
      return false;
    } finally {
      this.busy = false;
    }
  }

  /** A counter request, done once the book shows its effect. */
  async #ask<T extends RequestType>(type: T, payload: RequestPayload<T>, done: (book: TicketBook) => boolean): Promise<void> {
    await this.#port.request(type, payload);
    await this.#port.settled(done);
  }

  /** A ticket request; resolves with the hub's ticket once the book shows it. */
  async #ticketAction<T extends TicketRequest>(type: T, payload: RequestPayload<T>): Promise<Ticket> {
    const { ticket } = (await this.#port.request(type, payload)) as { ticket: Ticket };
    await this.#port.settled((book) => reflects(book, ticket));
    return ticket;
  }

  /** A ticket request whose answer the desk only waits for. */
  async #quiet<T extends TicketRequest>(type: T, payload: RequestPayload<T>): Promise<void> {
    await this.#ticketAction(type, payload);
  }
}

