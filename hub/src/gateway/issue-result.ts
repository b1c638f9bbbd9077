import type { IssueResult, Ticket } from '@turnero/protocol';
import { openCountersFor, waitingFor, type OfficeState } from '../domain/office-state.ts';
import { positionOf } from '../domain/ticket-status.ts';
import { estimateWaitMinutes, meanServiceMs } from '../domain/wait-estimate.ts';

/**
 * What a kiosk shows and prints for a ticket it issued. `justIssued`: the newest of its queue, so
 * everyone else waiting is ahead (counted at once); later (a reprint, a retry's answer) only those
 * who will be called before it — not the people who came after.
 */
export function issueResult(state: OfficeState, ticket: Ticket, statusToken: string, justIssued = false): IssueResult {
  const service = state.services.get(ticket.serviceId);
  const ahead = ticket.status !== 'waiting' ? 0 : justIssued ? Math.max(0, waitingFor(state, ticket.serviceId) - 1) : positionOf(state, ticket);
  const mean = meanServiceMs(state.serviceSamples.get(ticket.serviceId) ?? [], service?.defaultServiceMinutes ?? 5);
  return {
    ticket,
    peopleAhead: ahead,
    estimatedWaitMinutes: estimateWaitMinutes(ahead, mean, openCountersFor(state, ticket.serviceId)),
    statusUrl: `${state.office.publicBaseUrl}/t/${statusToken}`,
    serviceName: service?.name ?? { es: ticket.serviceId, en: ticket.serviceId },
    officeName: state.office.name,
    timeZone: state.office.timeZone,
  };
}
