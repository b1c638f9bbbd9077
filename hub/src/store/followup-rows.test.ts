import { describe, expect, it } from 'vitest';
import type { RecoveryCase } from '@turnero/protocol';
import { demoOffice } from '../demo.ts';
import { newCallback } from '../domain/followups.ts';
import { SqliteStore } from './sqlite-store.ts';

const T0 = Date.UTC(2026, 10, 2, 14, 0);
const HOUR = 3_600_000;

function store(): SqliteStore {
  const s = new SqliteStore({ path: ':memory:' });
  s.createOffice(demoOffice('http://hub'));
  return s;
}

describe('callback and case lists', () => {
  it('[F3] every callback still to do is listed however many were closed since: only closed ones are capped', () => {
    const s = store();
    let id = 0;
    const make = (at: number) => newCallback({ officeId: 'cucuta-centro', serviceId: 'pagos', name: 'Cliente', phone: '3001234567', reason: 'Factura', accountNumber: null, source: 'kiosk' }, { now: at, newId: () => `cb-${++id}` });
    const forgotten = make(T0);
    const claimed = { ...make(T0 + HOUR), status: 'claimed' as const, claimedBy: 'user-supervisor' };
    s.insertCallback(forgotten, null, null);
    s.insertCallback(claimed, null, null);
    for (let i = 0; i < 600; i++) {
      const cb = make(T0 + 2 * HOUR + i * 60_000);
      s.insertCallback({ ...cb, status: 'closed', outcome: 'resolved', closedAt: cb.createdAt + 1 }, null, null);
    }
    const all = s.callbacksOf('cucuta-centro', 'all');
    expect(all.map((c) => c.id)).toEqual(expect.arrayContaining([forgotten.id, claimed.id]));
    expect(all.filter((c) => c.status === 'closed')).toHaveLength(500);
    // Newest first, the ones to do among them by their time.
    expect(all.map((c) => c.createdAt)).toEqual([...all.map((c) => c.createdAt)].sort((a, b) => b - a));
    expect(s.callbacksOf('cucuta-centro', 'open').map((c) => c.id)).toEqual([forgotten.id]);
    expect(s.callbacksOf('cucuta-centro', 'claimed').map((c) => c.id)).toEqual([claimed.id]);
    expect(s.callbacksOf('cucuta-centro', 'closed')).toHaveLength(500);
  });

  it('[F2] every open case is listed however many were closed since', () => {
    const s = store();
    const make = (i: number, status: RecoveryCase['status']): RecoveryCase => ({
      id: `case-${i}`, officeId: 'cucuta-centro', ticketId: `t-${i}`, number: `P-${i}`, serviceId: 'pagos', counterId: null, agentId: null, accountNumber: null,
      rating: 2, openedAt: T0 + i * 60_000, status, followUps: [], outcome: status === 'closed' ? 'recovered' : null, closedAt: status === 'closed' ? T0 + i * 60_000 + 1 : null,
    });
    s.saveCase(make(0, 'open'));
    for (let i = 1; i <= 600; i++) s.saveCase(make(i, 'closed'));
    const all = s.casesOf('cucuta-centro', 'all');
    expect(all.map((c) => c.id)).toContain('case-0');
    expect(all).toHaveLength(501);
    expect(s.casesOf('cucuta-centro', 'open').map((c) => c.id)).toEqual(['case-0']);
  });
});
