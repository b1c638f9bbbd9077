import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { asRefusal, ErrorCode, HubError, SYNC_PROTOCOL_VERSION, SyncUp, type ConfigPushChange, type SequencedEvent, type SyncDown } from '@turnero/protocol';
import { hashSecret } from '../auth/tokens.ts';
import type { OfficeEngine } from '../office-engine.ts';
import type { ClientSocket, ConnectionAcceptor, ConnectionHandlers } from '../transport/socket.ts';

interface SyncConn {
  socket: ClientSocket;
  officeId: string | null;
  closed: boolean;
}

/**
 * The central hub's end of office sync (SPEC S1–S4): authenticates an office by its link token,
 * takes its catalogue, applies its events exactly once and in order, acknowledges each batch only
 * after the commit, and delivers configuration pushed to that office.
 */
export class SyncServer implements ConnectionAcceptor {
  readonly #conns = new Set<SyncConn>();
  /** Per office, when its hub was last heard from (central clock): its last message, or its link closing. */
  readonly #lastHeard = new Map<string, number>();

  constructor(
    readonly engine: OfficeEngine,
    /** Fans out events just written (the hub passes the gateway's publishCommitted, which waits for their commit), as the office's SyncClient does. */
    readonly publish: (events: SequencedEvent[]) => void,
    readonly log: (line: string) => void,
    /** A connection that has not said a valid sync_hello by then is closed. */
    readonly helloDeadlineMs = 15_000,
  ) {}

  accept(socket: ClientSocket): ConnectionHandlers {
    const conn: SyncConn = { socket, officeId: null, closed: false };
    this.#conns.add(conn);
    const deadline = setTimeout(() => {
      if (!conn.closed && conn.officeId === null) socket.close(4003, 'NOT_AUTHENTICATED');
    }, this.helloDeadlineMs);
    deadline.unref?.();
    return {
      onMessage: (text) => {
        this.#onMessage(conn, text);
        this.#heard(conn);
      },
      onClose: () => {
        clearTimeout(deadline);
        this.#heard(conn);
        conn.closed = true;
        this.#conns.delete(conn);
      },
    };
  }

  connected(officeId: string): boolean {
    for (const c of this.#conns) if (c.officeId === officeId && !c.closed) return true;
    return false;
  }

  /** When the office's hub was last heard from since this central started (null: not since). */
  lastHeard(officeId: string): number | null {
    return this.#lastHeard.get(officeId) ?? null;
  }

  #heard(conn: SyncConn): void {
    if (conn.officeId !== null && !conn.closed) this.#lastHeard.set(conn.officeId, this.engine.clock());
  }

  /** Queues a configuration change for an office (durably) and sends it now if the office is online (`overwrite`: over the office's own changes since, see SPEC S4). */
  push(officeId: string, changes: ConfigPushChange[], opts: { overwrite?: boolean } = {}): { pushId: string; delivered: boolean } {
    const pushId = randomUUID();
    // What whoever pushed could have seen of the office; an overwrite is applied over whatever it changed since.
    const basedOnSeq = opts.overwrite ? null : this.engine.store.central.linkLastSeq(officeId);
    this.engine.store.central.insertConfigPush(pushId, officeId, changes, this.engine.clock(), basedOnSeq);
    let delivered = false;
    for (const c of this.#conns) {
      if (c.officeId !== officeId || c.closed) continue;
      this.#sendDurable(c, { type: 'config_push', pushId, changes, basedOnSeq });
      delivered = true;
    }
    return { pushId, delivered };
  }

  /** Closes an office's sync connections (its link token was replaced: one that leaked must not keep a session open). */
  disconnect(officeId: string, reason: string): void {
    for (const c of this.#conns) if (c.officeId === officeId && !c.closed) c.socket.close(4003, reason);
  }

  close(): void {
    for (const c of this.#conns) c.socket.close(1001, 'central shutting down');
  }

  /** Queued behind the open commit batch, and sent whatever became of it (errors). */
  #send(conn: SyncConn, msg: SyncDown): void {
    const text = JSON.stringify(msg);
    this.engine.afterCommit(() => conn.closed || conn.socket.send(text));
  }

  /**
   * For what reports or was read from the open batch (an acknowledgement, the last sequence applied,
   * a configuration push): sent only once that batch is durable. If it is refused, the office is told
   * and disconnected instead, and resumes from what the central had made durable.
   */
  #sendDurable(conn: SyncConn, msg: SyncDown): void {
    const text = JSON.stringify(msg);
    this.engine.afterCommit((committed) => {
      if (!committed) return this.#refuse(conn, 'INTERNAL', 'could not save; resend from the last acknowledged event', true);
      if (!conn.closed) conn.socket.send(text);
    });
  }

  #refuse(conn: SyncConn, code: string, message: string, close: boolean): void {
    this.#send(conn, { type: 'sync_error', code, message });
    if (close) this.engine.afterCommit(() => conn.socket.close(4003, code));
  }

  #onMessage(conn: SyncConn, text: string | null): void {
    let msg: SyncUp;
    try {
      const parsed = SyncUp.safeParse(JSON.parse(text ?? ''));
      // Closed, not kept: an office whose batch is refused must not sit "connected" with it in flight, and
      // nobody gets to send large frames over and over without a token.
      if (!parsed.success) return this.#refuse(conn, 'INVALID_MESSAGE', z.prettifyError(parsed.error).slice(0, 500), true);
      msg = parsed.data;
    } catch {
      return this.#refuse(conn, 'BAD_JSON', 'message is not valid JSON', true);
    }
    try {
      switch (msg.type) {
        case 'sync_hello':
          return this.#hello(conn, msg);
        case 'sync_events': {
          if (!conn.officeId) return this.#refuse(conn, 'NOT_AUTHENTICATED', 'send sync_hello first', true);
          const { applied, lastSeq } = this.engine.applyExternal(conn.officeId, msg.events);
          // Acknowledged only once durable: the office forgets nothing before that, and resends after a refusal.
          this.#sendDurable(conn, { type: 'sync_ack', batch: msg.batch, ackSeq: lastSeq });
          if (applied.length) this.publish(applied);
          return;
        }
        case 'config_push_result':
          if (!conn.officeId) return;
          if (!this.engine.store.central.finishConfigPush(msg.pushId, conn.officeId, { ok: msg.ok, error: msg.error, refusal: msg.ok ? null : asRefusal(msg.refusal ?? null) }, this.engine.clock())) {
            // Another office's push (a link token answers only for its own office), an unknown one, or one already answered.
            const owner = this.engine.store.central.configPushOffice(msg.pushId);
            if (owner !== conn.officeId) this.log(`sync: ignored ${conn.officeId}'s result for config push ${msg.pushId}, ${owner === null ? 'which does not exist' : `made to office ${owner}`}`);
            return;
          }
          if (!msg.ok) this.log(`config push ${msg.pushId} to ${conn.officeId} failed: ${msg.error}`);
          return;
      }
    } catch (error) {
      this.log(`sync from ${conn.officeId ?? 'unknown office'} failed: ${String(error)}`);
      if (error instanceof HubError && error.code === ErrorCode.FORBIDDEN) return this.#refuse(conn, 'FORBIDDEN', error.message, true);
      this.#refuse(conn, 'INTERNAL', 'could not apply; resend from the last acknowledged event', true);
    }
  }

  #hello(conn: SyncConn, msg: Extract<SyncUp, { type: 'sync_hello' }>): void {
    if (msg.protocolVersion !== SYNC_PROTOCOL_VERSION) return this.#refuse(conn, 'PROTOCOL_VERSION', `central speaks sync protocol ${SYNC_PROTOCOL_VERSION}`, true);
    const link = this.engine.store.central.officeLinkByToken(hashSecret(msg.token));
    if (!link) return this.#refuse(conn, 'INVALID_TOKEN', 'unknown office token', true);
    if (link.officeId !== msg.descriptor.office.id) return this.#refuse(conn, 'FORBIDDEN', `this token belongs to office ${link.officeId}`, true);
    const seed = msg.descriptor;
    if (this.engine.has(link.officeId)) {
      this.engine.store.transaction(() => this.engine.store.replaceCatalog(seed));
      this.engine.reloadOffice(link.officeId);
    } else {
      this.engine.addOffice(seed);
    }
    for (const c of this.#conns) if (c !== conn && c.officeId === link.officeId) c.socket.close(4009, 'replaced by a newer connection');
    conn.officeId = link.officeId;
    // Read with a batch perhaps open (another office's events, this catalogue): durable first.
    this.#sendDurable(conn, { type: 'sync_welcome', ackSeq: link.lastSeq, ackEvent: link.lastEvent });
    for (const p of this.engine.store.central.pendingConfigPushes(link.officeId)) this.#sendDurable(conn, { type: 'config_push', pushId: p.id, changes: p.changes as ConfigPushChange[], basedOnSeq: p.basedOnSeq });
  }
}
