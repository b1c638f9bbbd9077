import type { HubEvent, OfficeSnapshot } from '@turnero/protocol';
import type { ConnectionState } from '@turnero/protocol/client';
import { dayIn } from '@turnero/app-kit/local-day';
import { Announcer, type AnnouncerSteps, type LogEntry } from '../lib/announcer.ts';
import { callFromEvent, callFromRecent, type Call } from '../lib/call.ts';
import type { CallBoard } from '../lib/call-board.ts';
import type { HubClock } from '@turnero/app-kit/renderer';

/** A log line as the display keeps it: whether the page had had any user gesture when it played. */
export type DisplayLogEntry = LogEntry & { userActivated: boolean | null };

export interface DisplayStateDeps {
  board: CallBoard;
  clock: HubClock;
  steps: AnnouncerSteps;
  /** Wall-clock time for the log. */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Whether the page has had a click, tap or key press (navigator.userActivation), null if unknown. */
  userActivated: () => boolean | null;
  /** Every log line as it is written (the console, for whoever looks after the screen). */
  onLog?: (entry: DisplayLogEntry) => void;
}

const LOG_LIMIT = 200;
const GAP_MS = 900;
const SILENT_HOLD_MS = 3000;

/**
 * The hall display's live state: hub messages go into the call board, announcements are made one
 * at a time, and the screen reads `current`, `recent` and `log` from here.
 */
export class DisplayState {
  history = $state.raw<readonly Call[]>([]);
  /** The call being announced now (chime and voice), null between announcements. */
  announcing = $state.raw<Call | null>(null);
  log = $state.raw<readonly DisplayLogEntry[]>([]);
  /** The last announcement could not be heard: the platform blocks sound without a gesture. */
  soundBlocked = $state(false);
  readonly #announcer: Announcer;
  /** The office's time zone, from the latest snapshot: which calls are today's. */
  #timeZone: string | null = null;

  constructor(private readonly deps: DisplayStateDeps) {
    this.#announcer = new Announcer(deps.board, deps.steps, {
      now: deps.now,
      sleep: deps.sleep,
      gapMs: GAP_MS,
      silentHoldMs: SILENT_HOLD_MS,
      onCurrent: (call) => (this.announcing = call),
      onLog: (entry) => this.#record(entry),
    });
  }

  /** The call shown large: the one being announced, otherwise the latest. */
  get current(): Call | null {
    return this.announcing ?? this.history[0] ?? null;
  }

  /** The other calls on screen, latest first. */
  get recent(): Call[] {
    const current = this.current;
    return this.history.filter((c) => c.ticketId !== current?.ticketId);
  }

  /** How many calls the "last calls" list shows at most (the history less the current one). */
  get listRows(): number {
    return this.deps.board.opts.historySize - 1;
  }

  /** Waiting to be announced. */
  get pending(): number {
    return this.deps.board.pending.length;
  }

  onEvent(event: HubEvent): void {
    if (this.deps.board.live) this.deps.clock.observe(event.at);
    if (event.type === 'ticket_requeued') {
      // Taken back before it was served: off the screen now, even mid-chime (its number is not said).
      this.deps.board.withdraw(event.ticketId, event.at);
      this.#dropWithdrawnAnnouncement();
      this.#update();
      return;
    }
    if (event.type !== 'ticket_called' && event.type !== 'ticket_recalled') return;
    if (this.deps.board.receive(callFromEvent(event))) this.#update();
  }

  onSnapshot(snapshot: OfficeSnapshot): void {
    this.#timeZone = snapshot.office.timeZone;
    this.deps.board.receiveSnapshot(snapshot.recentCalls.map(callFromRecent), this.deps.clock.now());
    this.#dropWithdrawnAnnouncement();
    this.#update();
  }

  onConnection(state: ConnectionState): void {
    if (state === 'online') this.deps.board.online(this.deps.clock.now());
    else this.deps.board.offline();
    this.#update();
  }

  /**
   * Once the office's day has changed, yesterday's calls leave the screen (checked every minute):
   * numbers start again at 001, and last night's F-010 on the list would tell this morning's F-010
   * it had been called.
   */
  dropPastDays(): void {
    const timeZone = this.#timeZone;
    if (!timeZone) return;
    const today = dayIn(this.deps.clock.now(), timeZone);
    if (this.deps.board.keepOnly((c) => dayIn(c.at, timeZone) === today)) this.history = [...this.deps.board.history];
  }

  /** What the audio output says now (blocked at start-up, or unlocked by a gesture). */
  setSoundBlocked(blocked: boolean): void {
    this.soundBlocked = blocked;
  }

  #dropWithdrawnAnnouncement(): void {
    if (this.announcing && this.deps.board.withdrawn(this.announcing)) this.announcing = null;
  }

  #update(): void {
    this.history = [...this.deps.board.history];
    // NOTE: every step catches its own failures; this only reports a bug (the next call restarts the loop).
    this.#announcer.kick().catch((error: unknown) => console.error('turnero-display announcer stopped', error));
  }

  #record(entry: LogEntry): void {
    const line: DisplayLogEntry = { ...entry, userActivated: this.deps.userActivated() };
    this.log = [...this.log.slice(-(LOG_LIMIT - 1)), line];
    this.soundBlocked = entry.blocked;
    this.deps.onLog?.(line);
  }
}
