import { untrack } from 'svelte';
import type { DeskKeypadApi } from '../../shared/keypad-api.ts';
import type { DeskSession } from '../shared/desk-session.svelte.ts';
import { Ticker } from '../shared/ticker.svelte.ts';
import { CustomerHistoryState } from './customer-history.svelte.ts';
import { DeskState, type DeskPort } from './desk-state.svelte.ts';
import { heldRatingsOf } from './held-ratings.ts';
import { KeypadLink } from './keypad-link.svelte.ts';
import { MyDayState } from './my-day.svelte.ts';
import { RatingState } from './rating.svelte.ts';

export interface AgentDeskDeps {
  session: DeskSession;
  /** The counter keypad from the Electron preload; null in a plain browser. */
  keypadApi: DeskKeypadApi | null;
  ratingTimeoutMs?: number;
  /** This device's storage (ratings given while the hub is unreachable wait there); null: memory only. */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
}

/** Everything the agent view shows, built from the session and wired together. */
export class AgentDesk {
  readonly session: DeskSession;
  readonly desk: DeskState;
  readonly keypad: KeypadLink;
  readonly rating: RatingState;
  readonly history: CustomerHistoryState;
  readonly myDay: MyDayState;
  readonly ticker = new Ticker();

  constructor(deps: AgentDeskDeps) {
    const session = deps.session;
    this.session = session;
    const port: DeskPort = {
      get book() {
        return session.office.book;
      },
      get online() {
        return session.online;
      },
      get agentId() {
        return session.principal?.id ?? '';
      },
      request: (type, payload) => session.request(type, payload),
      settled: (done) => session.office.settled(done),
    };
    this.keypad = new KeypadLink(deps.keypadApi);
    this.rating = new RatingState({
      rate: async (ticketId, rating) => ({ caseOpened: (await session.request('rate_ticket', { ticketId, rating, source: 'keypad' })).case !== null }),
      keypad: this.keypad,
      ...(deps.ratingTimeoutMs ? { timeoutMs: deps.ratingTimeoutMs } : {}),
      // NOTE: kept per agent: the hub takes a keypad rating from the agent who served the ticket.
      held: heldRatingsOf(deps.storage, session.principal),
    });
    this.history = new CustomerHistoryState((accountNumber) => session.request('customer_history', { accountNumber }));
    this.myDay = new MyDayState(() => session.request('my_day', {}));
    this.desk = new DeskState(port, {
      finished: (ticket, counterId) => this.rating.begin(ticket, counterId),
      ended: () => void this.myDay.refresh(),
    });
  }

  /** The hub's time now (for live timers). */
  get serverNow(): number {
    return this.session.office.clock.toServer(this.ticker.now);
  }

  /** Starts the timers, the keypad and the live reactions; returns the function that stops them all. */
  start(): () => void {
    const stops = [
      this.ticker.start(),
      // NOTE: only the keypad of the counter whose ticket is being rated counts (also once this desk closed it).
      this.keypad.start((press) => {
        if (this.keypad.usableAt(this.rating.counterId)) this.rating.press(press);
      }),
      this.session.office.onEvent((event, before) => {
        // A finish whose reply was lost (the link dropped, the hub restarted): its event still asks for the rating.
        if (event.type === 'service_finished' && event.releasedBy === undefined) {
          const ticket = before?.tickets.get(event.ticketId);
          if (ticket && ticket.agentId === this.session.principal?.id && ticket.counterId) this.rating.begin(ticket, ticket.counterId);
        }
        this.rating.onEvent(event);
        this.desk.onEvent(event);
      }),
      () => this.rating.dispose(),
      $effect.root(() => {
        $effect(() => {
          const ticket = this.desk.current;
          untrack(() => this.history.show(ticket));
        });
        $effect(() => {
          const counterId = this.desk.counter?.id;
          if (counterId && this.session.online) untrack(() => void this.myDay.refresh());
        });
        $effect(() => {
          if (this.session.online) untrack(() => this.rating.reconnected());
        });
        $effect(() => {
          // A new rating moves the day's mean.
          if (this.rating.view.kind === 'rated') untrack(() => void this.myDay.refresh());
        });
      }),
    ];
    return () => {
      for (const stop of stops) stop();
    };
  }
}
