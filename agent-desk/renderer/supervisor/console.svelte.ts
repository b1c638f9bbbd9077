import type { DeskSession } from '../shared/desk-session.svelte.ts';
import { BoardState } from './board/board-state.svelte.ts';
import { FollowUps } from './followups/followups.svelte.ts';
import { SessionFeed } from './office-feed.svelte.ts';

/** The console's sections; central staff get 'offices' and 'reports' only. */
export type SupervisorTab = 'board' | 'callbacks' | 'cases' | 'config' | 'reports' | 'offices' | 'desk';

export const CENTRAL_OFFICE_ID = 'central';

/** The sections a principal of this office sees, in order. */
export function tabsFor(officeId: string): SupervisorTab[] {
  return officeId === CENTRAL_OFFICE_ID ? ['offices', 'reports'] : ['board', 'callbacks', 'cases', 'config', 'reports', 'desk'];
}

/** The supervisor console's root state: which section, and the state shared by sections. */
export class SupervisorConsole {
  #tab = $state<SupervisorTab>('board');
  /**
   * The desk, once opened, stays alive behind the other tabs: a video call, a rating awaited on the
   * keypad, a dialog go on while the supervisor glances at the board (unmounting hung up the call).
   */
  deskOpened = $state(false);
  /** At the central: the office whose reports are asked for (null: the central's own). */
  reportOffice = $state<{ id: string; name: string } | null>(null);
  readonly board: BoardState;
  readonly followUps: FollowUps;
  readonly central: boolean;

  constructor(readonly session: DeskSession) {
    this.central = session.principal?.officeId === CENTRAL_OFFICE_ID;
    this.tab = this.central ? 'offices' : 'board';
    this.board = new BoardState(new SessionFeed(session), session);
    this.followUps = new FollowUps(session);
  }

  get tab(): SupervisorTab {
    return this.#tab;
  }

  set tab(tab: SupervisorTab) {
    this.#tab = tab;
    if (tab === 'desk') this.deskOpened = true;
  }

  start(): () => void {
    if (this.central) return () => undefined;
    const stops = [this.board.start(), this.followUps.start()];
    return () => stops.forEach((s) => s());
  }
}
