import { z } from 'zod';
import { ConfigPushChange } from './sync.ts';
import { splitPrinterUri } from './printer-options.ts';
import { CalendarDay, CallbackOutcome, CaseOutcome, Counter, DeviceHealth, DeviceKind, Id, Lang, OfficeSettings, PauseReason, PreferentialClass, Role, Service, ServiceGroup } from './entities.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
const requestId = z.string().min(1).max(64);
/** A client-made key that makes a retried request return the first result instead of acting twice. */
const idempotencyKey = z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/);
/** Fewest digits of a phone number someone can dial (a local landline without area code). */
export const PHONE_MIN_DIGITS = 7;
/** Most digits of a phone number: E.164's 15, country code included. */
export const PHONE_MAX_DIGITS = 15;
/** PHONE_MIN_DIGITS to PHONE_MAX_DIGITS digits, single spaces between them allowed, an optional leading +. */
const PHONE_PATTERN = new RegExp(`^\\+?[0-9](?: ?[0-9]){${PHONE_MIN_DIGITS - 1},${PHONE_MAX_DIGITS - 1}}$`);
/** Whether `text` is a phone number the hub takes (the rule every client shares). */
export function isPhoneNumber(text: string): boolean {
  return PHONE_PATTERN.test(text);
}
const phone = z.string().regex(PHONE_PATTERN, `phone number: ${PHONE_MIN_DIGITS} to ${PHONE_MAX_DIGITS} digits`);
/**
 * `tcp://host[:port]` (port 1-65535, IPv6 in brackets) or a device file under /dev/ with no `.`/`..`
 * steps, optionally followed by the printer's options (`?type=star`, `?status=none`: splitPrinterUri).
 */
const printerUri = z.string().max(200).refine((uri) => {
  const split = splitPrinterUri(uri);
  if ('error' in split) return false;
  const v = split.address;
  if (v.startsWith('/dev/')) return /^\/dev(?:\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)+$/.test(v);
  const m = /^tcp:\/\/(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(v);
  return m !== null && (m[1] === undefined || (Number(m[1]) >= 1 && Number(m[1]) <= 65535));
}, 'tcp://host:port or /dev/…, then ?type=epson|star and ?status=escpos|none if needed');

/** Payload schema of every request a client may send, by type. */
export const requestPayloads = {
  hello: z.object({ protocolVersion: z.number().int(), client: z.string().max(64).optional() }),
  /** A liveness probe (browsers cannot see WebSocket pings): answered `{}`, nothing written, nothing published. */
  ping: z.object({}),
  pair_device: z.object({ code: z.string().regex(/^\d{6}$/, 'six digits'), name: text(60) }),
  auth_device: z.object({ token: z.string().min(10).max(200) }),
  login: z.object({ username: text(60), password: z.string().min(1).max(200) }),
  auth_session: z.object({ token: z.string().min(10).max(200) }),
  logout: z.object({}),
  /** `officeId` only for central staff, to drill into one office. */
  subscribe: z.object({ since: z.number().int().min(0).optional(), officeId: Id.optional() }),
  issue_ticket: z.object({
    serviceId: Id,
    preferentialClass: Id.nullable(),
    accountNumber: z.string().regex(/^\d{4,20}$/, '4 to 20 digits').nullable(),
    /** Optional: to be called back if the ticket ends unserved (SPEC F6). */
    phone: phone.nullable().optional(),
    lang: Lang,
    idempotencyKey,
  }),
  request_callback: z.object({
    serviceId: Id.nullable(),
    name: text(80),
    phone,
    reason: text(300),
    accountNumber: z.string().regex(/^\d{4,20}$/, '4 to 20 digits').nullable().optional(),
    idempotencyKey,
  }),
  report_print: z.object({
    ticketId: Id,
    outcome: z.enum(['printed', 'failed']),
    errorCode: z.string().max(64).nullable(),
  }),
  report_health: DeviceHealth,
  open_counter: z.object({ counterId: Id }),
  close_counter: z.object({}),
  /**
   * A supervisor frees a counter `agentId` holds (SPEC A8), with `ticketId` the ticket they saw there
   * (null: none); refused if either changed meanwhile. `servingTicket`: a ticket being served there
   * was served (finish) or was not (back to its queue).
   */
  release_counter: z.object({ counterId: Id, agentId: Id, ticketId: Id.nullable(), servingTicket: z.enum(['finish', 'requeue']) }),
  set_agent_status: z.object({ status: z.enum(['available', 'paused']), reason: PauseReason.nullable() }),
  call_next: z.object({}),
  call_ticket: z.object({ ticketId: Id, reason: text(200) }),
  recall: z.object({ ticketId: Id }),
  requeue: z.object({ ticketId: Id }),
  start_service: z.object({ ticketId: Id }),
  finish_service: z.object({ ticketId: Id }),
  mark_no_show: z.object({ ticketId: Id }),
  transfer: z
    .object({ ticketId: Id, toServiceId: Id.nullable(), toCounterId: Id.nullable(), note: z.string().max(300) })
    .refine((p) => p.toServiceId !== null || p.toCounterId !== null, 'a service or a counter to transfer to'),
  /** `callback: false`: a ticket that left a phone is not called back (a duplicate, a customer already served elsewhere); default true. */
  cancel_ticket: z.object({ ticketId: Id, reason: text(200), callback: z.boolean().optional() }),
  create_pairing_code: z.object({ kind: DeviceKind, name: text(60), counterId: Id.nullable() }),
  revoke_device: z.object({ deviceId: Id }),
  configure_device: z.object({
    deviceId: Id,
    printerUri: printerUri.nullable(),
    paperWidth: z.union([z.literal(58), z.literal(80)]),
  }),
  /**
   * `unlessPrinted`: a kiosk that may have printed it already (restarted mid-print, a retry after a
   * lost answer) asks for paper only if none came out; without it, it prints (the customer lost theirs).
   */
  print_ticket: z.object({ ticketId: Id, lang: Lang, unlessPrinted: z.boolean().optional() }),
  /** WebRTC signalling for a video ticket, relayed only between its agent and its booth. */
  signal: z.object({ ticketId: Id, data: z.record(z.string(), z.unknown()) }),
  rate_ticket: z.object({ ticketId: Id, rating: z.number().int().min(1).max(10), source: z.enum(['keypad', 'screen']) }),
  customer_history: z.object({ accountNumber: z.string().regex(/^\d{4,20}$/, '4 to 20 digits') }),
  my_day: z.object({}),
  list_callbacks: z.object({ status: z.enum(['open', 'claimed', 'closed', 'all']) }),
  claim_callback: z.object({ callbackId: Id }),
  /** Gives a claimed callback back to the worklist: its claimer, or a supervisor (the claimer gone home). */
  release_callback: z.object({ callbackId: Id }),
  record_callback_attempt: z.object({ callbackId: Id, outcome: CallbackOutcome, note: z.string().max(500) }),
  upsert_service: z.object({ service: Service }),
  upsert_service_group: z.object({ group: ServiceGroup }),
  upsert_counter: z.object({ counter: Counter }),
  set_office_settings: z.object({ settings: OfficeSettings, preferentialClasses: z.array(PreferentialClass).max(12) }),
  list_users: z.object({}),
  upsert_user: z.object({
    id: Id.nullable(),
    username: z.string().regex(/^[a-z0-9._-]{3,40}$/, '3–40 lowercase letters, digits, . _ -'),
    displayName: text(80),
    role: Role,
    active: z.boolean(),
    /** Required for a new user; for an existing one, null keeps the password. */
    password: z.string().min(8).max(200).nullable(),
  }),
  list_audit: z.object({ limit: z.number().int().min(1).max(500) }),
  report: z.object({ from: CalendarDay, to: CalendarDay, officeId: Id.optional() }),
  create_office_link: z.object({ officeId: Id }),
  offices_overview: z.object({}),
  /** Configuration pushed from the central, newest first: pending, applied, or refused and why (one office, or all). */
  config_pushes: z.object({ officeId: Id.optional(), limit: z.number().int().min(1).max(500) }),
  /** The hub's own housekeeping (daily copies, forwarding to the central), for the supervisor's alerts. */
  hub_status: z.object({}),
  /** `overwrite`: applied over what the office changed since (its refusal named them); otherwise such a push is refused. */
  push_config: z.object({
    officeId: Id,
    overwrite: z.boolean().optional(),
    changes: z
      .array(
        z.union([
          ConfigPushChange.options[0],
          ConfigPushChange.options[1],
          ConfigPushChange.options[2],
          z.object({
            kind: z.literal('user'),
            user: z.object({ id: Id, username: z.string().regex(/^[a-z0-9._-]{3,40}$/), displayName: text(80), role: Role, active: z.boolean(), password: z.string().min(8).max(200).nullable() }),
          }),
        ]),
      )
      .min(1)
      .max(100),
  }),
  list_cases: z.object({ status: z.enum(['open', 'closed', 'all']) }),
  record_case_followup: z.object({ caseId: Id, outcome: CaseOutcome, note: z.string().max(500) }),
  /** `unlessPrinted`: as `print_ticket`'s — a retry after the link dropped mid-print asks for paper only if none came out. */
  print_callback_receipt: z.object({ callbackId: Id, lang: Lang, unlessPrinted: z.boolean().optional() }),
  list_devices: z.object({}),
} as const;

export type RequestType = keyof typeof requestPayloads;
export type RequestPayload<T extends RequestType> = z.infer<(typeof requestPayloads)[T]>;

/** Envelope of every client message: a correlation id, a type and its payload. */
export const RequestEnvelope = z.object({
  id: requestId,
  type: z.string().min(1).max(64),
  payload: z.unknown().optional(),
});

export function isRequestType(type: string): type is RequestType {
  return Object.hasOwn(requestPayloads, type);
}
