import type { HubEvent, OfficeSnapshot } from '@turnero/protocol';

interface TicketRef {
  ticketId: string;
  number: string;
}

/**
 * What the counter's on-screen pad knows: the ticket at its counter, and the one it should ask
 * the customer to rate (finished there, not rated yet).
 */
export interface PadModel {
  counterId: string;
  counterName: string;
  current: TicketRef | null;
  asking: TicketRef | null;
}

export function padFromSnapshot(snapshot: OfficeSnapshot, counterId: string, previous: PadModel | null): PadModel {
  const counter = snapshot.counters.find((c) => c.id === counterId);
  const current = counter?.currentTicketId && counter.currentNumber ? { ticketId: counter.currentTicketId, number: counter.currentNumber } : null;
  return { counterId, counterName: counter?.name ?? counterId, current, asking: previous?.asking ?? null };
}

/**
 * Advances the pad by one event of its audience (calls, service started/finished, ratings, counter
 * changes). A finish of the ticket at this counter starts asking; a rating of it (from here or
 * from the keypad) stops.
 */
export function padEvent(model: PadModel, event: HubEvent): PadModel {
  switch (event.type) {
    case 'ticket_called':
    case 'ticket_recalled':
      if (event.counterId === model.counterId) return { ...model, current: { ticketId: event.ticketId, number: event.number } };
      return model.current?.ticketId === event.ticketId ? { ...model, current: null } : model;
    case 'service_finished':
      if (model.current?.ticketId !== event.ticketId) return model;
      // Finished by a supervisor releasing the counter (SPEC A8): the customer left long ago, nobody to ask.
      return { ...model, current: null, asking: event.releasedBy === undefined ? model.current : model.asking };
    case 'ticket_requeued':
    case 'ticket_no_show':
    case 'ticket_transferred':
    case 'ticket_cancelled':
      return model.current?.ticketId === event.ticketId ? { ...model, current: null } : model;
    case 'ticket_rated':
      return model.asking?.ticketId === event.ticketId ? { ...model, asking: null } : model;
    case 'counter_closed':
      return event.counterId === model.counterId ? { ...model, current: null } : model;
    case 'config_changed':
      if (event.change.kind === 'counter' && event.change.counter.id === model.counterId) return { ...model, counterName: event.change.counter.name };
      return model;
    case 'ticket_issued':
    case 'service_started':
    case 'print_reported':
    case 'callback_requested':
    case 'callback_updated':
    case 'case_opened':
    case 'case_updated':
    case 'counter_opened':
    case 'agent_status_changed':
    case 'device_paired':
    case 'device_revoked':
    case 'device_health':
      return model;
  }
}

/** The pad stops asking (rated here, timed out, or the customer left). */
export function stopAsking(model: PadModel): PadModel {
  return model.asking ? { ...model, asking: null } : model;
}
