import { describe, expect, it } from 'vitest';
import { SYNC_PROTOCOL_VERSION } from '@turnero/protocol';
import { fileEngine } from '../../test/file-engine.ts';
import { fakeSocket, refuseNextCommit, until } from '../../test/helpers.ts';
import { hashSecret } from '../auth/tokens.ts';
import { demoOffice } from '../demo.ts';
import { issueTicket } from '../domain/commands.ts';
import { SyncServer } from './sync-server.ts';
import { CENTRAL_OFFICE_ID, centralHandlers } from '../gateway/central-handlers.ts';

/** An office link that says hello and sends one batch the central refuses: resolved once the central has closed it. */
async function refusedBatch(server: SyncServer, hello: string, events: { seq: number; event: unknown }[]) {
  const socket = fakeSocket();
  const conn = server.accept(socket);
  conn.onMessage(hello, hello.length);
  const batch = JSON.stringify({ type: 'sync_events', batch: 1, events });
  conn.onMessage(batch, batch.length);
  await until(() => socket.closedWith !== null);
  return { socket, conn };
}

describe('SyncServer (the central, office → central)', () => {
  it('[S2] acknowledges a batch of events only once it is durable; a refused COMMIT sends sync_error and the resend is applied once', async () => {
    const { e, store } = fileEngine();
    store.central.createOfficeLink('cucuta-centro', hashSecret('link-token-1234'), e.clock());
    const server = new SyncServer(e, () => {}, () => {});
    const hello = JSON.stringify({ type: 'sync_hello', protocolVersion: SYNC_PROTOCOL_VERSION, token: 'link-token-1234', descriptor: demoOffice('http://office') });
    const [issued] = issueTicket(e.state('cucuta-centro'), { serviceId: 'pagos', preferentialClass: null, accountNumber: null, deviceId: null }, e.ctx());
    const batch = JSON.stringify({ type: 'sync_events', batch: 1, events: [{ seq: 1, event: issued }] });
    const tickets = () => store.db.prepare('SELECT count(*) FROM tickets').pluck().get();

    // The disk refuses the COMMIT of the batch holding the office's events.
    refuseNextCommit(store.db);
    const first = fakeSocket();
    const conn = server.accept(first);
    conn.onMessage(hello, hello.length);
    conn.onMessage(batch, batch.length);
    await until(() => first.closedWith !== null);
    expect(first.sent.map((m) => m.type)).toEqual(['sync_welcome', 'sync_error']);
    expect(first.sent[1]).toMatchObject({ code: 'INTERNAL' });
    expect([tickets(), store.central.linkLastSeq('cucuta-centro')]).toEqual([0, 0]);
    conn.onClose();

    // The office reconnects and resends from its last acknowledged event: applied once, then acknowledged.
    const second = fakeSocket();
    const again = server.accept(second);
    again.onMessage(hello, hello.length);
    again.onMessage(batch, batch.length);
    await until(() => second.sent.some((m) => m.type === 'sync_ack'));
    expect(second.sent.find((m) => m.type === 'sync_ack')).toMatchObject({ batch: 1, ackSeq: 1 });
    expect([tickets(), store.central.linkLastSeq('cucuta-centro')]).toEqual([1, 1]);
    // The next welcome names that event too, so the office can tell its own log from a replaced one.
    const third = fakeSocket();
    server.accept(third).onMessage(hello, hello.length);
    await until(() => third.sent.length > 0);
    expect(third.sent[0]).toMatchObject({ type: 'sync_welcome', ackSeq: 1, ackEvent: expect.stringMatching(/^ticket_issued \d+$/) });
  });

  it('[S3] an office writes only its own rows: an event naming or touching another office is refused, nothing of the batch is applied', async () => {
    const { e, store } = fileEngine();
    const seed = demoOffice('http://b');
    e.addOffice({ ...seed, office: { ...seed.office, id: 'ocana', name: 'Ocaña' } });
    store.central.createOfficeLink('cucuta-centro', hashSecret('link-token-1234'), e.clock());
    const server = new SyncServer(e, () => {}, () => {});
    const hello = JSON.stringify({ type: 'sync_hello', protocolVersion: SYNC_PROTOCOL_VERSION, token: 'link-token-1234', descriptor: demoOffice('http://office') });
    const [own] = issueTicket(e.state('cucuta-centro'), { serviceId: 'pagos', preferentialClass: null, accountNumber: null, deviceId: null }, e.ctx());
    const [theirs] = issueTicket(e.state('ocana'), { serviceId: 'pagos', preferentialClass: null, accountNumber: null, deviceId: null }, e.ctx());
    const callback = { id: 'cb-x', officeId: 'ocana', serviceId: null, name: 'X', phone: '3000000000', reason: 'r', reference: 'TC-X', createdAt: 0, status: 'open', source: 'kiosk', accountNumber: null, claimedBy: null, attempts: [], outcome: null, closedAt: null };
    const forged = [theirs, { type: 'callback_requested', at: 0, callback }];
    for (const event of forged) {
      const { socket, conn } = await refusedBatch(server, hello, [{ seq: 1, event: own }, { seq: 2, event }]);
      expect(socket.sent.at(-1)).toMatchObject({ type: 'sync_error', code: 'FORBIDDEN' });
      conn.onClose();
    }
    expect(store.db.prepare('SELECT count(*) FROM tickets').pluck().get()).toBe(0);
    expect(store.db.prepare('SELECT count(*) FROM callbacks').pluck().get()).toBe(0);
    expect(store.central.linkLastSeq('cucuta-centro')).toBe(0);
  });

  it('[S3] an event about another office’s ticket (cancelled, requeued, its print reported, a case on it) is refused: nothing of its batch applied; an unknown ticket is no one’s', async () => {
    const { e, store } = fileEngine();
    const seed = demoOffice('http://b');
    e.addOffice({ ...seed, office: { ...seed.office, id: 'ocana', name: 'Ocaña' } });
    const [theirs] = e.execute('ocana', (s, c) => issueTicket(s, { serviceId: 'pagos', preferentialClass: null, accountNumber: null, deviceId: null }, c), {
      ticket: { statusToken: 'st-o', deviceId: null, idempotencyKey: null },
    });
    e.drainSync();
    const ticketId = (theirs!.event as { ticket: { id: string } }).ticket.id;
    store.central.createOfficeLink('cucuta-centro', hashSecret('link-token-1234'), e.clock());
    const server = new SyncServer(e, () => {}, () => {});
    const hello = JSON.stringify({ type: 'sync_hello', protocolVersion: SYNC_PROTOCOL_VERSION, token: 'link-token-1234', descriptor: demoOffice('http://office') });
    const [own] = issueTicket(e.state('cucuta-centro'), { serviceId: 'pagos', preferentialClass: null, accountNumber: null, deviceId: null }, e.ctx());
    const at = e.clock();
    const recoveryCase = { id: 'case-x', officeId: 'cucuta-centro', ticketId, number: 'P001', serviceId: 'pagos', counterId: null, agentId: null, accountNumber: null, rating: 1, openedAt: at, status: 'open', followUps: [], outcome: null, closedAt: null };
    const forged = [
      { type: 'ticket_cancelled', at, ticketId, reason: 'x' },
      { type: 'ticket_requeued', at, ticketId },
      { type: 'print_reported', at, ticketId, outcome: 'failed', errorCode: null },
      { type: 'case_opened', at, case: recoveryCase },
    ];
    const tickets = () => store.db.prepare("SELECT count(*) FROM tickets WHERE office_id = 'cucuta-centro'").pluck().get();
    const ocanaEvents = () => store.db.prepare("SELECT count(*) FROM events WHERE office_id = 'ocana'").pluck().get();
    for (const event of forged) {
      const { socket, conn } = await refusedBatch(server, hello, [{ seq: 1, event: own }, { seq: 2, event }]);
      expect(socket.sent.at(-1), event.type).toMatchObject({ type: 'sync_error', code: 'FORBIDDEN', message: expect.stringContaining('ocana') });
      conn.onClose();
    }
    expect([tickets(), ocanaEvents(), store.central.linkLastSeq('cucuta-centro')]).toEqual([0, 1, 0]);
    expect(store.ticketById(ticketId)?.ticket.status).toBe('waiting');
    expect(store.db.prepare('SELECT count(*) FROM cases').pluck().get()).toBe(0);

    // A ticket id known nowhere here names no other office: the current rule (applied as sent) holds.
    const socket = fakeSocket();
    const conn = server.accept(socket);
    conn.onMessage(hello, hello.length);
    const batch = JSON.stringify({ type: 'sync_events', batch: 1, events: [{ seq: 1, event: own }, { seq: 2, event: { type: 'print_reported', at, ticketId: 'nobodys-ticket', outcome: 'printed', errorCode: null } }] });
    conn.onMessage(batch, batch.length);
    await until(() => socket.sent.some((m) => m.type === 'sync_ack'));
    expect(store.central.linkLastSeq('cucuta-centro')).toBe(2);
  });

  it('[S4] an office answers only its own pushes: a result for another office’s push is ignored (and logged), that push stays pending for its office', async () => {
    const { e, store } = fileEngine();
    const seed = demoOffice('http://b');
    const ocana = { ...seed, office: { ...seed.office, id: 'ocana', name: 'Ocaña' } };
    e.addOffice(ocana);
    store.central.createOfficeLink('cucuta-centro', hashSecret('link-token-1234'), e.clock());
    store.central.createOfficeLink('ocana', hashSecret('link-token-ocana'), e.clock());
    const lines: string[] = [];
    const server = new SyncServer(e, () => {}, (l) => lines.push(l));
    const service = { ...e.state('ocana').services.get('pagos')!, name: { es: 'Pagos Ocaña', en: 'Payments' } };
    store.central.setLinkProgress('ocana', 42, null, e.clock()); // the central holds Ocaña's log up to its event 42
    const { pushId, delivered } = server.push('ocana', [{ kind: 'service', service }]);
    expect(delivered).toBe(false);
    expect(store.central.pendingConfigPushes('ocana')).toEqual([{ id: pushId, changes: [{ kind: 'service', service }], basedOnSeq: 42 }]);

    const cucuta = fakeSocket();
    const conn = server.accept(cucuta);
    const hello = JSON.stringify({ type: 'sync_hello', protocolVersion: SYNC_PROTOCOL_VERSION, token: 'link-token-1234', descriptor: demoOffice('http://office') });
    conn.onMessage(hello, hello.length);
    await until(() => cucuta.sent.some((m) => m.type === 'sync_welcome'));
    const result = JSON.stringify({ type: 'config_push_result', pushId, ok: false, error: 'refused by someone else' });
    conn.onMessage(result, result.length);
    expect(store.central.pendingConfigPushes('ocana').map((p) => p.id)).toEqual([pushId]);
    expect(store.db.prepare('SELECT done_at, ok, error FROM config_pushes WHERE id = ?').get(pushId)).toEqual({ done_at: null, ok: null, error: null });
    expect(lines.some((l) => l.includes(pushId) && l.includes('cucuta-centro') && l.includes('ignored'))).toBe(true);

    // Its own office's answer still finishes it.
    const own = fakeSocket();
    const ocanaConn = server.accept(own);
    const ocanaHello = JSON.stringify({ type: 'sync_hello', protocolVersion: SYNC_PROTOCOL_VERSION, token: 'link-token-ocana', descriptor: ocana });
    ocanaConn.onMessage(ocanaHello, ocanaHello.length);
    await until(() => own.sent.some((m) => m.type === 'config_push'));
    // What the push was made against goes with it: the office refuses it over its own later changes.
    expect(own.sent.find((m) => m.type === 'config_push')).toMatchObject({ pushId, basedOnSeq: 42 });
    const answer = JSON.stringify({ type: 'config_push_result', pushId, ok: true, error: null });
    ocanaConn.onMessage(answer, answer.length);
    expect(store.central.pendingConfigPushes('ocana')).toEqual([]);
    expect(store.db.prepare('SELECT ok FROM config_pushes WHERE id = ?').get(pushId)).toEqual({ ok: 1 });

    // A push made to overwrite carries no base; a refusal is stored as the office sent it, and each
    // office's flag (pending, standing refusals) follows what is pushed and answered.
    expect(store.central.configPushCounts('ocana')).toEqual({ pending: 0, refused: 0 });
    const counter = { ...e.state('ocana').counters.get('modulo-1')!, serviceIds: ['no-existe'] };
    const refusedPush = server.push('ocana', [{ kind: 'counter', counter }], { overwrite: true });
    expect(store.central.pendingConfigPushes('ocana')).toEqual([{ id: refusedPush.pushId, changes: [{ kind: 'counter', counter }], basedOnSeq: null }]);
    expect(store.central.configPushCounts('ocana')).toEqual({ pending: 1, refused: 0 });
    const no = JSON.stringify({ type: 'config_push_result', pushId: refusedPush.pushId, ok: false, error: 'unknown services: no-existe', refusal: { reason: 'unknown_services', services: 'no-existe' } });
    ocanaConn.onMessage(no, no.length);
    expect(store.central.configPushes('ocana', 1)[0]).toMatchObject({ pushId: refusedPush.pushId, ok: false, basedOnSeq: null, refusal: { reason: 'unknown_services', services: 'no-existe' } });
    expect(store.central.configPushCounts('ocana')).toEqual({ pending: 0, refused: 1 });
    // A refusal the protocol does not know (a newer office) is kept as words only.
    const later = server.push('ocana', [{ kind: 'counter', counter }]);
    const odd = JSON.stringify({ type: 'config_push_result', pushId: later.pushId, ok: false, error: 'no', refusal: { reason: 'from_the_future' } });
    ocanaConn.onMessage(odd, odd.length);
    expect(store.central.configPushes('ocana', 1)[0]).toMatchObject({ pushId: later.pushId, error: 'no', refusal: null });
    expect(store.central.configPushCounts('ocana')).toEqual({ pending: 0, refused: 2 });
  });

  it('[S3] a connection that sends garbage or never says hello is closed, not kept open with nothing written', async () => {
    const { e, store } = fileEngine();
    const server = new SyncServer(e, () => {}, () => {}, 50);
    const garbage = fakeSocket();
    const conn = server.accept(garbage);
    const frame = JSON.stringify({ type: 'sync_events', batch: 1, events: 'nope' });
    conn.onMessage(frame, frame.length);
    await until(() => garbage.closedWith !== null);
    expect(garbage.sent).toMatchObject([{ type: 'sync_error', code: 'INVALID_MESSAGE' }]);
    conn.onClose();
    const silent = fakeSocket();
    const quiet = server.accept(silent);
    await until(() => silent.closedWith !== null);
    expect(silent.sent).toEqual([]);
    quiet.onClose();
    expect(store.db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(0);
  });

  it('[S3] a new link token for an office closes the connection made with the old one, which then no longer signs in', async () => {
    const { e, store } = fileEngine();
    store.central.createOfficeLink('cucuta-centro', hashSecret('link-token-1234'), e.clock());
    const server = new SyncServer(e, () => {}, () => {});
    const hello = JSON.stringify({ type: 'sync_hello', protocolVersion: SYNC_PROTOCOL_VERSION, token: 'link-token-1234', descriptor: demoOffice('http://office') });
    const leaked = fakeSocket();
    server.accept(leaked).onMessage(hello, hello.length);
    await until(() => leaked.sent.some((m) => m.type === 'sync_welcome'));
    const handlers = centralHandlers(e, () => server);
    const { data } = handlers.create_office_link({ kind: 'user', id: 'admin-c', officeId: CENTRAL_OFFICE_ID, name: 'Admin', role: 'admin', counterId: null }, { officeId: 'cucuta-centro' });
    expect(leaked.closedWith).toBe(4003);
    const again = fakeSocket();
    server.accept(again).onMessage(hello, hello.length);
    await until(() => again.closedWith !== null);
    expect(again.sent).toMatchObject([{ type: 'sync_error', code: 'INVALID_TOKEN' }]);
    expect((data as { token: string }).token).toMatch(/.{20,}/);
  });

  it('[S2] a welcome read while a batch was open is not sent if that batch is refused: the office is told and reconnects', async () => {
    const { e, store } = fileEngine();
    store.central.createOfficeLink('cucuta-centro', hashSecret('link-token-1234'), e.clock());
    const server = new SyncServer(e, () => {}, () => {});
    const hello = JSON.stringify({ type: 'sync_hello', protocolVersion: SYNC_PROTOCOL_VERSION, token: 'link-token-1234', descriptor: demoOffice('http://office') });
    // A batch is open (here a ticket; at a central, another office's events) and its COMMIT will fail.
    e.execute('cucuta-centro', (s, c) => issueTicket(s, { serviceId: 'pagos', preferentialClass: null, accountNumber: null, deviceId: null }, c), { ticket: { statusToken: 'st-1', deviceId: null, idempotencyKey: null } });
    refuseNextCommit(store.db);
    const office = fakeSocket();
    server.accept(office).onMessage(hello, hello.length);
    await until(() => office.closedWith !== null);
    expect(office.sent).toMatchObject([{ type: 'sync_error', code: 'INTERNAL' }]);
    expect(store.db.prepare('SELECT count(*) FROM tickets').pluck().get()).toBe(0);
  });
});
