import { ErrorCode, HubError, type OfficeSnapshot, type QueueStats } from '@turnero/protocol';
import { HubClient, type HubClientOptions } from '@turnero/protocol/client';
import type { DeskSession } from '../shared/desk-session.svelte.ts';
import { LiveOffice } from '../shared/live-office.svelte.ts';

/** One office's live data as the board reads it: the book, the snapshot (devices) and the stats. */
export interface OfficeFeed {
  readonly office: LiveOffice;
  readonly snapshot: OfficeSnapshot | null;
  readonly stats: readonly QueueStats[];
  readonly online: boolean;
  /** The office to name in requests (a drilled-down office at the central); undefined for one's own. */
  readonly officeId: string | undefined;
}

/** The signed-in person's own office, from the session's subscription. */
export class SessionFeed implements OfficeFeed {
  readonly officeId = undefined;
  constructor(private readonly session: DeskSession) {}
  get office(): LiveOffice {
    return this.session.office;
  }
  get snapshot(): OfficeSnapshot | null {
    return this.session.connection.snapshot;
  }
  get stats(): readonly QueueStats[] {
    return this.session.connection.stats;
  }
  get online(): boolean {
    return this.session.online;
  }
}

/**
 * Another office seen from the central hub (SPEC S5): a second connection with the same session
 * token, subscribed with `officeId`, so the session's own subscription stays as it is.
 */
export class RemoteFeed implements OfficeFeed {
  readonly office = new LiveOffice();
  snapshot = $state.raw<OfficeSnapshot | null>(null);
  stats = $state.raw<readonly QueueStats[]>([]);
  online = $state(false);
  /** The hub refused this office's feed for good (the office is gone, the user no longer central staff): shown instead of a board that never fills. */
  refused = $state.raw<HubError | null>(null);
  readonly #client: HubClient;

  constructor(
    url: string,
    token: string,
    readonly officeId: string,
    createSocket?: HubClientOptions['createSocket'],
  ) {
    this.#client = new HubClient({ url, credentials: { kind: 'session', token }, createSocket });
    this.#client.onState((s) => (this.online = s === 'online'));
  }

  /** Connects and subscribes; returns the function that disconnects (fit for `$effect`). */
  start(): () => void {
    this.#client.start();
    void this.#client
      .subscribe(
        {
          onSnapshot: (snapshot) => {
            this.refused = null;
            this.snapshot = snapshot;
            this.stats = snapshot.stats;
            this.office.applySnapshot(snapshot);
          },
          onEvent: (event) => this.office.applyEvent(event),
          onStats: (stats, at) => {
            this.stats = stats;
            this.office.clock.observe(at);
          },
          onRefused: (error) => (this.refused = error),
        },
        this.officeId,
      )
      .catch((error: unknown) => {
        // Refused for good; a lost link or a timeout the client retries by itself.
        if (error instanceof HubError && (error.code === ErrorCode.FORBIDDEN || error.code === ErrorCode.NOT_FOUND)) this.refused = error;
      });
    return () => this.#client.stop();
  }
}
