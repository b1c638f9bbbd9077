import type { HubEventType, Principal } from '@turnero/protocol';

/** Who a subscriber is, for what it may see. */
export type Audience = 'kiosk' | 'display' | 'keypad_station' | 'agent' | 'supervisor';

export function audienceOf(p: Principal): Audience {
  switch (p.role) {
    case 'kiosk':
    case 'display':
    case 'keypad_station':
    case 'agent':
      return p.role;
    case 'supervisor':
    case 'admin':
      return 'supervisor';
  }
}

/**
 * What a hall display follows: the calls, and a call taken back before it was served (requeued:
 * only the ticket's id), which leaves the screen. A no-show's call stays on it: nothing to send.
 */
const calls: HubEventType[] = ['ticket_called', 'ticket_recalled', 'ticket_requeued', 'counter_opened', 'counter_closed', 'agent_status_changed'];
const ticketFlow: HubEventType[] = [
  'ticket_issued',
  'ticket_called',
  'ticket_recalled',
  'ticket_requeued',
  'service_started',
  'service_finished',
  'ticket_no_show',
  'ticket_transferred',
  'ticket_cancelled',
  'ticket_rated',
  'print_reported',
  'counter_opened',
  'counter_closed',
  'agent_status_changed',
];

/** The event types each audience receives live (SPEC P5); kiosks live on coalesced stats. */
export const visibleEvents: Record<Audience, ReadonlySet<HubEventType>> = {
  kiosk: new Set(),
  display: new Set(calls),
  // A counter's keypad station also follows the ticket at its counter to its end (a no-show: id and reason).
  keypad_station: new Set([...calls, 'ticket_no_show', 'service_started', 'service_finished', 'ticket_rated']),
  agent: new Set([...ticketFlow, 'callback_requested', 'callback_updated']),
  supervisor: new Set([...ticketFlow, 'callback_requested', 'callback_updated', 'case_opened', 'case_updated', 'device_paired', 'device_revoked', 'device_health']),
};

export const AUDIENCES: readonly Audience[] = ['kiosk', 'display', 'keypad_station', 'agent', 'supervisor'];
