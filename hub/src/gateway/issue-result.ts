import type { IssueResult, Ticket } from '@turnero/protocol';
import { openCountersFor, waitingFor, type OfficeState } from '../domain/office-state.ts';
import { estimateWaitMinutes, meanServiceMs } from '../domain/wait-estimate.ts';

/** What a kiosk shows and prints for a ticket it issued. */
export function issueResult(state: OfficeState, ticket: Ticket, statusToken: string): IssueResult {
  const service = state.services.get(ticket.serviceId);
  const ahead = Math.max(0, waitingFor(state, ticket.serviceId) - (ticket.status === 'waiting' ? 1 : 0));
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
