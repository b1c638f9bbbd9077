import { z } from 'zod';

/** Identifiers are opaque, URL-safe strings. */
export const Id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/, 'invalid id');

/** Whether `s` is a real calendar date written YYYY-MM-DD (2026-02-30 is not: Date would read it as March 2). */
export function isCalendarDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

/** A calendar date YYYY-MM-DD (a report's first or last day). */
export const CalendarDay = z.string().refine(isCalendarDay, 'a date YYYY-MM-DD');

export const Lang = z.enum(['es', 'en']);
export type Lang = z.infer<typeof Lang>;

export const LocalizedName = z.object({ es: z.string().min(1).max(80), en: z.string().min(1).max(80) });
export type LocalizedName = z.infer<typeof LocalizedName>;

export const TicketStatus = z.enum(['waiting', 'called', 'serving', 'done', 'no_show', 'cancelled']);
export type TicketStatus = z.infer<typeof TicketStatus>;

export const Role = z.enum(['agent', 'supervisor', 'admin']);
export type Role = z.infer<typeof Role>;

export const DeviceKind = z.enum(['kiosk', 'display', 'keypad_station']);
export type DeviceKind = z.infer<typeof DeviceKind>;

export const ServiceMode = z.enum(['in_person', 'video']);
export type ServiceMode = z.infer<typeof ServiceMode>;

export const PauseReason = z.enum(['break', 'lunch', 'back_office', 'training']);
export type PauseReason = z.infer<typeof PauseReason>;

export const CounterState = z.enum(['closed', 'available', 'paused']);
export type CounterState = z.infer<typeof CounterState>;

/** Whether this runtime knows `timeZone` as an IANA zone ("America/Bogota"). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export const Office = z.object({
  id: Id,
  /** Printed on every ticket: at most what the printer's layout takes. */
  name: z.string().min(1).max(120),
  /** An IANA zone: every local day (numbering, end of day, reports) is computed in it. */
  timeZone: z.string().refine(isTimeZone, 'not an IANA time zone (e.g. America/Bogota)'),
  publicBaseUrl: z.string(),
});
export type Office = z.infer<typeof Office>;

/**
 * The pictures a service or group can show on the kiosk (drawn by app-kit's ServiceIcon, no icon
 * font, no network). Entities keep `icon` as text so that a database or a central holding another
 * name still loads (the kiosk then draws a neutral sign); a supervisor can only choose one of these.
 */
export const ICONS = ['receipt', 'cash', 'alert', 'bolt', 'phone', 'people', 'video'] as const;
export type IconName = (typeof ICONS)[number];
export function isIconName(name: string): name is IconName {
  return (ICONS as readonly string[]).includes(name);
}

export const ServiceGroup = z.object({ id: Id, name: LocalizedName, icon: z.string(), order: z.number().int() });
export type ServiceGroup = z.infer<typeof ServiceGroup>;

export const Service = z.object({
  id: Id,
  groupId: Id.nullable(),
  prefix: z.string().regex(/^[A-Z]$/),
  name: LocalizedName,
  icon: z.string(),
  mode: ServiceMode,
  targetWaitMinutes: z.number().int().positive(),
  /** Assumed mean service time until real ones are measured. */
  defaultServiceMinutes: z.number().positive(),
  active: z.boolean(),
  order: z.number().int(),
});
export type Service = z.infer<typeof Service>;

export const Counter = z.object({
  id: Id,
  name: z.string(),
  /** Services this counter serves, highest priority first. */
  serviceIds: z.array(Id),
});
export type Counter = z.infer<typeof Counter>;

export const PreferentialClass = z.object({ id: Id, name: LocalizedName });
export type PreferentialClass = z.infer<typeof PreferentialClass>;

/** Preferential tickets are called `preferential` times for every `normal` time; none waits past `maxWaitMinutes`. */
export const Fairness = z.object({
  preferential: z.number().int().min(0).max(20),
  normal: z.number().int().min(0).max(20),
  maxWaitMinutes: z.number().int().positive(),
});
export type Fairness = z.infer<typeof Fairness>;

/** A STUN or TURN server for "Asesor en línea" video calls. */
export const IceServer = z.object({
  urls: z.union([z.string().regex(/^(stun|turns?):/), z.array(z.string().regex(/^(stun|turns?):/)).min(1).max(4)]),
  username: z.string().max(200).optional(),
  credential: z.string().max(200).optional(),
});
export type IceServer = z.infer<typeof IceServer>;

export const OfficeSettings = z.object({
  fairness: Fairness,
  recallLimit: z.number().int().min(0).max(10),
  ratingThreshold: z.number().int().min(1).max(10),
  issueRatePerMinute: z.number().int().positive(),
  /** ICE servers for video calls; on a LAN host candidates are enough, so none is fine. */
  iceServers: z.array(IceServer).max(8).optional(),
  /** A message the hall displays show under the calls (notices, opening hours); empty for none. */
  displayMessage: z.string().trim().max(200).optional(),
});
export type OfficeSettings = z.infer<typeof OfficeSettings>;

export const Ticket = z.object({
  id: Id,
  officeId: Id,
  serviceId: Id,
  number: z.string(),
  /** Local calendar day (YYYY-MM-DD in the office's zone) the number belongs to. */
  day: z.string(),
  status: TicketStatus,
  preferentialClass: Id.nullable(),
  accountNumber: z.string().nullable(),
  /** A phone the customer left at the kiosk: if the ticket ends unserved (no-show, cancelled) they are called back. */
  phone: z.string().nullable().optional(),
  /** First arrival; kept across transfers. */
  arrivedAt: z.number(),
  /** When it (re)entered the current queue. */
  queuedAt: z.number(),
  /** When it was last called (a recall, or the call after a transfer, moves it). */
  calledAt: z.number().nullable(),
  /** When it was first called: its wait ends there (SPEC R3). Absent on tickets stored before it was kept. */
  firstCalledAt: z.number().nullable().optional(),
  startedAt: z.number().nullable(),
  endedAt: z.number().nullable(),
  counterId: Id.nullable(),
  /** A transfer to a specific counter: only that counter calls it. */
  targetCounterId: Id.nullable(),
  agentId: Id.nullable(),
  recalls: z.number().int(),
  transfers: z.number().int(),
  notes: z.array(z.string()),
  rating: z.number().int().min(1).max(10).nullable(),
  printed: z.enum(['pending', 'printed', 'failed']),
});
export type Ticket = z.infer<typeof Ticket>;

export const PrinterHealth = z.object({
  online: z.boolean(),
  paperOut: z.boolean().nullable(),
  paperNearEnd: z.boolean().nullable(),
  coverOpen: z.boolean().nullable(),
  errorCode: z.string().max(64).nullable(),
});
export type PrinterHealth = z.infer<typeof PrinterHealth>;

export const DeviceHealth = z.object({
  printer: PrinterHealth.optional(),
  keypad: z.object({ connected: z.boolean() }).optional(),
});
export type DeviceHealth = z.infer<typeof DeviceHealth>;

export const Device = z.object({
  id: Id,
  officeId: Id,
  kind: DeviceKind,
  name: z.string(),
  counterId: Id.nullable(),
  pairedAt: z.number(),
  revoked: z.boolean(),
  lastSeenAt: z.number().nullable(),
  online: z.boolean(),
  health: DeviceHealth,
  /** Kiosks that print through the hub: tcp://host:9100 or a device path; null when the kiosk prints itself. */
  printerUri: z.string().nullable(),
  paperWidth: z.union([z.literal(58), z.literal(80)]),
});
export type Device = z.infer<typeof Device>;

export const User = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  role: Role,
  officeId: Id,
  active: z.boolean(),
});
export type User = z.infer<typeof User>;

export const CallbackOutcome = z.enum(['resolved', 'no_answer', 'wrong_number', 'needs_visit']);
export type CallbackOutcome = z.infer<typeof CallbackOutcome>;

export const CallbackAttempt = z.object({ at: z.number(), by: Id, outcome: CallbackOutcome, note: z.string() });
export type CallbackAttempt = z.infer<typeof CallbackAttempt>;

/** "Te contactamos": a customer to call back. */
export const Callback = z.object({
  id: Id,
  officeId: Id,
  serviceId: Id.nullable(),
  name: z.string(),
  phone: z.string(),
  reason: z.string(),
  reference: z.string(),
  createdAt: z.number(),
  status: z.enum(['open', 'claimed', 'closed']),
  /** Where the request came from: a kiosk, or a ticket that ended unserved. */
  source: z.enum(['kiosk', 'no_show', 'cancelled']),
  accountNumber: z.string().nullable(),
  claimedBy: Id.nullable(),
  attempts: z.array(CallbackAttempt),
  outcome: CallbackOutcome.nullable(),
  closedAt: z.number().nullable(),
});
export type Callback = z.infer<typeof Callback>;

export const CaseOutcome = z.enum(['recovered', 'not_recovered', 'unreachable', 'pending']);
export type CaseOutcome = z.infer<typeof CaseOutcome>;

/** "Recuperando la experiencia": a low rating followed up by a supervisor's call. */
export const RecoveryCase = z.object({
  id: Id,
  officeId: Id,
  ticketId: Id,
  number: z.string(),
  serviceId: Id,
  counterId: Id.nullable(),
  agentId: Id.nullable(),
  accountNumber: z.string().nullable(),
  rating: z.number().int().min(1).max(10),
  openedAt: z.number(),
  status: z.enum(['open', 'closed']),
  followUps: z.array(z.object({ at: z.number(), by: Id, outcome: CaseOutcome, note: z.string() })),
  outcome: CaseOutcome.nullable(),
  closedAt: z.number().nullable(),
});
export type RecoveryCase = z.infer<typeof RecoveryCase>;
