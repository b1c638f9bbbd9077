import type { HubEvent, OfficeSnapshot } from '@turnero/protocol';
import { HubClock } from '@turnero/app-kit/renderer';
import { applyEvent, bookFromSnapshot, type TicketBook } from './ticket-book.ts';

/** The office kept live from the hub's snapshot and events, for every view of the desk. */
export class LiveOffice {
  book = $state.raw<TicketBook | null>(null);
  readonly clock: HubClock;
  readonly #listeners = new Set<(event: HubEvent, before: TicketBook | null) => void>();
  readonly #snapshotListeners = new Set<() => void>();

  constructor(clock: HubClock = new HubClock()) {
    this.clock = clock;
  }

  applySnapshot(snapshot: OfficeSnapshot): void {
    this.book = bookFromSnapshot(snapshot);
    for (const listener of this.#snapshotListeners) listener();
  }

  applyEvent(event: HubEvent): void {
    this.clock.observe(event.at);
    const before = this.book;
    if (this.book) this.book = applyEvent(this.book, event);
    for (const listener of this.#listeners) listener(event, before);
  }

  /**
   * Resolves once the book satisfies `done` (checked now and after each event), or after `ms`.
   * NOTE: the hub answers a request before it broadcasts the events of that request, so the desk
   * waits for them before it lets the agent act on what they change.
   */
  settled(done: (book: TicketBook) => boolean, ms = 2000): Promise<void> {
    if (this.book && done(this.book)) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        off();
        resolve();
      };
      const timer = setTimeout(finish, ms);
      const off = this.onEvent(() => {
        if (this.book && done(this.book)) finish();
      });
    });
  }

  /**
   * Every fresh snapshot (a reconnect the hub could not resume, a configuration change): what is
   * kept beside the book from its own lists must be read again. Returns a function that stops listening.
   */
  onSnapshot(listener: () => void): () => void {
    this.#snapshotListeners.add(listener);
    return () => void this.#snapshotListeners.delete(listener);
  }

  /** Every event after it is applied, with the book as it was before it; returns a function that stops listening. */
  onEvent(listener: (event: HubEvent, before: TicketBook | null) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }
}
