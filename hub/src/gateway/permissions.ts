import type { Principal, RequestType } from '@turnero/protocol';

type Who = 'anyone' | 'authenticated' | readonly Principal['role'][];

const staff = ['agent', 'supervisor', 'admin'] as const;
const managers = ['supervisor', 'admin'] as const;

/** A supervisor or an admin: who may act over the staff's work (release a counter, a claim; see reports). */
export const isManager = (p: Pick<Principal, 'role'>): boolean => (managers as readonly string[]).includes(p.role);

/** Who may send each request (DESIGN "Roles"); the hub checks every message against it. */
export const permissions: Record<RequestType, Who> = {
  hello: 'anyone',
  ping: 'anyone',
  pair_device: 'anyone',
  auth_device: 'anyone',
  login: 'anyone',
  auth_session: 'anyone',
  logout: 'authenticated',
  subscribe: 'authenticated',
  issue_ticket: ['kiosk'],
  request_callback: ['kiosk'],
  report_print: ['kiosk'],
  report_health: ['kiosk', 'display', 'keypad_station'],
  open_counter: staff,
  close_counter: staff,
  release_counter: managers,
  set_agent_status: staff,
  call_next: staff,
  call_ticket: staff,
  recall: staff,
  requeue: staff,
  start_service: staff,
  finish_service: staff,
  mark_no_show: staff,
  transfer: staff,
  cancel_ticket: managers,
  create_pairing_code: managers,
  revoke_device: managers,
  configure_device: managers,
  print_ticket: ['kiosk'],
  rate_ticket: ['agent', 'supervisor', 'admin', 'keypad_station', 'kiosk'],
  signal: ['agent', 'supervisor', 'admin', 'kiosk'],
  customer_history: staff,
  my_day: staff,
  list_callbacks: staff,
  claim_callback: staff,
  release_callback: staff,
  record_callback_attempt: staff,
  upsert_service: managers,
  upsert_service_group: managers,
  upsert_counter: managers,
  set_office_settings: managers,
  list_users: managers,
  upsert_user: ['admin'],
  list_audit: managers,
  report: managers,
  create_office_link: ['admin'],
  offices_overview: managers,
  push_config: ['admin'],
  config_pushes: managers,
  list_cases: managers,
  record_case_followup: managers,
  print_callback_receipt: ['kiosk'],
  list_devices: managers,
  hub_status: managers,
};

export function allowed(type: RequestType, principal: Principal | null): boolean {
  const who = permissions[type];
  if (who === 'anyone') return true;
  if (!principal) return false;
  if (who === 'authenticated') return true;
  return who.includes(principal.role);
}
