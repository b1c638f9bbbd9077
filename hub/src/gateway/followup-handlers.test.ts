import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, HubError, type HubEvent } from '@turnero/protocol';
import { connect, key, pairDevice, signIn, startTestHub, until, type TestHub } from '../../test/index.ts';
import { demoOffice } from '../demo.ts';
import { cancelTicket, issueTicket } from '../domain/commands.ts';
import { newCallback } from '../domain/followups.ts';

let t: TestHub;
let kioskToken: string;

beforeAll(async () => {
  t = await startTestHub({ settings: { issueRatePerMinute: 600 } });
  kioskToken = await pairDevice(t.hub.wsUrl, 'kiosk', 'Kiosco');
});
afterAll(() => t.close());

const codeOf = (e: unknown) => (e instanceof HubError ? e.code : String(e));

/** Issues a ticket with an account number (and a phone) and serves it to the end at `counterId`. */
async function serve(agent: Awaited<ReturnType<typeof signIn>>['client'], accountNumber: string | null, phone: string | null = null) {
  const kiosk = await connect(t.hub.wsUrl, { kind: 'device', token: kioskToken });
  const { ticket } = await kiosk.request('issue_ticket', { serviceId: 'reclamos', preferentialClass: null, accountNumber, phone, lang: 'es', idempotencyKey: key() });
  kiosk.stop();
  await agent.request('call_ticket', { ticketId: ticket.id, reason: 'prueba' });
  await agent.request('start_service', { ticketId: ticket.id });
  await agent.request('finish_service', { ticketId: ticket.id });
  return ticket;
}

describe('ratings, recovery cases, callbacks, customer history, an agent’s day', () => {
  it('[F1][F2] a rating of 3 is stored and opens a case; the supervisor follows up and closes it', async () => {
    const agent = await signIn(t.hub.wsUrl, 'agente1');
    await agent.client.request('open_counter', { counterId: 'modulo-2' });
    const { client: sup } = await signIn(t.hub.wsUrl, 'supervisor');
    const seen: HubEvent[] = [];
    await sup.subscribe({ onEvent: (e) => seen.push(e) });
    const ticket = await serve(agent.client, '12345678');
    const rated = await agent.client.request('rate_ticket', { ticketId: ticket.id, rating: 3, source: 'keypad' });
    expect(rated.ticket.rating).toBe(3);
    expect(rated.case).toMatchObject({ ticketId: ticket.id, rating: 3, status: 'open', agentId: 'user-agente1' });
    expect(t.hub.store.ticketById(ticket.id)?.ticket.rating).toBe(3);
    await until(() => seen.some((e) => e.type === 'case_opened'));
    await expect(agent.client.request('rate_ticket', { ticketId: ticket.id, rating: 9, source: 'keypad' })).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.INVALID_ARGUMENT);
    // The same rating sent again (its answer was lost) is the same rating: answered as before, nothing new written.
    const seq = t.hub.store.lastSeq('cucuta-centro');
    const again = await agent.client.request('rate_ticket', { ticketId: ticket.id, rating: 3, source: 'keypad' });
    expect(again).toEqual(rated);
    expect(t.hub.store.lastSeq('cucuta-centro')).toBe(seq);
    const { cases } = await sup.request('list_cases', { status: 'open' });
    expect(cases.map((c) => c.ticketId)).toContain(ticket.id);
    const caseId = rated.case!.id;
    expect((await sup.request('record_case_followup', { caseId, outcome: 'pending', note: 'No contestó' })).case.status).toBe('open');
    const closed = await sup.request('record_case_followup', { caseId, outcome: 'recovered', note: 'Se resolvió el cobro' });
    expect(closed.case).toMatchObject({ status: 'closed', outcome: 'recovered' });
    expect(closed.case.followUps).toHaveLength(2);
    await expect(agent.client.request('list_cases', { status: 'all' })).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.FORBIDDEN);
    await agent.client.request('close_counter', {});
    agent.client.stop();
    sup.stop();
  });

  it('[F1] the agent who served a ticket may still send its keypad rating after closing the counter (within the window); another agent may not', async () => {
    const agent = await signIn(t.hub.wsUrl, 'agente1');
    const other = await signIn(t.hub.wsUrl, 'agente2');
    await agent.client.request('open_counter', { counterId: 'modulo-2' });
    const ticket = await serve(agent.client, null);
    await agent.client.request('close_counter', {});
    await expect(other.client.request('rate_ticket', { ticketId: ticket.id, rating: 9, source: 'keypad' })).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.NO_COUNTER);
    expect((await agent.client.request('rate_ticket', { ticketId: ticket.id, rating: 2, source: 'keypad' })).case).toMatchObject({ rating: 2, counterId: 'modulo-2' });
    agent.client.stop();
    other.client.stop();
  });

  it('a good rating opens no case; a ticket from another counter or not finished cannot be rated', async () => {
    const agent = await signIn(t.hub.wsUrl, 'agente1');
    await agent.client.request('open_counter', { counterId: 'modulo-2' });
    const ticket = await serve(agent.client, null);
    expect((await agent.client.request('rate_ticket', { ticketId: ticket.id, rating: 10, source: 'screen' })).case).toBeNull();
    const other = await signIn(t.hub.wsUrl, 'agente2');
    await other.client.request('open_counter', { counterId: 'modulo-3' });
    const second = await serve(agent.client, null);
    await expect(other.client.request('rate_ticket', { ticketId: second.id, rating: 8, source: 'keypad' })).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.NOT_AT_COUNTER);
    await agent.client.request('close_counter', {});
    await other.client.request('close_counter', {});
    agent.client.stop();
    other.client.stop();
  });

  it('an on-screen keypad station paired to a counter rates that counter’s tickets only', async () => {
    const stationToken = await pairDevice(t.hub.wsUrl, 'keypad_station', 'Tableta módulo 2', 'modulo-2');
    const station = await connect(t.hub.wsUrl, { kind: 'device', token: stationToken });
    const agent = await signIn(t.hub.wsUrl, 'agente1');
    await agent.client.request('open_counter', { counterId: 'modulo-2' });
    const ticket = await serve(agent.client, null);
    expect((await station.request('rate_ticket', { ticketId: ticket.id, rating: 7, source: 'screen' })).ticket.rating).toBe(7);
    await expect(station.request('call_next', {})).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.FORBIDDEN);
    await agent.client.request('close_counter', {});
    agent.client.stop();
    station.stop();
  });

  it('[F1][F2] a keypad station’s rating is answered with ids only: the customer’s phone and account number never reach a device they touch', async () => {
    const stationToken = await pairDevice(t.hub.wsUrl, 'keypad_station', 'Tableta privada', 'modulo-2');
    const station = await connect(t.hub.wsUrl, { kind: 'device', token: stationToken });
    const agent = await signIn(t.hub.wsUrl, 'agente1');
    await agent.client.request('open_counter', { counterId: 'modulo-2' });
    const ticket = await serve(agent.client, '55443322', '3001234567');
    const rated = await station.request('rate_ticket', { ticketId: ticket.id, rating: 2, source: 'screen' });
    const caseId = t.hub.store.caseOfTicket(ticket.id)?.id;
    expect(caseId).toBeTruthy();
    expect(rated).toEqual({ ticket: { id: ticket.id, rating: 2 }, case: { id: caseId } });
    // Sent again (its answer was lost): the same short answer, nothing more.
    expect(await station.request('rate_ticket', { ticketId: ticket.id, rating: 2, source: 'screen' })).toEqual(rated);
    const text = JSON.stringify(rated);
    expect(text).not.toContain('3001234567');
    expect(text).not.toContain('55443322');
    // The agent at the counter (staff) still gets the whole ticket and case.
    const full = await agent.client.request('rate_ticket', { ticketId: ticket.id, rating: 2, source: 'keypad' });
    expect(full).toMatchObject({ ticket: { id: ticket.id, phone: '3001234567', accountNumber: '55443322' }, case: { id: caseId, accountNumber: '55443322' } });
    await agent.client.request('close_counter', {});
    agent.client.stop();
    station.stop();
  });

  it('a keypad station follows the ticket at its counter to its end: a no-show or a call taken back clears it (a display gets only the latter)', async () => {
    const stationToken = await pairDevice(t.hub.wsUrl, 'keypad_station', 'Tableta módulo 3', 'modulo-3');
    const station = await connect(t.hub.wsUrl, { kind: 'device', token: stationToken });
    const display = await connect(t.hub.wsUrl, { kind: 'device', token: await pairDevice(t.hub.wsUrl, 'display', 'Pantalla') });
    const atStation: HubEvent[] = [];
    const atDisplay: HubEvent[] = [];
    await station.subscribe({ onEvent: (e) => atStation.push(e) });
    await display.subscribe({ onEvent: (e) => atDisplay.push(e) });
    const agent = await signIn(t.hub.wsUrl, 'agente1');
    await agent.client.request('open_counter', { counterId: 'modulo-3' });
    const kiosk = await connect(t.hub.wsUrl, { kind: 'device', token: kioskToken });
    const { ticket } = await kiosk.request('issue_ticket', { serviceId: 'reclamos', preferentialClass: null, accountNumber: null, lang: 'es', idempotencyKey: key() });
    kiosk.stop();
    await agent.client.request('call_ticket', { ticketId: ticket.id, reason: 'prueba' });
    await agent.client.request('requeue', { ticketId: ticket.id });
    await agent.client.request('call_ticket', { ticketId: ticket.id, reason: 'prueba' });
    await agent.client.request('mark_no_show', { ticketId: ticket.id });
    await agent.client.request('close_counter', {});
    await until(() => atStation.some((e) => e.type === 'counter_closed') && atDisplay.some((e) => e.type === 'counter_closed'));
    const ofTicket = (events: HubEvent[]) => events.filter((e) => 'ticketId' in e && e.ticketId === ticket.id).map((e) => e.type);
    expect(ofTicket(atStation)).toEqual(['ticket_called', 'ticket_requeued', 'ticket_called', 'ticket_no_show']);
    expect(ofTicket(atDisplay)).toEqual(['ticket_called', 'ticket_requeued', 'ticket_called']);
    agent.client.stop();
    station.stop();
    display.stop();
  });

  it('[F3][F4] a callback is claimed by one agent at a time; no answer releases it; resolved closes it', async () => {
    const kiosk = await connect(t.hub.wsUrl, { kind: 'device', token: kioskToken });
    const { callback } = await kiosk.request('request_callback', { serviceId: 'reclamos', name: 'Pedro Pérez', phone: '3105551234', reason: 'Factura alta', accountNumber: '77665544', idempotencyKey: key() });
    kiosk.stop();
    expect(callback).toMatchObject({ status: 'open', source: 'kiosk', attempts: [] });
    const a = await signIn(t.hub.wsUrl, 'agente1');
    const b = await signIn(t.hub.wsUrl, 'agente2');
    expect((await a.client.request('list_callbacks', { status: 'open' })).callbacks.map((c) => c.id)).toContain(callback.id);
    expect((await a.client.request('claim_callback', { callbackId: callback.id })).callback).toMatchObject({ status: 'claimed', claimedBy: 'user-agente1' });
    await expect(b.client.request('claim_callback', { callbackId: callback.id })).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.ALREADY_CLAIMED);
    await expect(b.client.request('record_callback_attempt', { callbackId: callback.id, outcome: 'resolved', note: '' })).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.FORBIDDEN);
    const released = await a.client.request('record_callback_attempt', { callbackId: callback.id, outcome: 'no_answer', note: 'Buzón' });
    expect(released.callback).toMatchObject({ status: 'open', claimedBy: null });
    // Sent again (its answer lost with the link): the same attempt, answered again, not a second one nor a refusal.
    expect((await a.client.request('record_callback_attempt', { callbackId: callback.id, outcome: 'no_answer', note: 'Buzón' })).callback.attempts).toHaveLength(1);
    await expect(b.client.request('record_callback_attempt', { callbackId: callback.id, outcome: 'no_answer', note: 'Buzón' })).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.FORBIDDEN);
    await b.client.request('claim_callback', { callbackId: callback.id });
    const done = await b.client.request('record_callback_attempt', { callbackId: callback.id, outcome: 'resolved', note: 'Acuerdo de pago' });
    expect(done.callback).toMatchObject({ status: 'closed', outcome: 'resolved' });
    expect(done.callback.attempts.map((x) => x.outcome)).toEqual(['no_answer', 'resolved']);
    expect((await b.client.request('record_callback_attempt', { callbackId: callback.id, outcome: 'resolved', note: 'Acuerdo de pago' })).callback.attempts).toHaveLength(2);
    await expect(a.client.request('claim_callback', { callbackId: callback.id })).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.INVALID_TRANSITION);
    a.client.stop();
    b.client.stop();
  });

  it('[F3] a claim is released by its claimer or a supervisor (not another agent), and by disabling its claimer: nobody else is locked out for good', async () => {
    const kiosk = await connect(t.hub.wsUrl, { kind: 'device', token: kioskToken });
    const request = () => kiosk.request('request_callback', { serviceId: 'reclamos', name: 'Ana Ruiz', phone: '3105550000', reason: 'Factura', accountNumber: null, idempotencyKey: key() });
    const { callback } = await request();
    const a = await signIn(t.hub.wsUrl, 'agente1');
    const b = await signIn(t.hub.wsUrl, 'agente2');
    const { client: sup } = await signIn(t.hub.wsUrl, 'supervisor');
    await a.client.request('claim_callback', { callbackId: callback.id });
    await expect(b.client.request('release_callback', { callbackId: callback.id })).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.FORBIDDEN);
    expect((await a.client.request('release_callback', { callbackId: callback.id })).callback).toMatchObject({ status: 'open', claimedBy: null });
    await expect(a.client.request('release_callback', { callbackId: callback.id })).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.INVALID_TRANSITION);
    await a.client.request('claim_callback', { callbackId: callback.id });
    expect((await sup.request('release_callback', { callbackId: callback.id })).callback).toMatchObject({ status: 'open', claimedBy: null });
    expect((await b.client.request('claim_callback', { callbackId: callback.id })).callback.claimedBy).toBe('user-agente2');

    // agente2 is disabled with two claims: both go back to the worklist in the same change.
    const second = (await request()).callback;
    await b.client.request('claim_callback', { callbackId: second.id });
    const { client: admin } = await signIn(t.hub.wsUrl, 'admin');
    const user = (await admin.request('list_users', {})).users.find((u) => u.id === 'user-agente2')!;
    await admin.request('upsert_user', { id: user.id, username: user.username, displayName: user.displayName, role: user.role, active: false, password: null });
    const after = (await sup.request('list_callbacks', { status: 'all' })).callbacks.filter((c) => c.id === callback.id || c.id === second.id);
    expect(after.map((c) => [c.status, c.claimedBy])).toEqual([['open', null], ['open', null]]);
    await admin.request('upsert_user', { id: user.id, username: user.username, displayName: user.displayName, role: user.role, active: true, password: null });
    for (const c of [kiosk, a.client, b.client, sup, admin]) c.stop();
  });

  it('[F6] a ticket left with a phone that ends as a no-show or cancelled becomes a callback; without a phone it does not', async () => {
    const kiosk = await connect(t.hub.wsUrl, { kind: 'device', token: kioskToken });
    const withPhone = await kiosk.request('issue_ticket', { serviceId: 'pagos', preferentialClass: null, accountNumber: '11223344', phone: '3157654321', lang: 'es', idempotencyKey: key() });
    const cancelled = await kiosk.request('issue_ticket', { serviceId: 'pagos', preferentialClass: null, accountNumber: null, phone: '3001234567', lang: 'es', idempotencyKey: key() });
    const noPhone = await kiosk.request('issue_ticket', { serviceId: 'pagos', preferentialClass: null, accountNumber: null, lang: 'es', idempotencyKey: key() });
    kiosk.stop();
    const agent = await signIn(t.hub.wsUrl, 'agente1');
    await agent.client.request('open_counter', { counterId: 'modulo-1' });
    const before = (await agent.client.request('list_callbacks', { status: 'all' })).callbacks.length;
    for (const ticket of [withPhone.ticket, noPhone.ticket]) {
      await agent.client.request('call_ticket', { ticketId: ticket.id, reason: 'prueba' });
      await agent.client.request('mark_no_show', { ticketId: ticket.id });
    }
    const { client: sup } = await signIn(t.hub.wsUrl, 'supervisor');
    await sup.request('cancel_ticket', { ticketId: cancelled.ticket.id, reason: 'se retiró' });
    const { callbacks } = await agent.client.request('list_callbacks', { status: 'all' });
    expect(callbacks.length).toBe(before + 2);
    expect(callbacks.find((c) => c.phone === '3157654321')).toMatchObject({ source: 'no_show', accountNumber: '11223344', status: 'open', name: `Turno ${withPhone.ticket.number}` });
    expect(callbacks.find((c) => c.phone === '3001234567')).toMatchObject({ source: 'cancelled' });
    await agent.client.request('close_counter', {});
    agent.client.stop();
    sup.stop();
  });

  it('[S5] customer history shows an office’s staff only their office’s visits and callbacks, on a hub holding two', async () => {
    const seed = demoOffice('http://otra');
    t.hub.engine.addOffice({ ...seed, office: { ...seed.office, id: 'otra-oficina', name: 'Otra oficina' } });
    const elsewhere = (_s: unknown, c: Parameters<typeof newCallback>[1]) => [
      { type: 'callback_requested' as const, at: c.now, callback: newCallback({ officeId: 'otra-oficina', serviceId: null, name: 'Beto', phone: '3009998877', reason: 'Otra', accountNumber: '99887766', source: 'kiosk' }, c) },
    ];
    t.hub.engine.execute('otra-oficina', elsewhere, { callback: { deviceId: null, idempotencyKey: null } });
    const [issued] = t.hub.engine.execute('otra-oficina', (s, c) => issueTicket(s, { serviceId: 'pagos', preferentialClass: null, accountNumber: '99887766', deviceId: null }, c), {
      ticket: { statusToken: 'st-otra-0123456789', deviceId: null, idempotencyKey: null },
    });
    const ticketId = issued?.event.type === 'ticket_issued' ? issued.event.ticket.id : '';
    t.hub.engine.execute('otra-oficina', (s, c) => cancelTicket(s, { ticketId, reason: 'prueba' }, c)); // a past visit there
    for (const name of ['agente1', 'supervisor']) {
      const { client } = await signIn(t.hub.wsUrl, name);
      const history = await client.request('customer_history', { accountNumber: '99887766' });
      expect([name, history.visits, history.openCallbacks]).toEqual([name, [], []]);
      client.stop();
    }
  });

  it('customer history shows past visits and open callbacks; my_day counts the agent’s own figures', async () => {
    const agent = await signIn(t.hub.wsUrl, 'agente2');
    await agent.client.request('open_counter', { counterId: 'modulo-2' });
    const before = await agent.client.request('my_day', {});
    const ticket = await serve(agent.client, '44332211');
    await agent.client.request('rate_ticket', { ticketId: ticket.id, rating: 9, source: 'keypad' });
    const kiosk = await connect(t.hub.wsUrl, { kind: 'device', token: kioskToken });
    await kiosk.request('request_callback', { serviceId: null, name: 'Ana', phone: '3001112233', reason: 'Otro', accountNumber: '44332211', idempotencyKey: key() });
    kiosk.stop();
    const history = await agent.client.request('customer_history', { accountNumber: '44332211' });
    expect(history.visits[0]).toMatchObject({ ticketId: ticket.id, status: 'done', rating: 9 });
    expect(history.openCallbacks).toHaveLength(1);
    const after = await agent.client.request('my_day', {});
    expect(after.served).toBe(before.served + 1);
    expect(after.ratings).toBe(before.ratings + 1);
    expect(after.meanRating).not.toBeNull();
    await agent.client.request('close_counter', {});
    agent.client.stop();
  });

  it('my_day counts the tickets the agent sent on, though they are then another agent’s or waiting', async () => {
    const agent = await signIn(t.hub.wsUrl, 'agente2');
    const other = await signIn(t.hub.wsUrl, 'agente1');
    await agent.client.request('open_counter', { counterId: 'modulo-2' });
    await other.client.request('open_counter', { counterId: 'modulo-1' });
    const before = await agent.client.request('my_day', {});
    const kiosk = await connect(t.hub.wsUrl, { kind: 'device', token: kioskToken });
    const sendOn = async (to: { toServiceId: string | null; toCounterId: string | null }) => {
      const { ticket } = await kiosk.request('issue_ticket', { serviceId: 'reclamos', preferentialClass: null, accountNumber: null, lang: 'es', idempotencyKey: key() });
      await agent.client.request('call_ticket', { ticketId: ticket.id, reason: 'prueba' });
      await agent.client.request('start_service', { ticketId: ticket.id });
      await agent.client.request('transfer', { ticketId: ticket.id, ...to, note: '' });
      return ticket;
    };
    const taken = await sendOn({ toServiceId: null, toCounterId: 'modulo-1' });
    await sendOn({ toServiceId: 'pagos', toCounterId: null });
    kiosk.stop();
    await other.client.request('call_ticket', { ticketId: taken.id, reason: 'enviado' });
    const after = await agent.client.request('my_day', {});
    expect(after.transferred - before.transferred).toBe(2);
    const others = await other.client.request('my_day', {});
    const othersBefore = others.transferred;
    await other.client.request('start_service', { ticketId: taken.id });
    await other.client.request('finish_service', { ticketId: taken.id });
    expect((await other.client.request('my_day', {})).transferred).toBe(othersBefore);
    for (const c of [agent, other]) {
      await c.client.request('close_counter', {}).catch(() => undefined);
      c.client.stop();
    }
  });
});
