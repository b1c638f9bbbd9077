import type { EventOf, RecentCall } from '@turnero/protocol';

/** A ticket called (or called again) to a counter, as the hall sees it. */
export interface Call {
  ticketId: string;
  number: string;
  serviceId: string;
  counterId: string;
  counterName: string;
  /** Hub time of the call. */
  at: number;
  recall: boolean;
}

/** One call is one (ticket, moment): a recall of the same ticket is a new call; a replay of the same event is not. */
export function callKey(call: Pick<Call, 'ticketId' | 'at'>): string {
  return `${call.ticketId}@${call.at}`;
}

/** The call a `ticket_called` or `ticket_recalled` event announces. */
export function callFromEvent(event: EventOf<'ticket_called'> | EventOf<'ticket_recalled'>): Call {
  const { ticketId, number, serviceId, counterId, counterName, at } = event;
  return { ticketId, number, serviceId, counterId, counterName, at, recall: event.type === 'ticket_recalled' };
}

/** A call from a snapshot's `recentCalls`. */
export function callFromRecent(recent: RecentCall): Call {
  const { ticketId, number, serviceId, counterId, counterName, at, recall } = recent;
  return { ticketId, number, serviceId, counterId, counterName, at, recall };
}
