import { z } from 'zod';
import { Counter, Id, Office, OfficeSettings, PreferentialClass, Role, Service, ServiceGroup } from './entities.ts';
import { HubEvent } from './events.ts';

/** Version of the office ↔ central sync protocol. */
// 2: events may carry `releasedBy` (counter_closed, service_finished, ticket_transferred) and a done ticket a null
// end time; a central that strips them would count a released ticket's hours as a service time.
export const SYNC_PROTOCOL_VERSION = 2;

/** Largest sync frame; batches are cut well below it. */
export const MAX_SYNC_FRAME_BYTES = 8 * 1024 * 1024;

/** Everything the central needs to show an office before its events arrive. */
export const OfficeDescriptor = z.object({
  office: Office,
  settings: OfficeSettings,
  preferentialClasses: z.array(PreferentialClass),
  groups: z.array(ServiceGroup),
  services: z.array(Service),
  counters: z.array(Counter),
});
export type OfficeDescriptor = z.infer<typeof OfficeDescriptor>;

/** A user pushed from the central: the password travels as its scrypt hash, never in clear. */
export const PushedUser = z.object({ id: Id, username: z.string(), displayName: z.string(), role: Role, active: z.boolean(), passwordHash: z.string().nullable() });
export type PushedUser = z.infer<typeof PushedUser>;

export const ConfigPushChange = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('service'), service: Service }),
  z.object({ kind: z.literal('group'), group: ServiceGroup }),
  z.object({ kind: z.literal('counter'), counter: Counter }),
  z.object({ kind: z.literal('user'), user: PushedUser }),
]);
export type ConfigPushChange = z.infer<typeof ConfigPushChange>;

/** Office hub → central. */
export const SyncUp = z.discriminatedUnion('type', [
  z.object({ type: z.literal('sync_hello'), protocolVersion: z.number().int(), token: z.string().min(10).max(200), descriptor: OfficeDescriptor }),
  /** Events in log order, each with the office's own sequence number. */
  z.object({ type: z.literal('sync_events'), batch: z.number().int(), events: z.array(z.object({ seq: z.number().int().positive(), event: HubEvent })).max(5000) }),
  /** `refusal`: why the office refused it, for the central's console to word (absent from older offices: `error` only). */
  z.object({ type: z.literal('config_push_result'), pushId: z.string(), ok: z.boolean(), error: z.string().nullable(), refusal: z.record(z.string(), z.string()).nullable().optional() }),
]);
export type SyncUp = z.infer<typeof SyncUp>;

/** Central → office hub. */
export type SyncDown =
  /** `ackEvent`: which event `ackSeq` is at the central (`type at`), to tell a replaced office database from one with more to send. */
  | { type: 'sync_welcome'; ackSeq: number; ackEvent?: string | null }
  | { type: 'sync_ack'; batch: number; ackSeq: number }
  | { type: 'sync_error'; code: string; message: string }
  /**
   * `basedOnSeq`: the office's last event the central held when the push was made. A change the
   * office made after it to what the push changes was not seen by whoever pushed: the office refuses
   * the push rather than overwrite it (absent: a push stored before centrals sent it, not checked).
   */
  | { type: 'config_push'; pushId: string; changes: ConfigPushChange[]; basedOnSeq?: number | null };

export const SyncDownSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('sync_welcome'), ackSeq: z.number().int(), ackEvent: z.string().max(200).nullable().optional() }),
  z.object({ type: z.literal('sync_ack'), batch: z.number().int(), ackSeq: z.number().int() }),
  z.object({ type: z.literal('sync_error'), code: z.string(), message: z.string() }),
  z.object({ type: z.literal('config_push'), pushId: z.string(), changes: z.array(ConfigPushChange), basedOnSeq: z.number().int().min(0).nullable().optional() }),
]);
