import type { Principal } from '@turnero/protocol';
import type { ClientSocket } from '../transport/socket.ts';
import type { Audience } from './audience.ts';

let nextConnectionId = 1;

/** One client's socket and what the hub knows of it. */
export class Connection {
  readonly id = nextConnectionId++;
  hello = false;
  principal: Principal | null = null;
  sessionToken: string | null = null;
  sessionExpiresAt = Number.POSITIVE_INFINITY;
  subscription: { officeId: string; audience: Audience } | null = null;
  /** Messages waiting while an asynchronous one (sign-in) is handled, so replies keep their order. */
  readonly queue: { text: string | null; bytes: number }[] = [];
  busy = false;
  closed = false;

  constructor(readonly socket: ClientSocket) {}
}
