import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, HubError, refusalOf, type OfficeSnapshot, type Service } from '@turnero/protocol';
import { connect, key, pairDevice, signIn, startTestHub, until, type TestHub } from '../../test/index.ts';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(() => t.close());

const codeOf = (e: unknown) => (e instanceof HubError ? e.code : String(e));

const newService: Service = {
  id: 'convenios', groupId: 'presencial', prefix: 'C', name: { es: 'Convenios de pago', en: 'Payment plans' }, icon: 'cash', mode: 'in_person',
  targetWaitMinutes: 12, defaultServiceMinutes: 7, active: true, order: 5,
};

describe('configuration: validated, audited, live', () => {
  it('[K4] a service created by a supervisor reaches a connected kiosk without reload, and is audited', async () => {
    const kioskToken = await pairDevice(t.hub.wsUrl, 'kiosk', 'Kiosco');
    const kiosk = await connect(t.hub.wsUrl, { kind: 'device', token: kioskToken });
    let snapshot: OfficeSnapshot | null = null;
    await kiosk.subscribe({ onSnapshot: (s) => (snapshot = s) });
    const { client: sup } = await signIn(t.hub.wsUrl, 'supervisor');
    await sup.request('upsert_service', { service: newService });
    await until(() => (snapshot as OfficeSnapshot | null)?.services.some((s) => s.id === 'convenios') === true);
    const { ticket } = await kiosk.request('issue_ticket', { serviceId: 'convenios', preferentialClass: null, accountNumber: null, lang: 'es', idempotencyKey: key() });
    expect(ticket.number).toBe('C-001');
    const { entries } = await sup.request('list_audit', { limit: 5 });
    expect(entries[0]).toMatchObject({ action: 'create_service', target: 'convenios', userId: 'user-supervisor', userName: 'Ana Carrillo', before: null, after: { prefix: 'C' } });
    kiosk.stop();
    sup.stop();
  });

  it('[K1][K2] refuses a duplicate prefix, an icon the kiosk cannot draw and a counter with unknown services; agents may not configure', async () => {
    const { client: sup } = await signIn(t.hub.wsUrl, 'supervisor');
    // Each refusal says why in words the console can put in its own language (details), not only in the English message.
    const clash = await sup.request('upsert_service', { service: { ...newService, id: 'otro', prefix: 'F' } }).catch((e: unknown) => e);
    expect(refusalOf(clash)).toEqual({ reason: 'prefix_in_use', prefix: 'F', service: 'Facturación' });
    // The kiosk draws a fixed set of pictures: a name outside it (typed, or from an old console) is refused, for services and groups.
    const badIcon = await sup.request('upsert_service', { service: { ...newService, id: 'otro', icon: 'ticket' } }).catch((e: unknown) => e);
    expect(refusalOf(badIcon)).toEqual({ reason: 'unknown_icon', icon: 'ticket' });
    const badGroupIcon = await sup.request('upsert_service_group', { group: { id: 'otro', name: { es: 'Otro', en: 'Other' }, icon: '', order: 9 } }).catch((e: unknown) => e);
    expect(refusalOf(badGroupIcon)).toEqual({ reason: 'unknown_icon', icon: '' });
    expect(t.hub.engine.state('cucuta-centro').services.has('otro')).toBe(false);
    expect(t.hub.engine.state('cucuta-centro').groups.some((g) => g.id === 'otro')).toBe(false);
    const unknown = await sup.request('upsert_counter', { counter: { id: 'modulo-9', name: 'Módulo 9', serviceIds: ['nope'] } }).catch((e: unknown) => e);
    expect(refusalOf(unknown)).toEqual({ reason: 'unknown_services', services: 'nope' });
    const range = await sup.request('report', { from: '2026-02-01', to: '2026-01-01' }).catch((e: unknown) => e);
    expect(refusalOf(range)).toEqual({ reason: 'range_inverted' });
    const { client: admin } = await signIn(t.hub.wsUrl, 'admin');
    const taken = await admin.request('upsert_user', { id: null, username: 'agente1', displayName: 'Otra', role: 'agent', active: true, password: 'una-clave-larga' }).catch((e: unknown) => e);
    expect(refusalOf(taken)).toEqual({ reason: 'username_taken', username: 'agente1' });
    admin.stop();
    const { client: agent } = await signIn(t.hub.wsUrl, 'agente1');
    await expect(agent.request('upsert_service', { service: newService })).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.FORBIDDEN);
    await expect(agent.request('report', { from: '2026-01-01', to: '2026-01-02' })).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.FORBIDDEN);
    sup.stop();
    agent.stop();
  });

  it('[K3] settings change the fairness live; users are managed by admins only, and a disabled user cannot sign in', async () => {
    const { client: sup } = await signIn(t.hub.wsUrl, 'supervisor');
    const state = t.hub.engine.state('cucuta-centro');
    await sup.request('set_office_settings', { settings: { ...state.settings, fairness: { preferential: 3, normal: 1, maxWaitMinutes: 25 } }, preferentialClasses: state.preferentialClasses });
    expect(t.hub.engine.state('cucuta-centro').settings.fairness.preferential).toBe(3);
    await expect(sup.request('upsert_user', { id: null, username: 'nuevo', displayName: 'Nuevo', role: 'agent', active: true, password: 'clave-larga-1' })).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.FORBIDDEN);
    const { client: admin } = await signIn(t.hub.wsUrl, 'admin');
    const { user } = await admin.request('upsert_user', { id: null, username: 'nuevo', displayName: 'Nuevo Agente', role: 'agent', active: true, password: 'clave-larga-1' });
    const c = await connect(t.hub.wsUrl);
    expect((await c.request('login', { username: 'nuevo', password: 'clave-larga-1' })).principal.role).toBe('agent');
    await admin.request('upsert_user', { id: user.id, username: 'nuevo', displayName: 'Nuevo Agente', role: 'agent', active: false, password: null });
    // (Disabling also dropped the connection it was signed in on; a new one tries again.)
    const d = await connect(t.hub.wsUrl);
    await expect(d.request('login', { username: 'nuevo', password: 'clave-larga-1' })).rejects.toSatisfy((e) => codeOf(e) === ErrorCode.INVALID_CREDENTIALS);
    for (const x of [sup, admin, c, d]) x.stop();
  });

  it('serves the day’s report over the socket and as CSV', async () => {
    const { client: sup, token } = await signIn(t.hub.wsUrl, 'supervisor');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Bogota' }).format(Date.now());
    const report = await sup.request('report', { from: today, to: today });
    expect(report.office.issued).toBeGreaterThanOrEqual(1);
    const csv = await (await fetch(`${t.hub.url}/api/report.csv?from=${today}&to=${today}`, { headers: { authorization: `Bearer ${token}` } })).text();
    expect(csv.split('\r\n')[1]).toMatch(/^office,cucuta-centro,\d+/);
    sup.stop();
  });
});
