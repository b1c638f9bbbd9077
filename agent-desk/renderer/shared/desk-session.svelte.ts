import { ErrorCode, HubError, type Principal, type RequestPayload, type RequestType, type ResponseData } from '@turnero/protocol';
import type { WebSocketLike } from '@turnero/protocol/client';
import { HubConnection, type TokenStore } from '@turnero/app-kit/renderer';
import { LiveOffice } from './live-office.svelte.ts';

export interface DeskSessionOptions {
  url: string;
  /** Where the session token lives ('turnero.desk.session'). */
  tokens: TokenStore;
  createSocket?: (url: string) => WebSocketLike;
}

/** Why the sign-in screen is showing, when it is not the first time. */
export type SignInNotice = 'expired' | 'signed_out';

interface Link {
  connection: HubConnection;
  office: LiveOffice;
}

const REFUSED: readonly string[] = [ErrorCode.SESSION_EXPIRED, ErrorCode.INVALID_TOKEN, ErrorCode.NOT_AUTHENTICATED];

/**
 * A person's session at this desk: sign in, the live office, every request, and sign out. A
 * session the hub refuses (expired, revoked) ends here, whichever request finds out, and the desk
 * goes back to sign-in saying why. Each sign-in gets a fresh connection, so nothing of the last
 * person's subscription survives.
 */
export class DeskSession {
  #link = $state.raw<Link | null>(null);
  #notice = $state<SignInNotice | null>(null);
  /** This link has been signed in (or started with a stored token). */
  #hadSession = $state(false);
  readonly #opts: DeskSessionOptions;

  constructor(opts: DeskSessionOptions) {
    this.#opts = opts;
    this.#open();
  }

  get connection(): HubConnection {
    return this.#current().connection;
  }

  get office(): LiveOffice {
    return this.#current().office;
  }

  get online(): boolean {
    return this.connection.online;
  }

  /** Who is signed in, or null (sign-in screen). */
  get principal(): Principal | null {
    const c = this.connection;
    return c.needsCredentials ? null : c.principal;
  }

  get notice(): SignInNotice | null {
    if (this.#notice) return this.#notice;
    return this.#hadSession && this.connection.needsCredentials ? 'expired' : null;
  }

  /** Signs in; rejects with the hub's error (INVALID_CREDENTIALS, RATE_LIMITED, OFFLINE…). */
  async signIn(username: string, password: string): Promise<void> {
    const { connection } = this.#current();
    const { token } = await connection.client.request('login', { username, password });
    await connection.useToken(token);
    this.#notice = null;
    this.#hadSession = true;
  }

  /** Ends the session at the hub (when reachable) and here. */
  async signOut(): Promise<void> {
    try {
      await this.connection.client.request('logout', {});
    } catch {
      // NOTE: offline or already expired: the token is forgotten here either way.
    }
    this.#restart('signed_out');
  }

  /** A request as this person; a refused session ends the session (and still rejects). */
  async request<T extends RequestType>(type: T, payload: RequestPayload<T>): Promise<ResponseData[T]> {
    const link = this.#current();
    try {
      return await link.connection.client.request(type, payload);
    } catch (error) {
      if (error instanceof HubError && REFUSED.includes(error.code) && link === this.#link) this.#restart('expired');
      throw error;
    }
  }

  stop(): void {
    this.connection.stop();
  }

  #current(): Link {
    const link = this.#link;
    if (!link) throw new Error('desk session has no connection');
    return link;
  }

  #open(): void {
    const office = new LiveOffice();
    const connection = new HubConnection({
      url: this.#opts.url,
      tokens: this.#opts.tokens,
      kind: 'session',
      ...(this.#opts.createSocket ? { createSocket: this.#opts.createSocket } : {}),
      onSnapshot: (snapshot) => office.applySnapshot(snapshot),
      onEvent: (event) => office.applyEvent(event),
      onStats: (_stats, at) => office.clock.observe(at),
    });
    this.#hadSession = !connection.needsCredentials;
    this.#link = { connection, office };
    void connection.start();
  }

  #restart(notice: SignInNotice): void {
    this.#opts.tokens.clear();
    this.connection.stop();
    this.#open();
    this.#notice = notice;
  }
}
