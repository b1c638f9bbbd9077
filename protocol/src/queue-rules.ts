import type { Ticket } from './entities.ts';

/**
 * Whether a counter may call `ticket` (SPEC C1, C7): a waiting ticket transferred to this counter, or
 * an untargeted one of a service the counter serves. A ticket sent to another counter waits for that
 * counter only: its customer was told where to go. One rule for the hub's pick and manual call and
 * for the desk's waiting list.
 */
export function waitsForCounter(ticket: Pick<Ticket, 'status' | 'targetCounterId' | 'serviceId'>, counter: { id: string; serviceIds: readonly string[] }): boolean {
  if (ticket.status !== 'waiting') return false;
  if (ticket.targetCounterId !== null) return ticket.targetCounterId === counter.id;
  return counter.serviceIds.includes(ticket.serviceId);
}
