import { untrack } from 'svelte';
import type { ConfigPushRecord, OfficeOverview } from '@turnero/protocol';
import type { DeskSession } from '../../shared/desk-session.svelte.ts';
import { BoardState } from '../board/board-state.svelte.ts';
import { RemoteFeed } from '../office-feed.svelte.ts';

/** The newest pushes of a drilled-down office listed. */
export const OFFICE_PUSHES = 50;

/** How long after a push its office's pushes are asked again: a linked office answers within about a second. */
export const PUSH_ANSWER_MS = 1500;

/** Opens a drilled-down office's live board; `stop` disconnects it. */
export type OpenBoard = (session: DeskSession, officeId: string) => { board: BoardState; feed: RemoteFeed; stop: () => void };

/** An office's live board through a second connection subscribed with its id. */
function liveBoardOf(session: DeskSession, officeId: string): ReturnType<OpenBoard> {
  const token = session.connection.opts.tokens.get() ?? '';
  const feed = new RemoteFeed(session.connection.opts.url, token, officeId);
  const board = new BoardState(feed, session);
  const stopFeed = feed.start();
  const stopBoard = board.start();
  return {
    board,
    feed,
    stop: () => {
      stopBoard();
      stopFeed();
    },
  };
}

/**
 * The central's "Oficinas" board (SPEC S5): every office from `offices_overview`, and the live
 * board of one office when drilled into. NOTE: the overview has no live feed at the central, so
 * it is asked again every `refreshMs`; a drilled-down office is live (snapshot + events). Each
 * office's pending and standing refused pushes come with the overview (`pushes`, counted by the
 * hub); the drilled-down office's recent ones are listed (`config_pushes`), asked with it.
 */
export class OfficesState {
  offices = $state.raw<readonly OfficeOverview[]>([]);
  error = $state.raw<unknown>(null);
  loaded = $state(false);
  drill = $state.raw<{ office: OfficeOverview; board: BoardState; feed: RemoteFeed } | null>(null);
  /** What the drill-down shows: the office's live board (each time one is opened) or, for the central admin, its configuration. */
  drillTab = $state<'board' | 'config'>('board');
  /** The drilled-down office's newest pushes (null until its first answer). */
  officePushes = $state.raw<readonly ConfigPushRecord[] | null>(null);
  officePushesError = $state.raw<unknown>(null);
  #stopDrill: (() => void) | null = null;
  /** Bumped by each ask for the drilled-down office's pushes: only the latest ask's answer applies. */
  #officePushesAsk = 0;
  #answerTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly session: DeskSession,
    private readonly refreshMs = 10_000,
    private readonly openBoard: OpenBoard = liveBoardOf,
  ) {}

  start(): () => void {
    // NOTE: untracked: started from an effect, the first refresh must not make it depend on what it reads (the drill).
    void untrack(() => this.refresh());
    const timer = setInterval(() => void this.refresh(), this.refreshMs);
    return () => {
      clearInterval(timer);
      this.close();
    };
  }

  async refresh(): Promise<void> {
    await Promise.all([this.#refreshOverview(), this.drill ? this.#refreshOfficePushes(this.drill.office.officeId) : null]);
  }

  async #refreshOverview(): Promise<void> {
    try {
      this.offices = (await this.session.request('offices_overview', {})).offices;
      this.error = null;
    } catch (error) {
      this.error = error;
    } finally {
      this.loaded = true;
    }
  }

  async #refreshOfficePushes(officeId: string): Promise<void> {
    const ask = ++this.#officePushesAsk;
    const current = () => ask === this.#officePushesAsk && this.drill?.office.officeId === officeId;
    try {
      const { pushes } = await this.session.request('config_pushes', { officeId, limit: OFFICE_PUSHES });
      if (!current()) return;
      this.officePushes = pushes;
      this.officePushesError = null;
    } catch (error) {
      if (current()) this.officePushesError = error;
    }
  }

  /**
   * One was just pushed to the drilled-down office: its pushes are asked now (the new one, pending) and
   * again after PUSH_ANSWER_MS (a linked office's answer by then), not only at the next poll.
   */
  refreshPushes(): void {
    const drill = this.drill;
    if (!drill) return;
    void this.#refreshOfficePushes(drill.office.officeId);
    this.#clearAnswerTimer();
    this.#answerTimer = setTimeout(() => {
      this.#answerTimer = null;
      if (this.drill === drill) void this.#refreshOfficePushes(drill.office.officeId);
    }, PUSH_ANSWER_MS);
  }

  #clearAnswerTimer(): void {
    if (this.#answerTimer) clearTimeout(this.#answerTimer);
    this.#answerTimer = null;
  }

  /** The latest overview of an office (refreshed every `refreshMs`), or `office` itself. */
  latest(office: OfficeOverview): OfficeOverview {
    return this.offices.find((o) => o.officeId === office.officeId) ?? office;
  }

  /** Drills into one office: its live board, and its recent pushes. */
  open(office: OfficeOverview): void {
    this.close();
    const { board, feed, stop } = this.openBoard(this.session, office.officeId);
    this.#stopDrill = stop;
    this.drill = { office, board, feed };
    this.drillTab = 'board';
    void this.#refreshOfficePushes(office.officeId);
  }

  close(): void {
    this.#clearAnswerTimer();
    this.#stopDrill?.();
    this.#stopDrill = null;
    this.drill = null;
    this.#officePushesAsk++;
    this.officePushes = null;
    this.officePushesError = null;
  }
}
