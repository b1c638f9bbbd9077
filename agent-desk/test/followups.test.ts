import '@turnero/app-kit/testing/runes';
import { describe, expect, it } from 'vitest';
import { HubClock } from '@turnero/app-kit/renderer';
import type { Callback } from '@turnero/protocol';
import type { DeskSession } from '../renderer/shared/desk-session.svelte.ts';
import { LiveOffice } from '../renderer/shared/live-office.svelte.ts';
import { FollowUps } from '../renderer/supervisor/followups/followups.svelte.ts';
import { snapshot, T0 } from './fixtures.ts';

const callback = (id: string, status: Callback['status'], claimedBy: string | null = null): Callback => ({
  id, officeId: 'cucuta-centro', serviceId: 'reclamos', name: 'Cliente', phone: '3001234567', reason: 'Factura', accountNumber: null, source: 'kiosk',
  reference: `TC-${id}`, createdAt: T0, status, claimedBy, attempts: [], outcome: null, closedAt: status === 'closed' ? T0 + 1 : null,
});

/** A console session whose hub answers from `hub` (what list_callbacks returns now) and records the requests. */
function session(hub: { callbacks: Callback[] }) {
  const office = new LiveOffice(new HubClock(() => T0));
  const sent: string[] = [];
  const fake = {
    office,
    principal: { id: 'user-supervisor' },
    request: async (type: string, payload: { callbackId?: string }) => {
      sent.push(type);
      if (type === 'list_callbacks') return { callbacks: hub.callbacks };
      if (type === 'list_cases') return { cases: [] };
      if (type === 'list_users') return { users: [] };
      if (type === 'release_callback') return { callback: { ...hub.callbacks.find((c) => c.id === payload.callbackId)!, status: 'open', claimedBy: null } };
      throw new Error(`unexpected ${type}`);
    },
  };
  return { office, sent, session: fake as unknown as DeskSession };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('FollowUps (the console’s callbacks and cases)', () => {
  it('reads its lists again after a fresh snapshot: callbacks made or closed while the console was away are not missed', async () => {
    const hub = { callbacks: [callback('a', 'open')] };
    const s = session(hub);
    const followUps = new FollowUps(s.session);
    const stop = followUps.start();
    await settle();
    expect(followUps.callbacks.map((c) => c.id)).toEqual(['a']);
    hub.callbacks = [callback('a', 'closed'), callback('b', 'open')];
    s.office.applySnapshot(snapshot());
    await settle();
    expect(followUps.callbacks.map((c) => [c.id, c.status])).toEqual([['a', 'closed'], ['b', 'open']]);
    expect(followUps.callbacksToDo).toBe(1);
    stop();
    s.office.applySnapshot(snapshot());
    await settle();
    expect(s.sent.filter((t) => t === 'list_callbacks')).toHaveLength(2);
  });

  it('releases a claimed callback and shows the hub’s answer; counts claimed ones as still to do', async () => {
    const hub = { callbacks: [callback('a', 'claimed', 'user-agente1'), callback('b', 'open')] };
    const s = session(hub);
    const followUps = new FollowUps(s.session);
    followUps.start();
    await settle();
    expect(followUps.callbacksToDo).toBe(2);
    expect(await followUps.release('a')).toBe(true);
    expect(followUps.callbacks.find((c) => c.id === 'a')).toMatchObject({ status: 'open', claimedBy: null });
  });

  it('two actions at once keep their own busy state and their own refusal, whichever ends first', async () => {
    const hub = { callbacks: [callback('a', 'open'), callback('b', 'open')] };
    const s = session(hub);
    /** Each claim waits until the test ends it, with a refusal. */
    const pending = new Map<string, (error: Error) => void>();
    const base = s.session.request.bind(s.session);
    (s.session as unknown as { request: unknown }).request = (type: string, payload: { callbackId?: string }) =>
      type === 'claim_callback' ? new Promise((_, reject) => pending.set(payload.callbackId!, reject)) : base(type as 'list_users', payload as never);
    const followUps = new FollowUps(s.session);
    followUps.start();
    await settle();

    const a = followUps.claim('a');
    const b = followUps.claim('b');
    expect([followUps.isBusy('a'), followUps.isBusy('b')]).toEqual([true, true]);
    pending.get('a')!(new Error('a refused'));
    expect(await a).toBe(false);
    // b is still out: still busy, and a's refusal is shown.
    expect([followUps.isBusy('a'), followUps.isBusy('b')]).toEqual([false, true]);
    pending.get('b')!(new Error('b refused'));
    expect(await b).toBe(false);
    expect(followUps.isBusy('b')).toBe(false);
    // b, begun before a ended, did not put back the errors as they were when it began.
    expect([...followUps.errors.keys()].sort()).toEqual(['a', 'b']);
    expect((followUps.errors.get('a') as Error).message).toBe('a refused');
  });
});
