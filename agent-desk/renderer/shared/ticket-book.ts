import { ticketAfterEvent, type CounterView, type HubEvent, type Office, type OfficeSnapshot, type PreferentialClass, type Service, type Ticket } from '@turnero/protocol';

/**
 * The office as a desk sees it: services, counters and every live ticket (waiting, called,
 * serving), rebuilt from a snapshot and advanced by each event. Immutable: `applyEvent` returns a
 * new book when something changed and the same one otherwise.
 */
export interface TicketBook {
  office: Office;
  services: readonly Service[];
  counters: readonly CounterView[];
  preferentialClasses: readonly PreferentialClass[];
  recallLimit: number;
  /** Live tickets by id; done, no-show and cancelled ones leave the book. */
  tickets: ReadonlyMap<string, Ticket>;
}

export function bookFromSnapshot(snapshot: OfficeSnapshot): TicketBook {
  return {
    office: snapshot.office,
    services: snapshot.services,
    counters: snapshot.counters,
    preferentialClasses: snapshot.preferentialClasses,
    recallLimit: snapshot.recallLimit,
    tickets: new Map((snapshot.tickets ?? []).map((t) => [t.id, t])),
  };
}

/** Moves a ticket by an event with the hub's own transition (protocol `ticketAfterEvent`); an ended ticket leaves the book. Unknown tickets change nothing. */
function patchTicket(book: TicketBook, event: HubEvent & { ticketId: string }): TicketBook {
  const t = book.tickets.get(event.ticketId);
  const next = t ? ticketAfterEvent(t, event) : null;
  if (!next) return book;
  const tickets = new Map(book.tickets);
  if (next.status === 'done' || next.status === 'no_show' || next.status === 'cancelled') tickets.delete(next.id);
  else tickets.set(next.id, next);
  return { ...book, tickets };
}

function patchCounter(book: TicketBook, id: string, patch: Partial<CounterView>): TicketBook {
  if (!book.counters.some((c) => c.id === id)) return book;
  return { ...book, counters: book.counters.map((c) => (c.id === id ? { ...c, ...patch } : c)) };
}

/** The ticket left whatever counter had it as its current one. */
function clearCurrent(book: TicketBook, ticketId: string): TicketBook {
  if (!book.counters.some((c) => c.currentTicketId === ticketId)) return book;
  return { ...book, counters: book.counters.map((c) => (c.currentTicketId === ticketId ? { ...c, currentTicketId: null, currentNumber: null } : c)) };
}

function upsert<T extends { id: string }>(list: readonly T[], item: T): T[] {
  return list.some((x) => x.id === item.id) ? list.map((x) => (x.id === item.id ? item : x)) : [...list, item];
}

function applyConfigChange(book: TicketBook, change: Extract<HubEvent, { type: 'config_changed' }>['change']): TicketBook {
  switch (change.kind) {
    case 'service':
      return { ...book, services: upsert(book.services, change.service) };
    case 'counter': {
      const existing = book.counters.find((c) => c.id === change.counter.id);
      const view: CounterView = existing
        ? { ...existing, name: change.counter.name, serviceIds: change.counter.serviceIds }
        : { ...change.counter, state: 'closed', pauseReason: null, agentId: null, agentName: null, currentTicketId: null, currentNumber: null };
      return { ...book, counters: upsert(book.counters, view) };
    }
    case 'settings':
      return { ...book, recallLimit: change.settings.recallLimit, preferentialClasses: change.preferentialClasses };
    case 'group':
      return book;
  }
}

/** Advances the book by one hub event (the same transitions as the hub's office state). */
export function applyEvent(book: TicketBook, event: HubEvent): TicketBook {
  switch (event.type) {
    case 'ticket_issued': {
      const tickets = new Map(book.tickets);
      tickets.set(event.ticket.id, event.ticket);
      return { ...book, tickets };
    }
    case 'ticket_called': {
      const called = patchTicket(book, event);
      return patchCounter(called, event.counterId, { currentTicketId: event.ticketId, currentNumber: event.number });
    }
    case 'ticket_recalled':
      return patchTicket(book, event);
    case 'ticket_requeued':
      return clearCurrent(patchTicket(book, event), event.ticketId);
    case 'service_started':
      return patchTicket(book, event);
    case 'service_finished':
      return clearCurrent(patchTicket(book, event), event.ticketId);
    case 'ticket_no_show':
      return clearCurrent(patchTicket(book, event), event.ticketId);
    case 'ticket_transferred': {
      const moved = patchTicket(book, event);
      return clearCurrent(moved, event.ticketId);
    }
    case 'ticket_cancelled':
      return clearCurrent(patchTicket(book, event), event.ticketId);
    case 'print_reported':
      return patchTicket(book, event);
    case 'counter_opened':
      return patchCounter(book, event.counterId, { state: 'available', pauseReason: null, agentId: event.agentId, agentName: event.agentName });
    case 'counter_closed':
      return patchCounter(book, event.counterId, { state: 'closed', pauseReason: null, agentId: null, agentName: null, currentTicketId: null, currentNumber: null });
    case 'agent_status_changed':
      return patchCounter(book, event.counterId, { state: event.status, pauseReason: event.reason });
    case 'config_changed':
      // NOTE: the hub sends a fresh snapshot right after; applying the change too keeps the book right in between.
      return applyConfigChange(book, event.change);
    case 'ticket_rated':
    case 'callback_requested':
    case 'callback_updated':
    case 'case_opened':
    case 'case_updated':
    case 'device_paired':
    case 'device_revoked':
    case 'device_health':
      return book;
  }
}

/** The counter an agent holds, if any. */
export function counterOf(book: TicketBook, agentId: string): CounterView | null {
  return book.counters.find((c) => c.agentId === agentId) ?? null;
}

/** The ticket called or being served at a counter. */
export function currentTicketAt(book: TicketBook, counterId: string): Ticket | null {
  for (const t of book.tickets.values()) if (t.counterId === counterId && (t.status === 'called' || t.status === 'serving')) return t;
  return null;
}

export function serviceById(book: TicketBook, id: string): Service | null {
  return book.services.find((s) => s.id === id) ?? null;
}
