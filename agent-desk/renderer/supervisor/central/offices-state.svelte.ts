import type { OfficeOverview } from '@turnero/protocol';
import type { DeskSession } from '../../shared/desk-session.svelte.ts';
import { BoardState } from '../board/board-state.svelte.ts';
import { RemoteFeed } from '../office-feed.svelte.ts';

/**
 * The central's "Oficinas" board (SPEC S5): every office from `offices_overview`, and the live
 * board of one office when drilled into. NOTE: the overview has no live feed at the central, so
 * it is asked again every `refreshMs`; a drilled-down office is live (snapshot + events).
 */
export class OfficesState {
  offices = $state.raw<readonly OfficeOverview[]>([]);
  error = $state.raw<unknown>(null);
  loaded = $state(false);
  drill = $state.raw<{ office: OfficeOverview; board: BoardState; feed: RemoteFeed } | null>(null);
  #stopDrill: (() => void) | null = null;

  constructor(
    private readonly session: DeskSession,
    private readonly refreshMs = 10_000,
  ) {}

  start(): () => void {
    void this.refresh();
    const timer = setInterval(() => void this.refresh(), this.refreshMs);
    return () => {
      clearInterval(timer);
      this.close();
    };
  }

  async refresh(): Promise<void> {
    try {
      this.offices = (await this.session.request('offices_overview', {})).offices;
      this.error = null;
    } catch (error) {
      this.error = error;
    } finally {
      this.loaded = true;
    }
  }

  /** The latest overview of an office (refreshed every `refreshMs`), or `office` itself. */
  latest(office: OfficeOverview): OfficeOverview {
    return this.offices.find((o) => o.officeId === office.officeId) ?? office;
  }

  /** Drills into one office: a second connection subscribed with its id. */
  open(office: OfficeOverview): void {
    this.close();
    const token = this.session.connection.opts.tokens.get() ?? '';
    const feed = new RemoteFeed(this.session.connection.opts.url, token, office.officeId);
    const board = new BoardState(feed, this.session);
    const stopFeed = feed.start();
    const stopBoard = board.start();
    this.#stopDrill = () => {
      stopBoard();
      stopFeed();
    };
    this.drill = { office, board, feed };
  }

  close(): void {
    this.#stopDrill?.();
    this.#stopDrill = null;
    this.drill = null;
  }
}
