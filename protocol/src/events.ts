import { z } from 'zod';
import { Callback, Counter, Device, DeviceHealth, Id, OfficeSettings, PreferentialClass, RecoveryCase, Service, ServiceGroup, PauseReason, Ticket } from './entities.ts';

const at = z.number();

/** Every change of office state, in the order the hub committed it. The event log is the source of live updates, stats and sync. */
export const HubEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ticket_issued'), at, ticket: Ticket, deviceId: Id.nullable() }),
  z.object({
    type: z.literal('ticket_called'),
    at,
    ticketId: Id,
    number: z.string(),
    serviceId: Id,
    counterId: Id,
    counterName: z.string(),
    agentId: Id,
    preferential: z.boolean(),
    /** Why the policy (or the agent) picked this ticket. */
    rule: z.enum(['target_counter', 'max_wait', 'preferential', 'normal', 'manual']),
    manualReason: z.string().nullable(),
  }),
  z.object({
    type: z.literal('ticket_recalled'),
    at,
    ticketId: Id,
    number: z.string(),
    serviceId: Id,
    counterId: Id,
    counterName: z.string(),
    recalls: z.number().int(),
  }),
  z.object({ type: z.literal('ticket_requeued'), at, ticketId: Id }),
  z.object({ type: z.literal('service_started'), at, ticketId: Id }),
  /** `releasedBy`: ended by a supervisor releasing the counter (SPEC A8): served, but its service time unknown. */
  z.object({ type: z.literal('service_finished'), at, ticketId: Id, releasedBy: Id.optional() }),
  z.object({ type: z.literal('ticket_no_show'), at, ticketId: Id, reason: z.enum(['agent', 'recall_limit']) }),
  z.object({
    type: z.literal('ticket_transferred'),
    at,
    ticketId: Id,
    fromServiceId: Id,
    toServiceId: Id,
    toCounterId: Id.nullable(),
    note: z.string(),
    /**
     * Put back in its queue because its counter closed, by the user who closed it: a supervisor releasing
     * the counter (SPEC A8), or a ticket sent to a counter its agent closed or left (A5, A6). No transfer,
     * and no service time.
     */
    releasedBy: Id.optional(),
    /** The agent who sent it on (absent for a release, and from hubs before this field). */
    agentId: Id.optional(),
  }),
  z.object({ type: z.literal('ticket_cancelled'), at, ticketId: Id, reason: z.string() }),
  z.object({
    type: z.literal('ticket_rated'),
    at,
    ticketId: Id,
    rating: z.number().int().min(1).max(10),
    counterId: Id.nullable(),
    agentId: Id.nullable(),
    source: z.enum(['keypad', 'screen']),
  }),
  z.object({
    type: z.literal('print_reported'),
    at,
    ticketId: Id,
    outcome: z.enum(['printed', 'failed']),
    errorCode: z.string().nullable(),
  }),
  z.object({ type: z.literal('callback_requested'), at, callback: Callback }),
  /** A callback claimed, attempted or closed: the whole new value. */
  z.object({ type: z.literal('callback_updated'), at, callback: Callback }),
  z.object({ type: z.literal('case_opened'), at, case: RecoveryCase }),
  z.object({ type: z.literal('case_updated'), at, case: RecoveryCase }),
  z.object({ type: z.literal('counter_opened'), at, counterId: Id, agentId: Id, agentName: z.string() }),
  /** `releasedBy`: the supervisor who released a counter its agent had left (SPEC A8); absent when the agent closed it. */
  z.object({ type: z.literal('counter_closed'), at, counterId: Id, agentId: Id, releasedBy: Id.optional() }),
  z.object({
    type: z.literal('agent_status_changed'),
    at,
    counterId: Id,
    agentId: Id,
    status: z.enum(['available', 'paused']),
    reason: PauseReason.nullable(),
  }),
  z.object({ type: z.literal('device_paired'), at, device: Device }),
  z.object({ type: z.literal('device_revoked'), at, deviceId: Id }),
  /** The office's configuration changed: subscribers get a fresh snapshot right after it. */
  z.object({
    type: z.literal('config_changed'),
    at,
    by: Id,
    change: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('service'), service: Service }),
      z.object({ kind: z.literal('group'), group: ServiceGroup }),
      z.object({ kind: z.literal('counter'), counter: Counter }),
      z.object({ kind: z.literal('settings'), settings: OfficeSettings, preferentialClasses: z.array(PreferentialClass) }),
    ]),
  }),
  z.object({ type: z.literal('device_health'), at, deviceId: Id, online: z.boolean(), health: DeviceHealth }),
]);
export type HubEvent = z.infer<typeof HubEvent>;
export type HubEventType = HubEvent['type'];
export type EventOf<T extends HubEventType> = Extract<HubEvent, { type: T }>;

/** An event as stored and sent: its office and its place in that office's log. */
export interface SequencedEvent {
  seq: number;
  officeId: string;
  event: HubEvent;
}
