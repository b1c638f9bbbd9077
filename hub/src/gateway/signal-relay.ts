import { ErrorCode, HubError, type Principal, type Ticket } from '@turnero/protocol';
import type { OfficeEngine } from '../office-engine.ts';
import type { Connection } from './connection.ts';

/** Messages kept for a side that is not connected yet (an offer sent before the booth reconnects). */
const MAX_PENDING = 64;

type Side = 'agent' | 'booth';

const keyOf = (p: Principal) => `${p.kind}:${p.id}`;

/**
 * Which call of a ticket a message belongs to: its agent and when it last joined its queue (a
 * transfer or a requeue, then another call, is another call; a recall is the same one).
 */
const callOf = (t: Ticket) => `${t.agentId ?? ''}@${t.queuedAt}`;

/**
 * WebRTC signalling for "Asesor en línea" (SPEC V1–V3): relayed only between the agent who called a
 * video ticket and the booth that issued it, while the ticket is called or being served; queued for a
 * side that joins late.
 */
export class SignalRelay {
  /** Per recipient, what waits for it, with the call it belongs to: the ticket's agent and place in its queue. */
  readonly #pending = new Map<string, { ticketId: string; call: string; frame: string }[]>();

  constructor(
    readonly engine: OfficeEngine,
    readonly connections: () => Iterable<Connection>,
  ) {}

  /** The live video ticket and which side `p` is on; FORBIDDEN for anyone else. */
  #sides(p: Principal, ticketId: string): { ticket: Ticket; from: Side; to: string } {
    const ticket = this.engine.has(p.officeId) ? this.engine.state(p.officeId).active.get(ticketId) : undefined;
    if (!ticket || (ticket.status !== 'called' && ticket.status !== 'serving')) throw new HubError(ErrorCode.FORBIDDEN, 'no call in progress for this ticket');
    const service = this.engine.state(p.officeId).services.get(ticket.serviceId);
    if (service?.mode !== 'video') throw new HubError(ErrorCode.FORBIDDEN, 'this is not a video ticket');
    const boothId = this.engine.store.ticketDeviceId(ticket.id);
    if (p.kind === 'user' && ticket.agentId === p.id && boothId) return { ticket, from: 'agent', to: `device:${boothId}` };
    if (p.kind === 'device' && p.role === 'kiosk' && boothId === p.id && ticket.agentId) return { ticket, from: 'booth', to: `user:${ticket.agentId}` };
    throw new HubError(ErrorCode.FORBIDDEN, 'only the agent who called this ticket and its booth may exchange signalling');
  }

  relay(p: Principal, ticketId: string, data: Record<string, unknown>): { delivered: boolean } {
    const { ticket, from, to } = this.#sides(p, ticketId);
    const frame = JSON.stringify({ type: 'signal', ticketId, from, data });
    let delivered = false;
    for (const c of this.connections()) {
      if (c.closed || !c.principal || keyOf(c.principal) !== to) continue;
      this.engine.afterCommit(() => c.closed || c.socket.send(frame));
      delivered = true;
    }
    if (!delivered) {
      const queue = this.#pending.get(to) ?? [];
      queue.push({ ticketId, call: callOf(ticket), frame });
      if (queue.length > MAX_PENDING) queue.splice(0, queue.length - MAX_PENDING);
      this.#pending.set(to, queue);
    }
    return { delivered };
  }

  /** Delivers what waited for this principal, for tickets still in the same call (not one after a transfer or a requeue). */
  flush(conn: Connection): void {
    const p = conn.principal;
    if (!p) return;
    const queue = this.#pending.get(keyOf(p));
    if (!queue) return;
    this.#pending.delete(keyOf(p));
    const active = this.engine.has(p.officeId) ? this.engine.state(p.officeId).active : new Map<string, Ticket>();
    for (const m of queue) {
      const t = active.get(m.ticketId);
      if (t && (t.status === 'called' || t.status === 'serving') && callOf(t) === m.call) this.engine.afterCommit(() => conn.closed || conn.socket.send(m.frame));
    }
  }
}
