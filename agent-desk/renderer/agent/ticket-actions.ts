import type { TicketStatus } from '@turnero/protocol';

/** The desk's big actions, in button order, each with its keyboard shortcut. */
export const DESK_ACTIONS = [
  { id: 'call_next', key: 'F2' },
  { id: 'recall', key: 'F3' },
  { id: 'start', key: 'F4' },
  { id: 'finish', key: 'F5' },
  { id: 'no_show', key: 'F6' },
  { id: 'transfer', key: 'F7' },
  { id: 'requeue', key: 'F8' },
] as const;

export type DeskAction = (typeof DESK_ACTIONS)[number]['id'];

/** What decides which actions make sense now. */
export interface DeskSituation {
  online: boolean;
  /** A request is on its way: nothing else until it is answered. */
  busy: boolean;
  hasCounter: boolean;
  paused: boolean;
  /** The status of the ticket at the counter, or null when there is none. */
  current: TicketStatus | null;
}

/** True when `action` is legal now (the hub enforces the same rules: SPEC T1–T9, A3). */
export function isLegal(action: DeskAction, s: DeskSituation): boolean {
  if (!s.online || s.busy || !s.hasCounter) return false;
  switch (action) {
    case 'call_next':
      return !s.paused && s.current === null;
    case 'recall':
    case 'start':
    case 'no_show':
    case 'requeue':
      return s.current === 'called';
    case 'finish':
    case 'transfer':
      return s.current === 'serving';
  }
}

/** May the agent call a specific waiting ticket now (SPEC C7)? Same rule as calling the next one. */
export function canCallTicket(s: DeskSituation): boolean {
  return isLegal('call_next', s);
}

/** The action a key triggers (`KeyboardEvent.key`), if any. */
export function actionForKey(key: string): DeskAction | null {
  return DESK_ACTIONS.find((a) => a.key === key)?.id ?? null;
}
