import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, HubError, type HubEvent } from '@turnero/protocol';
import { connect, fakeSocket, key, pairDevice, rawSocket, refuseNextCommit, signIn, startTestHub, until, type TestHub } from '../../test/helpers.ts';

let t: TestHub;
let kioskToken: string;
let displayToken: string;

beforeAll(async () => {
  t = await startTestHub({ settings: { issueRatePerMinute: 600 } });
  kioskToken = await pairDevice(t.hub.wsUrl, 'kiosk', 'Kiosco entrada');
  displayToken = await pairDevice(t.hub.wsUrl, 'display', 'Pantalla sala');
});
afterAll(() => t.close());

const codeOf = (e: unknown) => (e instanceof HubError ? e.code : String(e));

async function issue(client: Awaited<ReturnType<typeof connect>>, serviceId = 'facturacion', preferentialClass: string | null = null) {
  return client.request('issue_ticket', { serviceId, preferentialClass, accountNumber: null, lang: 'es', idempotencyKey: key() });
}

/** A connection driven by hand, without a network: each frame is handled at once, in this turn; hello and `auth` done. */
async function handDriven(auth: object) {
  const socket = fakeSocket();
  const conn = t.hub.gateway.accept(socket);
  const send = (m: object) => {
    const text = JSON.stringify(m);
    conn.onMessage(text, text.length);
  };
  send({ id: 'h', type: 'hello', payload: { protocolVersion: 1 } });
  send({ id: 'a', ...auth });
  await until(() => socket.sent.length === 2);
  return { socket, send, close: () => conn.onClose() };
}

describe('gateway through the real hub', () => {
  it('[C6] two agents calling next at the same moment never get the same ticket', async () => {
    const kiosk = await connect(t.hub.wsUrl, { kind: 'device', token: kioskToken });
    const a = await signIn(t.hub.wsUrl, 'agente1');
    const b = await signIn(t.hub.wsUrl, 'agente2');
    await a.client.request('open_counter', { counterId: 'modulo-1' });
    await b.client.request('open_counter', { counterId: 'modulo-3' });
    const issued = new Set<string>();
    for (let i = 0; i < 20; i++) issued.add((await issue(kiosk)).ticket.id);
    const called: string[] = [];
    for (let round = 0; round < 10; round++) {
      const [ra, rb] = await Promise.all([a.client.request('call_next', {}), b.client.request('call_next', {})]);
      called.push(ra.ticket.id, rb.ticket.id);
      await Promise.all([a.client.request('mark_no_show', { ticketId: ra.ticket.id }), b.client.request('mark_no_show', { ticketId: rb.ticket.id })]);
    }
    expect(new Set(called).size).toBe(called.length);
    for (const id of called) expect(issued.has(id)).toBe(true);
    await a.client.request('close_counter', {});
    await b.client.request('close_counter', {});
    for (const c of [kiosk, a.client, b.client]) c.stop();
  });

  it('refuses a display that tries to call or issue (FORBIDDEN), and writes nothing', async () => {
    const display = await connect(t.hub.wsUrl, { kind: 'device', token: displayToken });
    const before = t.hub.store.lastSeq('cucuta-centro');
    await expect(display.request('call_next', {})).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.FORBIDDEN);
    await expect(issue(display)).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.FORBIDDEN);
    expect(t.hub.store.lastSeq('cucuta-centro')).toBe(before);
    expect(display.state).toBe('online');
    display.stop();
  });

  it('refuses a tampered device token and a tampered session token', async () => {
    const flip = (s: string) => s.slice(0, -1) + (s.endsWith('A') ? 'B' : 'A');
    const c = await connect(t.hub.wsUrl);
    await expect(c.request('auth_device', { token: flip(kioskToken) })).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.INVALID_TOKEN);
    const { token, client } = await signIn(t.hub.wsUrl, 'supervisor');
    await expect(c.request('auth_session', { token: flip(token) })).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.INVALID_TOKEN);
    await expect(c.request('call_next', {})).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.NOT_AUTHENTICATED);
    c.stop();
    client.stop();
  });

  it('refuses wrong passwords and pairing codes, then that name (or pairing) from that address for a while (RATE_LIMITED); other people there still sign in', async () => {
    const local = await startTestHub();
    const c = await connect(local.hub.wsUrl);
    await expect(c.request('login', { username: 'nadie', password: 'nope' })).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.INVALID_CREDENTIALS);
    for (let i = 0; i < 10; i++) await expect(c.request('login', { username: 'agente1', password: `nope-${i}` })).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.INVALID_CREDENTIALS);
    await expect(c.request('login', { username: 'agente1', password: 'agente1-demo' })).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.RATE_LIMITED);
    await expect(c.request('login', { username: 'AGENTE1', password: 'agente1-demo' })).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.RATE_LIMITED);
    // Everyone behind one address (an office's router, a reverse proxy) is not locked out by one person's typos.
    const other = await connect(local.hub.wsUrl);
    expect((await other.request('login', { username: 'agente2', password: 'agente2-demo' })).principal.id).toBe('user-agente2');
    for (let i = 0; i < 10; i++) await expect(c.request('pair_device', { code: '000000', name: 'x' })).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.INVALID_PAIRING_CODE);
    await expect(c.request('pair_device', { code: '000000', name: 'x' })).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.RATE_LIMITED);
    for (const x of [c, other]) x.stop();
    await local.close();
  });

  it('an address spraying guesses over many names is refused altogether past thirty failures', async () => {
    const local = await startTestHub();
    const c = await connect(local.hub.wsUrl);
    for (let i = 0; i < 30; i++) await expect(c.request('login', { username: `nadie-${i}`, password: 'x' })).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.INVALID_CREDENTIALS);
    await expect(c.request('login', { username: 'agente2', password: 'agente2-demo' })).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.RATE_LIMITED);
    c.stop();
    await local.close();
  });

  it('guesses sent side by side count before their answers: at most ten passwords are checked, the rest RATE_LIMITED', async () => {
    const local = await startTestHub();
    // One connection's requests are answered in turn; forty connections from one address are not.
    const clients = await Promise.all(Array.from({ length: 40 }, () => connect(local.hub.wsUrl)));
    const results = await Promise.allSettled(clients.map((c, i) => c.request('login', { username: 'agente1', password: `guess-${i}` })));
    const codes = results.map((r) => (r.status === 'rejected' ? codeOf(r.reason) : 'signed in'));
    expect(codes.filter((x) => x === ErrorCode.INVALID_CREDENTIALS)).toHaveLength(10);
    expect(codes.filter((x) => x === ErrorCode.RATE_LIMITED)).toHaveLength(30);
    for (const c of clients) c.stop();
    await local.close();
  });

  it('a session past its time is refused with SESSION_EXPIRED', async () => {
    let now = Date.now();
    const local = await startTestHub({ clock: () => now, sessionTtlMs: 60_000 });
    const { client, token } = await signIn(local.hub.wsUrl, 'agente1');
    await client.request('open_counter', { counterId: 'modulo-1' });
    now += 61_000;
    await expect(client.request('set_agent_status', { status: 'paused', reason: 'lunch' })).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.SESSION_EXPIRED);
    await expect(client.request('call_next', {})).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.NOT_AUTHENTICATED);
    const other = await connect(local.hub.wsUrl);
    await expect(other.request('auth_session', { token })).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.SESSION_EXPIRED);
    client.stop();
    other.stop();
    await local.close();
  });

  it('a paired device token cannot be reused after revocation; a pairing code works once', async () => {
    const { client: admin } = await signIn(t.hub.wsUrl, 'admin');
    const { code } = await admin.request('create_pairing_code', { kind: 'display', name: 'TV 2', counterId: null });
    const d = await connect(t.hub.wsUrl);
    const paired = await d.request('pair_device', { code, name: 'TV 2' });
    expect(paired.principal.role).toBe('display');
    const d2 = await connect(t.hub.wsUrl);
    await expect(d2.request('pair_device', { code, name: 'again' })).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.INVALID_PAIRING_CODE);
    const { devices } = await admin.request('list_devices', {});
    const tv = devices.find((x) => x.id === paired.principal.id);
    expect(tv?.online).toBe(true);
    await admin.request('revoke_device', { deviceId: paired.principal.id });
    await expect(d2.request('auth_device', { token: paired.token })).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.INVALID_TOKEN);
    // Revoked twice: recorded once.
    await admin.request('revoke_device', { deviceId: paired.principal.id });
    expect(t.hub.store.db.prepare("SELECT count(*) FROM events WHERE type = 'device_revoked' AND data LIKE ?").pluck().get(`%${paired.principal.id}%`)).toBe(1);
    for (const c of [admin, d, d2]) c.stop();
  });

  it('a revoked kiosk is refused at once, also on a socket that ignores the close (a stolen kiosk keeps sending)', async () => {
    const token = await pairDevice(t.hub.wsUrl, 'kiosk', 'Kiosco robado');
    const stolen = await handDriven({ type: 'auth_device', payload: { token } });
    const deviceId = (stolen.socket.sent[1] as { data: { principal: { id: string } } }).data.principal.id;
    const { client: admin } = await signIn(t.hub.wsUrl, 'admin');
    await admin.request('revoke_device', { deviceId });
    admin.stop();
    expect(stolen.socket.closedWith).toBe(4001);
    const before = t.hub.store.lastSeq('cucuta-centro');
    stolen.send({ id: 'i', type: 'issue_ticket', payload: { serviceId: 'pagos', preferentialClass: null, accountNumber: null, lang: 'es', idempotencyKey: key() } });
    await until(() => stolen.socket.sent.some((m) => m.id === 'i'));
    expect(stolen.socket.sent.find((m) => m.id === 'i')).toMatchObject({ type: 'error', code: ErrorCode.NOT_AUTHENTICATED });
    expect(t.hub.store.lastSeq('cucuta-centro')).toBe(before);
    stolen.close();
  });

  it('[A1] a user disabled, demoted or signed out elsewhere loses their open screens at once; an idle expired session is dropped', async () => {
    const { client: admin } = await signIn(t.hub.wsUrl, 'admin');
    const { users } = await admin.request('list_users', {});
    const user = (name: string) => users.find((u) => u.username === name)!;
    const save = (name: string, change: { role?: 'agent' | 'supervisor' | 'admin'; active?: boolean }) => {
      const u = user(name);
      return admin.request('upsert_user', { id: u.id, username: u.username, displayName: u.displayName, role: change.role ?? u.role, active: change.active ?? u.active, password: null });
    };
    const anonymous = (c: { principal: unknown; state: string }) => () => c.principal === null && c.state === 'online';

    // Disabled: the desk's connection is dropped and its stored token refused, so it cannot call any more.
    const agent = await signIn(t.hub.wsUrl, 'agente2');
    await agent.client.request('open_counter', { counterId: 'modulo-4' });
    await save('agente2', { active: false });
    await until(anonymous(agent.client), 5000, 'disabled agent signed out');
    await expect(agent.client.request('call_next', {})).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.NOT_AUTHENTICATED);
    // …and the counter they held is free for someone else (SPEC A8).
    expect(t.hub.engine.state('cucuta-centro').sessions.has('modulo-4')).toBe(false);
    await save('agente2', { active: true });
    agent.client.stop();

    // Demoted: the screen signs in again with its token, now with an agent's rights only.
    const sup = await signIn(t.hub.wsUrl, 'supervisor');
    await sup.client.request('list_users', {});
    await save('supervisor', { role: 'agent' });
    await until(() => sup.client.principal?.kind === 'user' && sup.client.principal.role === 'agent', 5000, 'demoted supervisor re-signed as agent');
    await expect(sup.client.request('list_users', {})).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.FORBIDDEN);
    await save('supervisor', { role: 'supervisor' });
    sup.client.stop();

    // Signed out on one screen: the other screen with the same session goes too.
    const first = await signIn(t.hub.wsUrl, 'agente1');
    const second = await connect(t.hub.wsUrl, { kind: 'session', token: first.token });
    await first.client.request('logout', {});
    await until(anonymous(second), 5000, 'second screen signed out');
    first.client.stop();
    second.stop();

    // An admin giving themselves a new password keeps the screen they did it on; their other screens are signed out.
    const other = await connect(t.hub.wsUrl, { kind: 'session', token: (await signIn(t.hub.wsUrl, 'admin')).token });
    const me = user('admin');
    await expect(admin.request('upsert_user', { id: me.id, username: me.username, displayName: me.displayName, role: 'admin', active: true, password: 'admin-demo' })).resolves.toBeDefined();
    await until(anonymous(other), 5000, 'the admin’s other screen signed out');
    t.hub.gateway.recheckSessions();
    await admin.request('list_users', {}); // still signed in here
    other.stop();

    // Expired while idle: nothing is asked, and the next look drops it.
    const idle = await signIn(t.hub.wsUrl, 'agente1');
    t.hub.store.db.prepare('UPDATE sessions SET expires_at = 0').run();
    t.hub.gateway.recheckSessions();
    await until(anonymous(idle.client), 5000, 'expired session dropped');
    idle.client.stop();
    admin.stop();
  });

  it('[A8] a supervisor releases a counter an agent left held: its ticket goes back to the queue, another agent may sit there; an agent or a display may not release', async () => {
    const kiosk = await connect(t.hub.wsUrl, { kind: 'device', token: kioskToken });
    const gone = await signIn(t.hub.wsUrl, 'agente1');
    await gone.client.request('open_counter', { counterId: 'modulo-2' });
    const ticket = (await issue(kiosk, 'reclamos')).ticket;
    await gone.client.request('call_ticket', { ticketId: ticket.id, reason: 'prueba' });
    await gone.client.request('start_service', { ticketId: ticket.id });
    const goneId = gone.client.principal!.id;
    gone.client.stop(); // the desk's PC switched off mid-service

    const other = await signIn(t.hub.wsUrl, 'agente2');
    await expect(other.client.request('open_counter', { counterId: 'modulo-2' })).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.COUNTER_HELD);
    const releasing = { counterId: 'modulo-2', agentId: goneId, ticketId: ticket.id, servingTicket: 'requeue' } as const;
    await expect(other.client.request('release_counter', releasing)).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.FORBIDDEN);
    const display = await connect(t.hub.wsUrl, { kind: 'device', token: displayToken });
    await expect(display.request('release_counter', releasing)).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.FORBIDDEN);

    const sup = await signIn(t.hub.wsUrl, 'supervisor');
    const seen: HubEvent[] = [];
    await sup.client.subscribe({ onEvent: (e) => seen.push(e) });
    // The supervisor saw someone else there (a stale board): refused, nothing written.
    const unchanged = t.hub.store.lastSeq('cucuta-centro');
    await expect(sup.client.request('release_counter', { ...releasing, agentId: other.client.principal!.id })).rejects.toMatchObject({ code: ErrorCode.INVALID_ARGUMENT, details: { reason: 'holder_changed' } });
    expect(t.hub.store.lastSeq('cucuta-centro')).toBe(unchanged);
    const { counter } = await sup.client.request('release_counter', releasing);
    expect(counter).toMatchObject({ id: 'modulo-2', state: 'closed', agentName: null });
    await until(() => seen.some((e) => e.type === 'counter_closed' && e.counterId === 'modulo-2'));
    expect(seen.find((e) => e.type === 'counter_closed')).toEqual({ type: 'counter_closed', at: expect.any(Number), counterId: 'modulo-2', agentId: goneId, releasedBy: sup.client.principal!.id });
    const stored = t.hub.store.ticketById(ticket.id)!.ticket;
    expect(stored).toMatchObject({ status: 'waiting', counterId: null, arrivedAt: ticket.arrivedAt });
    // Released twice (two supervisors at once): the second is nothing to do.
    const before = t.hub.store.lastSeq('cucuta-centro');
    await sup.client.request('release_counter', releasing);
    expect(t.hub.store.lastSeq('cucuta-centro')).toBe(before);
    await expect(sup.client.request('release_counter', { ...releasing, counterId: 'modulo-9' })).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.NOT_FOUND);

    await other.client.request('open_counter', { counterId: 'modulo-2' });
    const next = await other.client.request('call_next', {});
    expect(next.ticket.id).toBe(ticket.id);
    await other.client.request('mark_no_show', { ticketId: ticket.id });
    await other.client.request('close_counter', {});
    // Devices going away are recorded (device_health): seen here, so it lands before the next test looks.
    display.stop();
    kiosk.stop();
    await until(() => seen.filter((e) => e.type === 'device_health' && !e.online).length === 2);
    for (const c of [other.client, sup.client]) c.stop();
  });

  it('[P2] bad JSON, unknown type, schema failure, oversize and binary frames get coded errors; the socket stays open; nothing is written', async () => {
    const raw = await rawSocket(t.hub.wsUrl);
    const before = t.hub.store.lastSeq('cucuta-centro');
    raw.send('{nope');
    expect(await raw.next()).toMatchObject({ type: 'error', code: 'BAD_JSON', id: null });
    raw.send(JSON.stringify({ id: 'h', type: 'hello', payload: { protocolVersion: 1 } }));
    expect(await raw.next()).toMatchObject({ type: 'result', id: 'h' });
    raw.send(JSON.stringify({ id: 'u', type: 'teleport', payload: {} }));
    expect(await raw.next()).toMatchObject({ type: 'error', id: 'u', code: 'UNKNOWN_TYPE' });
    raw.send(JSON.stringify({ id: 's', type: 'login', payload: { username: 42 } }));
    expect(await raw.next()).toMatchObject({ type: 'error', id: 's', code: 'INVALID_MESSAGE' });
    raw.send(JSON.stringify({ id: 'big', type: 'hello', payload: { pad: 'x'.repeat(20_000) } }));
    expect(await raw.next()).toMatchObject({ type: 'error', code: 'MESSAGE_TOO_LARGE' });
    raw.send(Buffer.from([1, 2, 3]));
    // ws sends Buffers as binary frames
    expect(await raw.next()).toMatchObject({ type: 'error', code: 'INVALID_MESSAGE' });
    raw.send(JSON.stringify({ id: 'v', type: 'hello', payload: { protocolVersion: 99 } }));
    expect(await raw.next()).toMatchObject({ type: 'error', id: 'v', code: 'PROTOCOL_VERSION' });
    raw.send(JSON.stringify({ id: 'ok', type: 'hello', payload: { protocolVersion: 1 } }));
    expect(await raw.next()).toMatchObject({ type: 'result', id: 'ok' });
    expect(t.hub.store.lastSeq('cucuta-centro')).toBe(before);
    raw.ws.close();
  });

  it('[P1] when the disk refuses a batch\'s COMMIT, every reply queued behind it is an error and no snapshot read from it leaves', async () => {
    const { socket, send, close } = await handDriven({ type: 'auth_device', payload: { token: kioskToken } });
    expect(socket.sent.map((m) => m.type)).toEqual(['result', 'result']);
    const before = t.hub.store.lastSeq('cucuta-centro');
    refuseNextCommit(t.hub.store.db);
    // One turn: the ticket opens a batch; the read-only requests after it wait for the same COMMIT.
    send({ id: 'i', type: 'issue_ticket', payload: { serviceId: 'pagos', preferentialClass: null, accountNumber: null, lang: 'es', idempotencyKey: key() } });
    send({ id: 's', type: 'subscribe', payload: {} });
    send({ id: 'h2', type: 'hello', payload: { protocolVersion: 1 } });
    await until(() => socket.sent.length === 5);
    expect(socket.sent.slice(2)).toMatchObject([
      { type: 'error', id: 'i', code: 'INTERNAL' },
      { type: 'error', id: 's', code: 'INTERNAL' },
      { type: 'error', id: 'h2', code: 'INTERNAL' },
    ]);
    // The refused subscription is dropped and the socket closed, so that the client subscribes again rather than hear nothing.
    expect(socket.closedWith).toBe(1013);
    expect(t.hub.store.lastSeq('cucuta-centro')).toBe(before);
    // The next batch commits as usual.
    send({ id: 'i2', type: 'issue_ticket', payload: { serviceId: 'pagos', preferentialClass: null, accountNumber: null, lang: 'es', idempotencyKey: key() } });
    await until(() => socket.sent.length === 6);
    expect(socket.sent[5]).toMatchObject({ type: 'result', id: 'i2' });
    close();
  });

  it('rate-limits ticket issuing per device (burst, then RATE_LIMITED) without writing the refused ones', async () => {
    const kioskB = await pairDevice(t.hub.wsUrl, 'kiosk', 'Kiosco B');
    const kiosk = await connect(t.hub.wsUrl, { kind: 'device', token: kioskB });
    const results = await Promise.allSettled(Array.from({ length: 150 }, () => issue(kiosk, 'pagos')));
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    const limited = results.filter((r) => r.status === 'rejected' && codeOf(r.reason) === ErrorCode.RATE_LIMITED).length;
    expect(ok).toBeGreaterThanOrEqual(100);
    expect(ok).toBeLessThan(150);
    expect(ok + limited).toBe(150);
    // More sockets with the same token get no more: the budget is the kiosk's, not each connection's.
    const more = await Promise.all(Array.from({ length: 5 }, () => connect(t.hub.wsUrl, { kind: 'device', token: kioskB })));
    const again = await Promise.allSettled(more.map((c) => issue(c, 'pagos')));
    expect(again.filter((r) => r.status === 'fulfilled').length).toBeLessThanOrEqual(2);
    for (const c of [kiosk, ...more]) c.stop();
  });

  it('a display sees the call at once, with number and counter, and never the waiting tickets', async () => {
    const display = await connect(t.hub.wsUrl, { kind: 'device', token: displayToken });
    const calls: HubEvent[] = [];
    let snapshotHasTickets = true;
    await display.subscribe({ onSnapshot: (s) => (snapshotHasTickets = s.tickets !== undefined), onEvent: (e) => calls.push(e) });
    expect(snapshotHasTickets).toBe(false);
    const kiosk = await connect(t.hub.wsUrl, { kind: 'device', token: kioskToken });
    const { ticket } = await issue(kiosk, 'reclamos');
    const agent = await signIn(t.hub.wsUrl, 'agente2');
    await agent.client.request('open_counter', { counterId: 'modulo-2' });
    const called = await agent.client.request('call_ticket', { ticketId: ticket.id, reason: 'cliente con cita' });
    expect(called.ticket.status).toBe('called');
    await until(() => calls.some((e) => e.type === 'ticket_called' && e.ticketId === ticket.id));
    const call = calls.find((e) => e.type === 'ticket_called' && e.ticketId === ticket.id);
    expect(call).toMatchObject({ number: ticket.number, counterName: 'Módulo 2', rule: 'manual', manualReason: 'cliente con cita' });
    expect(calls.some((e) => e.type === 'ticket_issued')).toBe(false);
    await agent.client.request('mark_no_show', { ticketId: ticket.id });
    await agent.client.request('close_counter', {});
    for (const c of [display, kiosk, agent.client]) c.stop();
  });

  it('[P5] a display is told when a call is taken back (the ticket put back in its queue), and a new display is not shown it', async () => {
    const display = await connect(t.hub.wsUrl, { kind: 'device', token: displayToken });
    const seen: HubEvent[] = [];
    await display.subscribe({ onEvent: (e) => seen.push(e) });
    const kiosk = await connect(t.hub.wsUrl, { kind: 'device', token: kioskToken });
    const { ticket } = await issue(kiosk, 'reclamos');
    const { client: agent } = await signIn(t.hub.wsUrl, 'agente2');
    await agent.request('open_counter', { counterId: 'modulo-2' });
    await agent.request('call_ticket', { ticketId: ticket.id, reason: 'equivocado' });
    await agent.request('requeue', { ticketId: ticket.id });
    await until(() => seen.some((e) => e.type === 'ticket_requeued' && e.ticketId === ticket.id));
    const later = await connect(t.hub.wsUrl, { kind: 'device', token: displayToken });
    let shown: string[] | null = null;
    await later.subscribe({ onSnapshot: (snap) => (shown = snap.recentCalls.map((c) => c.ticketId)) });
    await until(() => shown !== null);
    expect(shown).not.toContain(ticket.id);
    const again = await agent.request('call_ticket', { ticketId: ticket.id, reason: 'ahora sí' });
    await agent.request('mark_no_show', { ticketId: again.ticket.id });
    await agent.request('close_counter', {});
    for (const c of [display, later, kiosk, agent]) c.stop();
  });

  it('[A1] an agent without a counter cannot call; [A4] a second agent is refused a held counter', async () => {
    const a = await signIn(t.hub.wsUrl, 'agente1');
    const b = await signIn(t.hub.wsUrl, 'agente2');
    await expect(a.client.request('call_next', {})).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.NO_COUNTER);
    await a.client.request('open_counter', { counterId: 'modulo-2' });
    await expect(b.client.request('open_counter', { counterId: 'modulo-2' })).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.COUNTER_HELD);
    await a.client.request('close_counter', {});
    a.client.stop();
    b.client.stop();
  });

  it('exports tickets as CSV for supervisors only', async () => {
    const { token: supToken, client: sup } = await signIn(t.hub.wsUrl, 'supervisor');
    const { token: agentToken, client: agent } = await signIn(t.hub.wsUrl, 'agente1');
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Bogota' }).format(Date.now());
    const url = `${t.hub.url}/api/tickets.csv?from=${day}&to=${day}`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: `Bearer ${agentToken}` } })).status).toBe(403);
    expect((await fetch(`${t.hub.url}/api/tickets.csv?from=2026-13-01`, { headers: { authorization: `Bearer ${supToken}` } })).status).toBe(400);
    expect((await fetch(`${url}&officeId=oficina-ajena`, { headers: { authorization: `Bearer ${supToken}` } })).status).toBe(403);
    const res = await fetch(url, { headers: { authorization: `Bearer ${supToken}` } });
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(/^day,number,service_id,status/);
    expect(lines.length).toBeGreaterThan(20);
    expect(lines.join('\n')).not.toContain('12345678');
    sup.stop();
    agent.stop();
  });

  it('[T9] an action on an ended ticket is INVALID_TRANSITION, not an unknown ticket', async () => {
    const kiosk = await connect(t.hub.wsUrl, { kind: 'device', token: kioskToken });
    const { ticket } = await issue(kiosk, 'pagos');
    const agent = await signIn(t.hub.wsUrl, 'agente1');
    await agent.client.request('open_counter', { counterId: 'modulo-1' });
    await agent.client.request('call_ticket', { ticketId: ticket.id, reason: 'prueba' });
    await agent.client.request('mark_no_show', { ticketId: ticket.id });
    await expect(agent.client.request('start_service', { ticketId: ticket.id })).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.INVALID_TRANSITION);
    await expect(agent.client.request('call_ticket', { ticketId: ticket.id, reason: 'x' })).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.INVALID_TRANSITION);
    await expect(agent.client.request('start_service', { ticketId: 'no-such-ticket' })).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.NOT_FOUND);
    await agent.client.request('close_counter', {});
    kiosk.stop();
    agent.client.stop();
  });

  it('heartbeat: a socket that stops answering pings is dropped; a live one stays', async () => {
    const local = await startTestHub({ heartbeatMs: 100 });
    const { WebSocket } = await import('ws');
    const dead = new WebSocket(local.hub.wsUrl, { autoPong: false });
    const alive = new WebSocket(local.hub.wsUrl);
    await Promise.all([dead, alive].map((w) => new Promise((r) => w.once('open', r))));
    const closed = new Promise<number>((r) => dead.once('close', (code) => r(code)));
    expect(await closed).toBe(1006);
    expect(alive.readyState).toBe(alive.OPEN);
    alive.close();
    await local.close();
  });

  it('[P2] a ping (the apps’ liveness probe) is answered {} signed in or not, writes and publishes nothing, and is not counted against a kiosk’s issuing', async () => {
    const local = await startTestHub({ settings: { issueRatePerMinute: 6 } }); // a burst of 3 tickets
    const token = await pairDevice(local.hub.wsUrl, 'kiosk', 'Kiosco ping');
    const anonymous = await connect(local.hub.wsUrl);
    const kiosk = await connect(local.hub.wsUrl, { kind: 'device', token });
    const { client: sup } = await signIn(local.hub.wsUrl, 'supervisor');
    await sup.subscribe({});
    const seq = local.hub.store.lastSeq('cucuta-centro');
    const device = JSON.stringify(local.hub.store.deviceById(kiosk.principal!.id));
    for (const c of [anonymous, kiosk, sup]) expect(await c.request('ping', {})).toEqual({});
    await Promise.all(Array.from({ length: 20 }, () => kiosk.request('ping', {})));
    expect(local.hub.store.lastSeq('cucuta-centro')).toBe(seq);
    expect(JSON.stringify(local.hub.store.deviceById(kiosk.principal!.id))).toBe(device);
    const issued = await Promise.allSettled(Array.from({ length: 3 }, () => issue(kiosk, 'pagos')));
    expect(issued.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    for (const c of [anonymous, kiosk, sup]) c.stop();
    await local.close();
  });

  it('requires hello before anything else', async () => {
    const raw = await rawSocket(t.hub.wsUrl);
    raw.send(JSON.stringify({ id: 'x', type: 'login', payload: { username: 'a', password: 'b' } }));
    expect(await raw.next()).toMatchObject({ type: 'error', id: 'x', code: 'PROTOCOL_VERSION' });
    raw.ws.close();
  });

  it('[P3] an issue retried with the same idempotency key returns the same ticket and writes nothing more', async () => {
    const kiosk = await connect(t.hub.wsUrl, { kind: 'device', token: kioskToken });
    const payload = { serviceId: 'pagos', preferentialClass: 'older_adult', accountNumber: '12345678', lang: 'es' as const, idempotencyKey: key() };
    const first = await kiosk.request('issue_ticket', payload);
    const seq = t.hub.store.lastSeq('cucuta-centro');
    const again = await kiosk.request('issue_ticket', payload);
    expect(again.ticket.id).toBe(first.ticket.id);
    expect(again.ticket.number).toBe(first.ticket.number);
    expect(t.hub.store.lastSeq('cucuta-centro')).toBe(seq);
    expect(first.statusUrl).toMatch(/\/t\/[A-Za-z0-9_-]{20,}$/);
    kiosk.stop();
  });

  it('[P4] a subscriber gets a snapshot, then live events; on reconnect it resumes from its last sequence', async () => {
    const { client: sup } = await signIn(t.hub.wsUrl, 'supervisor');
    const seen: { seq: number; event: HubEvent }[] = [];
    let snapshots = 0;
    await sup.subscribe({ onSnapshot: () => snapshots++, onEvent: (event, seq) => seen.push({ seq, event }) });
    expect(snapshots).toBe(1);
    const kiosk = await connect(t.hub.wsUrl, { kind: 'device', token: kioskToken });
    const a = await issue(kiosk, 'reclamos');
    await until(() => seen.some((s) => s.event.type === 'ticket_issued' && s.event.ticket.id === a.ticket.id));
    const lastBefore = sup.lastSeq;
    const dropped = new Promise<void>((r) => {
      const off = sup.onState((state) => {
        if (state === 'offline') {
          off();
          r();
        }
      });
    });
    sup.dropConnection();
    await dropped;
    const missed = await issue(kiosk, 'reclamos');
    await sup.whenOnline();
    await until(() => seen.some((s) => s.event.type === 'ticket_issued' && s.event.ticket.id === missed.ticket.id));
    expect(snapshots).toBe(1);
    const seqs = seen.map((s) => s.seq);
    expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(Math.min(...seqs.filter((s) => s > lastBefore))).toBeGreaterThan(lastBefore);
    sup.stop();
    kiosk.stop();
  });

  it('[P5] a display resuming after a drop is sent only what a display may see: the calls, not the tickets with their phones and accounts', async () => {
    const display = await connect(t.hub.wsUrl, { kind: 'device', token: displayToken });
    const seen: HubEvent[] = [];
    await display.subscribe({ onEvent: (event) => seen.push(event) });
    const kiosk = await connect(t.hub.wsUrl, { kind: 'device', token: kioskToken });
    const { client: agent } = await signIn(t.hub.wsUrl, 'agente2');
    await agent.request('open_counter', { counterId: 'modulo-2' });
    const dropped = new Promise<void>((r) => {
      const off = display.onState((state) => state === 'offline' && (off(), r()));
    });
    display.dropConnection();
    await dropped;
    const away = await kiosk.request('issue_ticket', { serviceId: 'reclamos', preferentialClass: null, accountNumber: '12345678', phone: '3001234567', lang: 'es', idempotencyKey: key() });
    const { ticket } = await agent.request('call_ticket', { ticketId: away.ticket.id, reason: 'prueba' });
    await agent.request('start_service', { ticketId: ticket.id });
    await display.whenOnline();
    await until(() => seen.some((e) => e.type === 'ticket_called' && e.ticketId === ticket.id));
    // The call made while it was away, and nothing a display is not sent live.
    await agent.request('finish_service', { ticketId: ticket.id });
    await agent.request('close_counter', {});
    await until(() => seen.some((e) => e.type === 'counter_closed'));
    expect(seen.map((e) => e.type).filter((type) => !['counter_opened', 'ticket_called', 'ticket_recalled', 'ticket_requeued', 'ticket_no_show', 'counter_closed', 'agent_status_changed'].includes(type))).toEqual([]);
    expect(JSON.stringify(seen)).not.toContain('3001234567');
    display.stop();
    kiosk.stop();
    agent.stop();
  });

  it('[P4] a resume in the same turn as a call gets the calls it missed before that one, in order (none dropped as already seen)', async () => {
    const { client: agent, token } = await signIn(t.hub.wsUrl, 'agente1');
    await agent.request('open_counter', { counterId: 'modulo-1' });
    const kiosk = await connect(t.hub.wsUrl, { kind: 'device', token: kioskToken });
    const away = await issue(kiosk, 'pagos');
    const next = await issue(kiosk, 'pagos');
    const display = await handDriven({ type: 'auth_device', payload: { token: displayToken } });
    display.send({ id: 's', type: 'subscribe', payload: {} });
    await until(() => display.socket.sent.some((m) => m.id === 's'));
    const since = (display.socket.sent.find((m) => m.id === 's') as { data: { seq: number } }).data.seq;
    display.close();
    // Called while the display is away, and durable.
    await agent.request('call_ticket', { ticketId: away.ticket.id, reason: 'prueba' });
    await agent.request('mark_no_show', { ticketId: away.ticket.id });
    // The display comes back in the very turn another call is made: both in one batch, the call first.
    const desk = await handDriven({ type: 'auth_session', payload: { token } });
    const back = await handDriven({ type: 'auth_device', payload: { token: displayToken } });
    desk.send({ id: 'c', type: 'call_ticket', payload: { ticketId: next.ticket.id, reason: 'prueba' } });
    back.send({ id: 'r', type: 'subscribe', payload: { since } });
    await until(() => back.socket.sent.some((m) => m.id === 'r') && desk.socket.sent.some((m) => m.id === 'c'));
    const calls = back.socket.sent.filter((m) => m.type === 'event' && (m.event as HubEvent).type === 'ticket_called') as { seq: number; event: { ticketId: string } }[];
    expect(calls.map((c) => c.event.ticketId)).toEqual([away.ticket.id, next.ticket.id]);
    const seqs = back.socket.sent.filter((m) => m.type === 'event').map((m) => m.seq as number);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    desk.close();
    back.close();
    await agent.request('mark_no_show', { ticketId: next.ticket.id }).catch(() => undefined);
    await agent.request('close_counter', {});
    agent.stop();
    kiosk.stop();
  });

  it('[P5] a configuration change committed in the same batch as calls: a display gets every call as an event before the fresh snapshot (none hidden in it unannounced)', async () => {
    const kiosk = await connect(t.hub.wsUrl, { kind: 'device', token: kioskToken });
    const tickets = [];
    for (let i = 0; i < 3; i++) tickets.push((await issue(kiosk, 'facturacion')).ticket);
    const agents = await Promise.all(['agente1', 'agente2', 'admin'].map((u) => signIn(t.hub.wsUrl, u)));
    const counters = ['modulo-1', 'modulo-2', 'modulo-3'];
    const desks = await Promise.all(agents.map((a) => handDriven({ type: 'auth_session', payload: { token: a.token } })));
    desks.forEach((d, i) => d.send({ id: 'o', type: 'open_counter', payload: { counterId: counters[i] } }));
    await until(() => desks.every((d) => d.socket.sent.some((m) => m.id === 'o')));
    const { token: supToken } = await signIn(t.hub.wsUrl, 'supervisor');
    const sup = await handDriven({ type: 'auth_session', payload: { token: supToken } });
    const display = await handDriven({ type: 'auth_device', payload: { token: displayToken } });
    display.send({ id: 's', type: 'subscribe', payload: {} });
    await until(() => display.socket.sent.some((m) => m.id === 's'));
    const from = display.socket.sent.length;
    const service = t.hub.engine.state('cucuta-centro').services.get('pagos')!;
    // One turn, so one batch: a call, the configuration change, two more calls.
    desks[0]!.send({ id: 'c', type: 'call_ticket', payload: { ticketId: tickets[0]!.id, reason: 'prueba' } });
    sup.send({ id: 'u', type: 'upsert_service', payload: { service: { ...service, name: { es: 'Pagos ya', en: 'Payments' } } } });
    desks[1]!.send({ id: 'c', type: 'call_ticket', payload: { ticketId: tickets[1]!.id, reason: 'prueba' } });
    desks[2]!.send({ id: 'c', type: 'call_ticket', payload: { ticketId: tickets[2]!.id, reason: 'prueba' } });
    await until(() => desks.every((d) => d.socket.sent.some((m) => m.id === 'c')) && display.socket.sent.slice(from).some((m) => m.type === 'snapshot'));
    const after = display.socket.sent.slice(from);
    const calls = after.filter((m) => m.type === 'event' && (m.event as HubEvent).type === 'ticket_called');
    const snapshotAt = after.findIndex((m) => m.type === 'snapshot');
    expect(calls).toHaveLength(3);
    expect(after.indexOf(calls[2]!)).toBeLessThan(snapshotAt);
    expect((after[snapshotAt] as { seq: number }).seq).toBeGreaterThanOrEqual(Math.max(...calls.map((m) => m.seq as number)));
    sup.send({ id: 'u2', type: 'upsert_service', payload: { service } });
    await until(() => sup.socket.sent.some((m) => m.id === 'u2'));
    for (const d of desks) {
      const ticket = (d.socket.sent.find((m) => m.id === 'c') as { data: { ticket: { id: string } } }).data.ticket;
      d.send({ id: 'n', type: 'mark_no_show', payload: { ticketId: ticket.id } });
    }
    await until(() => desks.every((d) => d.socket.sent.some((m) => m.id === 'n')));
    desks.forEach((d) => d.send({ id: 'x', type: 'close_counter', payload: {} }));
    await until(() => desks.every((d) => d.socket.sent.some((m) => m.id === 'x')));
    for (const c of [...desks, sup, display]) c.close();
    for (const a of agents) a.client.stop();
    kiosk.stop();
  });

  it('[P4] a desk resuming after a configuration change it missed gets a snapshot with the new catalogue', async () => {
    const { client: sup, token } = await signIn(t.hub.wsUrl, 'supervisor');
    const desk = await handDriven({ type: 'auth_session', payload: { token } });
    desk.send({ id: 's', type: 'subscribe', payload: {} });
    await until(() => desk.socket.sent.some((m) => m.id === 's'));
    const since = (desk.socket.sent.find((m) => m.id === 's') as { data: { seq: number } }).data.seq;
    desk.close();
    const service = t.hub.engine.state('cucuta-centro').services.get('pagos')!;
    await sup.request('upsert_service', { service: { ...service, name: { es: 'Pagos y convenios', en: 'Payments' } } });
    const back = await handDriven({ type: 'auth_session', payload: { token } });
    back.send({ id: 'r', type: 'subscribe', payload: { since } });
    await until(() => back.socket.sent.some((m) => m.id === 'r'));
    const snapshot = back.socket.sent.find((m) => m.type === 'snapshot') as { snapshot: { services: { id: string; name: { es: string } }[] } } | undefined;
    expect(snapshot?.snapshot.services.find((x) => x.id === 'pagos')?.name.es).toBe('Pagos y convenios');
    await sup.request('upsert_service', { service });
    back.close();
    sup.stop();
  });

  it('[P4] a resubscription whose read fails changes nothing: the connection keeps hearing its office', async () => {
    const display = await handDriven({ type: 'auth_device', payload: { token: displayToken } });
    display.send({ id: 's', type: 'subscribe', payload: {} });
    await until(() => display.socket.sent.some((m) => m.id === 's'));
    const since = (display.socket.sent.find((m) => m.id === 's') as { data: { seq: number } }).data.seq;
    const engine = t.hub.engine;
    const read = engine.durableEventsSince.bind(engine);
    engine.durableEventsSince = () => {
      engine.durableEventsSince = read;
      throw new Error('SQLITE_IOERR: disk I/O error');
    };
    display.send({ id: 'r', type: 'subscribe', payload: { since } });
    await until(() => display.socket.sent.some((m) => m.id === 'r'));
    expect(display.socket.sent.find((m) => m.id === 'r')).toMatchObject({ type: 'error', code: 'INTERNAL' });
    const { client: agent } = await signIn(t.hub.wsUrl, 'agente2');
    await agent.request('open_counter', { counterId: 'modulo-2' });
    await until(() => display.socket.sent.some((m) => m.type === 'event' && (m.event as HubEvent).type === 'counter_opened'));
    await agent.request('close_counter', {});
    agent.stop();
    display.close();
  });
});
