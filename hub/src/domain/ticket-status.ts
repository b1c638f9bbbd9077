import type { LocalizedName, Ticket } from '@turnero/protocol';
import { openCountersFor, type OfficeState } from './office-state.ts';
import { estimateWaitMinutes, meanServiceMs } from './wait-estimate.ts';

/** What a customer's phone shows for their ticket (the QR's live page). No personal data. */
export interface TicketStatusView {
  number: string;
  officeName: string;
  serviceName: LocalizedName;
  status: Ticket['status'];
  /** People before this ticket in its queue (waiting only). */
  position: number | null;
  estimatedWaitMinutes: number | null;
  /** Where to go, once called. */
  counterName: string | null;
  calledAt: number | null;
  recalls: number;
  /** Done and open to a rating; false for one finished by a supervisor releasing its counter (SPEC A8): nobody to ask. */
  rateable: boolean;
}

/** People waiting in the same queue who arrived first (SPEC W4). */
export function positionOf(state: OfficeState, ticket: Ticket): number {
  let ahead = 0;
  for (const t of state.active.values()) {
    if (t.status !== 'waiting' || t.id === ticket.id) continue;
    const sameQueue = ticket.targetCounterId !== null ? t.targetCounterId === ticket.targetCounterId : t.serviceId === ticket.serviceId && t.targetCounterId === null;
    if (sameQueue && (t.arrivedAt < ticket.arrivedAt || (t.arrivedAt === ticket.arrivedAt && t.id < ticket.id))) ahead++;
  }
  return ahead;
}

export function ticketStatusView(state: OfficeState, stored: Ticket): TicketStatusView {
  const ticket = state.active.get(stored.id) ?? stored;
  const service = state.services.get(ticket.serviceId);
  const waiting = ticket.status === 'waiting';
  const position = waiting ? positionOf(state, ticket) : null;
  const mean = meanServiceMs(state.serviceSamples.get(ticket.serviceId) ?? [], service?.defaultServiceMinutes ?? 5);
  return {
    number: ticket.number,
    officeName: state.office.name,
    serviceName: service?.name ?? { es: ticket.serviceId, en: ticket.serviceId },
    status: ticket.status,
    position,
    estimatedWaitMinutes: position === null ? null : estimateWaitMinutes(position, mean, openCountersFor(state, ticket.serviceId)),
    counterName: ticket.counterId ? (state.counters.get(ticket.counterId)?.name ?? null) : null,
    calledAt: ticket.calledAt,
    recalls: ticket.recalls,
    rateable: ticket.status === 'done' && ticket.endedAt !== null,
  };
}
