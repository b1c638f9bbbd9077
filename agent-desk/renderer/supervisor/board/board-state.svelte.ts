import { untrack } from 'svelte';
import type { Device, HubEvent, HubStatus, OfficeSnapshot } from '@turnero/protocol';
import type { DeskSession } from '../../shared/desk-session.svelte.ts';
import { Ticker } from '../../shared/ticker.svelte.ts';
import type { ReleaseRequest } from './release-dialog.svelte.ts';
import type { OfficeFeed } from '../office-feed.svelte.ts';
import { alertConditions, applyDeviceEvent, applyTodayEvent, dayIn, queueRows, todayFromReport, trackAlerts, type Alert, type QueueRow, type TodayFigures } from './board-model.ts';

/** How often the board asks the hub for its housekeeping (`hub_status`). */
const HUB_STATUS_EVERY_MS = 60_000;

/**
 * The live board of one office: queues, counters, devices, today's figures and alerts. The snapshot
 * and events keep it live; today's figures start from a `report` for today. The one thing asked
 * again and again is the hub's housekeeping (`hub_status`, once a minute, on the office's own hub:
 * not when a central's staff look at one of its offices), which no event carries.
 */
export class BoardState {
  devices = $state.raw<readonly Device[]>([]);
  today = $state.raw<TodayFigures | null>(null);
  alerts = $state.raw<readonly Alert[]>([]);
  hub = $state.raw<HubStatus | null>(null);
  readonly ticker = new Ticker();
  #snapshot: OfficeSnapshot | null = null;
  #loadingToday = false;
  /** The office's day today's figures are for (a board left open over midnight starts the next at zero). */
  #todayDay: string | null = null;
  #alertSeq = 0;

  constructor(
    readonly feed: OfficeFeed,
    private readonly session: DeskSession,
  ) {}

  /** The hub's "now" (timers subtract hub timestamps). */
  get now(): number {
    return this.feed.office.clock.toServer(this.ticker.now);
  }

  get rows(): QueueRow[] {
    const book = this.feed.office.book;
    if (!book) return [];
    return queueRows(book.services, this.feed.snapshot?.tickets ? book.tickets.values() : null, this.feed.stats, this.now, book.counters);
  }

  /** Starts following the feed; returns the function that stops (fit for `$effect`). */
  start(): () => void {
    const stopTicker = this.ticker.start();
    const off = this.feed.office.onEvent((e) => this.#onEvent(e));
    const stopEffects = $effect.root(() => {
      $effect(() => {
        const snapshot = this.feed.snapshot;
        if (snapshot && snapshot !== this.#snapshot) this.#onSnapshot(snapshot);
      });
      $effect(() => {
        const timeZone = this.feed.office.book?.office.timeZone;
        if (!timeZone) return;
        const day = dayIn(this.now, timeZone);
        if (this.#todayDay !== null && day !== this.#todayDay) untrack(() => void this.#loadToday(timeZone));
      });
      $effect(() => {
        const conditions = alertConditions(this.rows, this.devices, this.hub);
        const now = this.now;
        untrack(() => (this.alerts = trackAlerts(this.alerts, conditions, now, () => ++this.#alertSeq)));
      });
    });
    const stopHubStatus = this.#followHubStatus();
    return () => {
      stopTicker();
      off();
      stopEffects();
      stopHubStatus();
    };
  }

  /** The signed-in supervisor (their own counter is theirs to close, not to release). */
  get selfId(): string | null {
    return this.session.principal?.id ?? null;
  }

  /** Counters are released and tickets cancelled on the office's own hub only: a central's staff look at another office. */
  get canAct(): boolean {
    return !this.feed.officeId;
  }

  /** Frees a counter its agent left held (SPEC A8); the board follows from the events. Rejects with the hub's refusal. */
  release(request: ReleaseRequest): Promise<unknown> {
    return this.session.request('release_counter', request);
  }

  /** Cancels a waiting ticket with a reason (SPEC T8); one that left a phone becomes a callback. Rejects with the hub's refusal. */
  cancel(ticketId: string, reason: string, callback: boolean): Promise<unknown> {
    return this.session.request('cancel_ticket', { ticketId, reason, callback });
  }

  /** Whether the snapshot carries the office's tickets (a list of who waits needs them). */
  get ticketsKnown(): boolean {
    return Boolean(this.feed.snapshot?.tickets);
  }

  #followHubStatus(): () => void {
    if (this.feed.officeId) return () => {};
    const ask = () =>
      void this.session.request('hub_status', {}).then(
        (status) => (this.hub = status),
        () => {
          // NOTE: offline or refused: the connection badge says so; the last answer stands until the next one.
        },
      );
    ask();
    const timer = setInterval(ask, HUB_STATUS_EVERY_MS);
    return () => clearInterval(timer);
  }

  #onSnapshot(snapshot: OfficeSnapshot): void {
    this.#snapshot = snapshot;
    this.devices = snapshot.devices ?? [];
    // NOTE: a fresh snapshot (first, after a configuration change, or a resume too far behind) may
    // follow missed events, so today's figures are asked again rather than trusted.
    void this.#loadToday(snapshot.office.timeZone);
  }

  async #loadToday(timeZone: string): Promise<void> {
    if (this.#loadingToday) return;
    this.#loadingToday = true;
    try {
      const day = dayIn(this.now, timeZone);
      this.#todayDay = day;
      const officeId = this.feed.officeId;
      const report = await this.session.request('report', { from: day, to: day, ...(officeId ? { officeId } : {}) });
      // NOTE: events that arrived before this answer were committed before the report was made (the hub handles one request at a time), so they are in it.
      this.today = todayFromReport(report);
    } catch {
      this.today = null;
    } finally {
      this.#loadingToday = false;
    }
  }

  #onEvent(event: HubEvent): void {
    this.devices = applyDeviceEvent(this.devices, event);
    if (this.today && !this.#loadingToday) this.today = applyTodayEvent(this.today, event);
  }
}
