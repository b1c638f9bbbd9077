import { ErrorCode, type HubEvent, type OfficeSnapshot, type Principal, type QueueStats } from '@turnero/protocol';
import { HubClient, type ConnectionState, type Credentials, type WebSocketLike } from '@turnero/protocol/client';
import { adoptHashToken, type TokenStore } from './token-store.ts';

export interface HubConnectionOptions {
  url: string;
  /** Device apps keep a device token here; people's apps keep a session token. */
  tokens: TokenStore;
  kind: 'device' | 'session';
  createSocket?: (url: string) => WebSocketLike;
  onEvent?: (event: HubEvent, seq: number) => void;
  onSnapshot?: (snapshot: OfficeSnapshot) => void;
  /** The hub refused this app's protocol version (the hub was upgraded): called each time it says so. */
  onOutdated?: () => void;
  /** The queue figures, stamped with the hub's time (sent after every subscribe and on changes): a time source for HubClock. */
  onStats?: (stats: QueueStats[], at: number) => void;
}

/**
 * Reactive wrapper of the hub client for a Svelte app: connection state, who we are, the office
 * snapshot and live stats. A device whose token the hub refuses goes back to pairing.
 */
export class HubConnection {
  state = $state<ConnectionState>('offline');
  principal = $state<Principal | null>(null);
  snapshot = $state<OfficeSnapshot | null>(null);
  stats = $state<QueueStats[]>([]);
  /** Set when there is no token, or the hub refused it: the app shows pairing or sign-in. */
  needsCredentials = $state(false);
  /** The hub speaks another protocol version: this app (or the hub) must be updated; the app says so while it keeps retrying. */
  outdated = $state(false);
  readonly client: HubClient;

  constructor(readonly opts: HubConnectionOptions) {
    adoptHashToken(opts.tokens);
    const token = opts.tokens.get();
    const credentials: Credentials | null = token ? { kind: opts.kind, token } : null;
    this.needsCredentials = credentials === null;
    this.client = new HubClient({ url: opts.url, credentials, ...(opts.createSocket ? { createSocket: opts.createSocket } : {}) });
    this.client.onState((s) => {
      this.state = s;
      this.principal = this.client.principal;
      this.outdated = this.client.refusal?.code === ErrorCode.PROTOCOL_VERSION;
      if (this.outdated) opts.onOutdated?.();
      // Set only when the hub refused the token itself (isAuthRefusal), never for a failure to answer.
      if (this.client.authError) {
        opts.tokens.clear();
        this.needsCredentials = true;
      }
    });
  }

  get online(): boolean {
    return this.state === 'online';
  }

  /** Connects and subscribes to the office; keeps doing so across drops. */
  async start(): Promise<void> {
    this.client.start();
    await this.#subscribe();
  }

  /** Stores new credentials (after pairing or sign-in) and authenticates with them now. */
  async useToken(token: string): Promise<void> {
    this.opts.tokens.set(token);
    this.needsCredentials = false;
    this.principal = await this.client.authenticate({ kind: this.opts.kind, token });
    await this.#subscribe();
  }

  #subscribe(): Promise<void> {
    return this.client.subscribe({
      onSnapshot: (snapshot) => {
        this.snapshot = snapshot;
        this.stats = snapshot.stats;
        this.opts.onSnapshot?.(snapshot);
      },
      onEvent: (event, seq) => this.opts.onEvent?.(event, seq),
      onStats: (stats, at) => {
        this.stats = stats;
        this.opts.onStats?.(stats, at);
      },
    });
  }

  /** Trades a one-time pairing code for this device's token. */
  async pair(code: string, name: string): Promise<void> {
    const { token } = await this.client.request('pair_device', { code, name });
    await this.useToken(token);
  }

  stop(): void {
    this.client.stop();
  }
}
