import type { Callback, Counter, IceServer, CounterState, Device, Fairness, Office, PauseReason, PreferentialClass, RecoveryCase, Role, Service, ServiceGroup, Ticket, User } from './entities.ts';
import type { Report } from './report.ts';
import type { HubEvent } from './events.ts';
import type { PushCounts } from './config-pushes.ts';
import type { Refusal } from './errors.ts';

/** Live numbers per service, coalesced by the hub (never sent per ticket). */
/** The hub's daily database copies (null when they are off). */
export interface BackupStatus {
  dir: string;
  keep: number;
  /** The newest copy known (its file name). */
  latest: string | null;
  /** Why the last attempt failed; null when it succeeded. */
  failing: string | null;
}

/** The office hub's forwarding to a central (null when it does not forward). */
export interface SyncStatus {
  connected: boolean;
  /** The last of this office's events the central has acknowledged. */
  ackSeq: number;
  /** Events not yet acknowledged. */
  backlog: number;
  lastAckAt: number | null;
  /**
   * The central has more of this office's log than this database does (a backup restored, or another
   * office's database): forwarding has stopped. Null while all is well.
   */
  diverged: string | null;
  /** The central refuses this office's events again and again (SPEC S1): where, and what it says. Null while it takes them. */
  stuck: SyncStuck | null;
}

export interface SyncStuck {
  /** The first event of the batch refused; null when the central refused the link itself (its token, the protocol). */
  seq: number | null;
  /** The central's refusal (`sync_error`): its code and message. */
  code: string;
  message: string;
  /** Refusals in a row since the last acknowledgement. */
  refusals: number;
  /** When the first of them came (the office hub's clock). */
  since: number;
}

/** The hub's own housekeeping, for the supervisor's alerts (`hub_status`). */
export interface HubStatus {
  backups: BackupStatus | null;
  sync: SyncStatus | null;
}

export interface QueueStats {
  serviceId: string;
  waiting: number;
  longestWaitMs: number;
  /** Estimated wait for a ticket taken now, minutes; null when no counter serves it. */
  estimatedWaitMinutes: number | null;
  openCounters: number;
}

export interface CounterView {
  id: string;
  name: string;
  serviceIds: string[];
  state: CounterState;
  pauseReason: PauseReason | null;
  agentId: string | null;
  agentName: string | null;
  currentTicketId: string | null;
  currentNumber: string | null;
}

export interface RecentCall {
  ticketId: string;
  number: string;
  serviceId: string;
  counterId: string;
  counterName: string;
  at: number;
  recall: boolean;
}

/** What a subscriber sees at (re)connect; fields its role may not see are absent. */
export interface OfficeSnapshot {
  office: Office;
  serviceGroups: ServiceGroup[];
  services: Service[];
  counters: CounterView[];
  preferentialClasses: PreferentialClass[];
  fairness: Fairness;
  recallLimit: number;
  /** A rating at or under this opens a recovery case (SPEC F2). */
  ratingThreshold: number;
  iceServers: IceServer[];
  /** The supervisor's message for the hall displays; null for none. */
  displayMessage: string | null;
  /** Supervisors only: the kiosks' issue rate, so a settings form can send it back unchanged. */
  issueRatePerMinute?: number;
  recentCalls: RecentCall[];
  stats: QueueStats[];
  /** Agents and supervisors only: waiting, called and serving tickets. */
  tickets?: Ticket[];
  /** Supervisors only. */
  devices?: Device[];
}

export interface Principal {
  kind: 'device' | 'user';
  id: string;
  officeId: string;
  name: string;
  role: Role | 'kiosk' | 'display' | 'keypad_station';
  /** A keypad station's counter; null for people (the office state says which counter a person holds). */
  counterId: string | null;
}

export interface IssueResult {
  ticket: Ticket;
  peopleAhead: number;
  estimatedWaitMinutes: number | null;
  statusUrl: string;
  serviceName: Service['name'];
  officeName: string;
  timeZone: string;
}

/** An account's recent visits and open callbacks, for the agent serving them. */
export interface CustomerHistory {
  visits: { ticketId: string; number: string; serviceId: string; day: string; status: Ticket['status']; rating: number | null; arrivedAt: number; notes: string[] }[];
  openCallbacks: Callback[];
}

/** One office on the central board. */
export interface OfficeOverview {
  officeId: string;
  name: string;
  /** Whether its hub is connected to the central now, and when its last events arrived. */
  connected: boolean;
  lastSyncAt: number | null;
  /**
   * The time its figures describe: now while its hub is connected; when the link is down, when the
   * office was last heard from (its waits are not grown past what anyone can know).
   */
  asOf: number;
  stats: QueueStats[];
  /** Each active service's target wait, to colour long waits on the board. */
  targets: { serviceId: string; targetWaitMinutes: number }[];
  countersOpen: number;
  today: { issued: number; served: number; noShows: number; meanRating: number | null; waitP50Ms: number | null };
  /** Configuration pushed to it: not answered yet, and refusals no later applied push settled (see `pushCounts`). */
  pushes: PushCounts;
}

/**
 * A configuration push as the central holds it: what it changes (kinds and ids only: a pushed user's
 * password hash stays in the central), what it was made against, and the office's answer — `doneAt`
 * null while the office has not answered (it is sent again at each connection).
 */
export interface ConfigPushRecord {
  pushId: string;
  officeId: string;
  createdAt: number;
  changes: { kind: 'service' | 'group' | 'counter' | 'user'; id: string }[];
  /** The office's last event the central held when the push was made (null: a push stored before centrals recorded it). */
  basedOnSeq: number | null;
  doneAt: number | null;
  ok: boolean | null;
  /** The office's refusal, in its words (a changed-here conflict names each change). */
  error: string | null;
  /** The same refusal for an app to word in its language (null: applied, pending, or an office that sent words only). */
  refusal: Refusal | null;
}

/** One configuration change: who, when, what, before and after. */
/** What the hub records in an audit row as done (the hub writes only these; the console words each). */
export const AUDIT_ACTIONS = [
  'create_service',
  'update_service',
  'create_group',
  'update_group',
  'create_counter',
  'update_counter',
  'update_settings',
  'create_user',
  'update_user',
  'update_user_and_password',
  'create_office_link',
  'push_config',
  'central_service',
  'central_group',
  'central_counter',
  'central_user',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Whether a recorded action is one this protocol names (rows written by another version may hold others). */
export function isAuditAction(action: string): action is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(action);
}

export interface AuditEntry {
  seq: number;
  at: number;
  userId: string;
  /** Who, as people know them (the user's display name now); null for the central or a user since removed. */
  userName: string | null;
  /** An AuditAction, as text: see `isAuditAction`. */
  action: string;
  target: string;
  before: unknown;
  after: unknown;
}

/** An agent's own figures for the office's current day. */
export interface AgentDay {
  day: string;
  served: number;
  noShows: number;
  transferred: number;
  meanServiceMs: number | null;
  meanRating: number | null;
  ratings: number;
}

/** What a device the customer touches is told of its rating: ids only, none of the customer's data. */
export interface RatingReceipt {
  ticket: { id: string; rating: number };
  case: { id: string } | null;
}

/** Result data of each request type. */
export interface ResponseData {
  hello: { protocolVersion: number; serverTime: number };
  ping: Record<string, never>;
  pair_device: { token: string; principal: Principal };
  auth_device: { principal: Principal };
  login: { token: string; expiresAt: number; principal: Principal };
  auth_session: { principal: Principal; expiresAt: number };
  logout: Record<string, never>;
  subscribe: { seq: number };
  issue_ticket: IssueResult;
  request_callback: { callback: Callback };
  report_print: Record<string, never>;
  report_health: Record<string, never>;
  open_counter: { counter: CounterView };
  close_counter: Record<string, never>;
  release_counter: { counter: CounterView };
  set_agent_status: { counter: CounterView };
  call_next: { ticket: Ticket };
  call_ticket: { ticket: Ticket };
  recall: { ticket: Ticket };
  requeue: { ticket: Ticket };
  start_service: { ticket: Ticket };
  finish_service: { ticket: Ticket };
  mark_no_show: { ticket: Ticket };
  transfer: { ticket: Ticket };
  cancel_ticket: { ticket: Ticket };
  create_pairing_code: { code: string; expiresAt: number };
  revoke_device: Record<string, never>;
  configure_device: { device: Device };
  /** Printed by the hub's printer for this kiosk; `warning` e.g. PRINTER_PAPER_NEAR_END. */
  /** `already`: printed before, nothing printed now (`unlessPrinted`). */
  print_ticket: { printed: true; warning: string | null; already?: true };
  /** `already`: printed before, nothing printed now (`unlessPrinted`). */
  print_callback_receipt: { printed: true; warning: string | null; already?: true };
  /** Staff get the ticket and the case it opened; a device (keypad station, booth) only their ids (RatingReceipt). */
  rate_ticket: { ticket: Ticket; case: RecoveryCase | null } | RatingReceipt;
  /** `delivered` is false when the other side is not connected yet: the hub keeps it for them. */
  signal: { delivered: boolean };
  customer_history: CustomerHistory;
  my_day: AgentDay;
  list_callbacks: { callbacks: Callback[] };
  claim_callback: { callback: Callback };
  release_callback: { callback: Callback };
  record_callback_attempt: { callback: Callback };
  list_cases: { cases: RecoveryCase[] };
  record_case_followup: { case: RecoveryCase };
  upsert_service: { service: Service };
  upsert_service_group: { group: ServiceGroup };
  upsert_counter: { counter: Counter };
  set_office_settings: { fairness: Fairness };
  list_users: { users: User[] };
  upsert_user: { user: User };
  list_audit: { entries: AuditEntry[] };
  report: Report;
  create_office_link: { officeId: string; token: string };
  offices_overview: { offices: OfficeOverview[] };
  push_config: { pushId: string; delivered: boolean };
  config_pushes: { pushes: ConfigPushRecord[] };
  list_devices: { devices: Device[] };
  hub_status: HubStatus;
}

/** Everything the hub sends. */
export type ServerMessage =
  | { type: 'result'; id: string; data: unknown }
  | { type: 'error'; id: string | null; code: string; message: string; details?: unknown }
  | { type: 'snapshot'; seq: number; snapshot: OfficeSnapshot }
  | { type: 'event'; seq: number; event: HubEvent }
  | { type: 'stats'; at: number; stats: QueueStats[] }
  | { type: 'signal'; ticketId: string; from: 'agent' | 'booth'; data: Record<string, unknown> };

export type { Counter };
