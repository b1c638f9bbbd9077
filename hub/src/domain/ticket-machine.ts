import { ErrorCode, HubError, type TicketStatus } from '@turnero/protocol';

/** Every ticket action, the states it may start from and the state it leads to (SPEC T1–T8). */
export const transitions = {
  call: { from: ['waiting'], to: 'called' },
  recall: { from: ['called'], to: 'called' },
  requeue: { from: ['called'], to: 'waiting' },
  start: { from: ['called'], to: 'serving' },
  finish: { from: ['serving'], to: 'done' },
  no_show: { from: ['called'], to: 'no_show' },
  transfer: { from: ['serving'], to: 'waiting' },
  cancel: { from: ['waiting'], to: 'cancelled' },
} as const satisfies Record<string, { from: readonly TicketStatus[]; to: TicketStatus }>;

export type TicketAction = keyof typeof transitions;

export const TERMINAL: readonly TicketStatus[] = ['done', 'no_show', 'cancelled'];

export function canTransition(status: TicketStatus, action: TicketAction): boolean {
  return (transitions[action].from as readonly TicketStatus[]).includes(status);
}

/** Throws INVALID_TRANSITION unless `action` is legal from `status`; returns the next state. */
export function nextStatus(status: TicketStatus, action: TicketAction): TicketStatus {
  if (!canTransition(status, action)) {
    throw new HubError(ErrorCode.INVALID_TRANSITION, `cannot ${action.replace('_', '-')} a ticket that is ${status}`, { status, action });
  }
  return transitions[action].to;
}
