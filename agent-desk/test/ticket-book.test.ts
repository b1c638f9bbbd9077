import { describe, expect, it } from 'vitest';
import type { Callback, HubEvent, HubEventType, RecoveryCase } from '@turnero/protocol';
import { applyEvent, bookFromSnapshot, counterOf, currentTicketAt, type TicketBook } from '../renderer/shared/ticket-book.ts';
import { counter, service, snapshot, T0, ticket } from './fixtures.ts';

const at = T0 + 60_000;

/** A book with agent a1 at modulo-1 and the given tickets. */
function bookWith(...tickets: ReturnType<typeof ticket>[]): TicketBook {
  return bookFromSnapshot(
    snapshot({
      counters: [counter('modulo-1', ['facturacion'], { state: 'available', agentId: 'a1', agentName: 'Laura' }), counter('modulo-2', ['reclamos'])],
      tickets,
    }),
  );
}

const callback = (): Callback => ({
  id: 'cb', officeId: 'o1', serviceId: null, name: 'Ana', phone: '3001234567', reason: 'Factura', reference: 'TC-1', createdAt: at,
  status: 'open', source: 'kiosk', accountNumber: null, claimedBy: null, attempts: [], outcome: null, closedAt: null,
});
const recoveryCase = (): RecoveryCase => ({
  id: 'c1', officeId: 'o1', ticketId: '1', number: 'F-001', serviceId: 'facturacion', counterId: 'modulo-1', agentId: 'a1',
  accountNumber: null, rating: 3, openedAt: at, status: 'open', followUps: [], outcome: null, closedAt: null,
});

/** Events about follow-ups and devices leave the book as it was (the very same object). */
function unchanged(event: HubEvent): void {
  const before = bookWith(ticket('1'), called('2'));
  expect(applyEvent(before, event)).toBe(before);
}

const called = (id: string) => ticket(id, { status: 'called', calledAt: T0, counterId: 'modulo-1', agentId: 'a1' });
function withCurrent(t: ReturnType<typeof ticket>): TicketBook {
  const book = bookWith(t);
  return { ...book, counters: book.counters.map((c) => (c.id === 'modulo-1' ? { ...c, currentTicketId: t.id, currentNumber: t.number } : c)) };
}

describe('the desk’s live ticket book', () => {
  it('starts from the snapshot: tickets, counters, recall limit', () => {
    const book = bookWith(ticket('1'), called('2'));
    expect([...book.tickets.keys()]).toEqual(['1', '2']);
    expect(counterOf(book, 'a1')?.id).toBe('modulo-1');
    expect(currentTicketAt(book, 'modulo-1')?.id).toBe('2');
    expect(book.recallLimit).toBe(2);
    expect(bookFromSnapshot(snapshot({ tickets: undefined })).tickets.size).toBe(0);
  });

  // NOTE: one case per event type; the mapped type makes a missing one a type error (npm run check).
  const cases: { [T in HubEventType]: () => void } = {
    ticket_issued: () => {
      const t = ticket('9');
      const book = applyEvent(bookWith(), { type: 'ticket_issued', at, ticket: t, deviceId: 'k1' });
      expect(book.tickets.get('9')).toEqual(t);
    },
    ticket_called: () => {
      const book = applyEvent(bookWith(ticket('1', { targetCounterId: 'modulo-1' })), {
        type: 'ticket_called', at, ticketId: '1', number: 'F-001', serviceId: 'facturacion', counterId: 'modulo-1', counterName: 'Módulo 1', agentId: 'a1', preferential: false, rule: 'normal', manualReason: null,
      });
      expect(book.tickets.get('1')).toMatchObject({ status: 'called', calledAt: at, counterId: 'modulo-1', agentId: 'a1', targetCounterId: null });
      expect(counterOf(book, 'a1')).toMatchObject({ currentTicketId: '1', currentNumber: 'F-001' });
      expect(currentTicketAt(book, 'modulo-1')?.id).toBe('1');
    },
    ticket_recalled: () => {
      const book = applyEvent(withCurrent(called('1')), { type: 'ticket_recalled', at, ticketId: '1', number: 'F-001', serviceId: 'facturacion', counterId: 'modulo-1', counterName: 'Módulo 1', recalls: 1 });
      expect(book.tickets.get('1')).toMatchObject({ status: 'called', recalls: 1, calledAt: at });
    },
    ticket_requeued: () => {
      const book = applyEvent(withCurrent(called('1')), { type: 'ticket_requeued', at, ticketId: '1' });
      expect(book.tickets.get('1')).toMatchObject({ status: 'waiting', queuedAt: at, counterId: null, agentId: null, calledAt: null, arrivedAt: T0 });
      expect(counterOf(book, 'a1')?.currentTicketId).toBeNull();
    },
    service_started: () => {
      const book = applyEvent(withCurrent(called('1')), { type: 'service_started', at, ticketId: '1' });
      expect(book.tickets.get('1')).toMatchObject({ status: 'serving', startedAt: at });
      expect(currentTicketAt(book, 'modulo-1')?.status).toBe('serving');
    },
    service_finished: () => {
      const book = applyEvent(withCurrent(ticket('1', { status: 'serving', counterId: 'modulo-1', startedAt: T0 })), { type: 'service_finished', at, ticketId: '1' });
      expect(book.tickets.has('1')).toBe(false);
      expect(counterOf(book, 'a1')).toMatchObject({ currentTicketId: null, currentNumber: null });
      expect(currentTicketAt(book, 'modulo-1')).toBeNull();
    },
    ticket_no_show: () => {
      const book = applyEvent(withCurrent(called('1')), { type: 'ticket_no_show', at, ticketId: '1', reason: 'recall_limit' });
      expect(book.tickets.has('1')).toBe(false);
      expect(counterOf(book, 'a1')?.currentTicketId).toBeNull();
    },
    ticket_transferred: () => {
      const serving = ticket('1', { status: 'serving', counterId: 'modulo-1', agentId: 'a1', calledAt: T0, startedAt: T0, recalls: 1, notes: ['first'] });
      const book = applyEvent(withCurrent(serving), { type: 'ticket_transferred', at, ticketId: '1', fromServiceId: 'facturacion', toServiceId: 'reclamos', toCounterId: 'modulo-2', note: 'Revisar medidor' });
      expect(book.tickets.get('1')).toMatchObject({
        status: 'waiting', serviceId: 'reclamos', targetCounterId: 'modulo-2', queuedAt: at, arrivedAt: T0,
        counterId: null, agentId: null, calledAt: null, startedAt: null, recalls: 0, transfers: 1, notes: ['first', 'Revisar medidor'],
      });
      expect(counterOf(book, 'a1')?.currentTicketId).toBeNull();
      const noNote = applyEvent(withCurrent(serving), { type: 'ticket_transferred', at, ticketId: '1', fromServiceId: 'facturacion', toServiceId: 'facturacion', toCounterId: null, note: '' });
      expect(noNote.tickets.get('1')?.notes).toEqual(['first']);
    },
    ticket_cancelled: () => {
      const book = applyEvent(bookWith(ticket('1')), { type: 'ticket_cancelled', at, ticketId: '1', reason: 'duplicado' });
      expect(book.tickets.has('1')).toBe(false);
    },
    ticket_rated: () => unchanged({ type: 'ticket_rated', at, ticketId: '1', rating: 3, counterId: 'modulo-1', agentId: 'a1', source: 'keypad' }),
    print_reported: () => {
      const book = applyEvent(bookWith(ticket('1', { printed: 'pending' })), { type: 'print_reported', at, ticketId: '1', outcome: 'failed', errorCode: 'PRINTER_PAPER_OUT' });
      expect(book.tickets.get('1')?.printed).toBe('failed');
    },
    callback_requested: () => unchanged({ type: 'callback_requested', at, callback: callback() }),
    callback_updated: () => unchanged({ type: 'callback_updated', at, callback: { ...callback(), status: 'claimed', claimedBy: 'a1' } }),
    case_opened: () => unchanged({ type: 'case_opened', at, case: recoveryCase() }),
    case_updated: () => unchanged({ type: 'case_updated', at, case: { ...recoveryCase(), status: 'closed', outcome: 'recovered', closedAt: at } }),
    counter_opened: () => {
      const book = applyEvent(bookWith(), { type: 'counter_opened', at, counterId: 'modulo-2', agentId: 'a2', agentName: 'Carlos' });
      expect(counterOf(book, 'a2')).toMatchObject({ id: 'modulo-2', state: 'available', agentName: 'Carlos', pauseReason: null });
    },
    counter_closed: () => {
      const book = applyEvent(bookWith(), { type: 'counter_closed', at, counterId: 'modulo-1', agentId: 'a1' });
      expect(counterOf(book, 'a1')).toBeNull();
      expect(book.counters.find((c) => c.id === 'modulo-1')).toMatchObject({ state: 'closed', agentId: null, agentName: null });
    },
    agent_status_changed: () => {
      const paused = applyEvent(bookWith(), { type: 'agent_status_changed', at, counterId: 'modulo-1', agentId: 'a1', status: 'paused', reason: 'lunch' });
      expect(counterOf(paused, 'a1')).toMatchObject({ state: 'paused', pauseReason: 'lunch' });
      const back = applyEvent(paused, { type: 'agent_status_changed', at, counterId: 'modulo-1', agentId: 'a1', status: 'available', reason: null });
      expect(counterOf(back, 'a1')).toMatchObject({ state: 'available', pauseReason: null });
    },
    device_paired: () =>
      unchanged({ type: 'device_paired', at, device: { id: 'd1', officeId: 'o1', kind: 'keypad_station', name: 'Tableta', counterId: 'modulo-1', pairedAt: at, revoked: false, lastSeenAt: at, online: true, health: {}, printerUri: null, paperWidth: 80 } }),
    device_revoked: () => unchanged({ type: 'device_revoked', at, deviceId: 'd1' }),
    device_health: () => unchanged({ type: 'device_health', at, deviceId: 'd1', online: false, health: { keypad: { connected: false } } }),
    config_changed: () => {
      const before = bookWith();
      const svc = applyEvent(before, { type: 'config_changed', at, by: 'admin', change: { kind: 'service', service: { ...service('reclamos', 'R', 25) } } });
      expect(svc.services.find((s) => s.id === 'reclamos')?.targetWaitMinutes).toBe(25);
      const added = applyEvent(before, { type: 'config_changed', at, by: 'admin', change: { kind: 'service', service: service('pagos', 'P') } });
      expect(added.services.map((s) => s.id)).toContain('pagos');
      const renamed = applyEvent(before, { type: 'config_changed', at, by: 'admin', change: { kind: 'counter', counter: { id: 'modulo-1', name: 'Caja 1', serviceIds: ['reclamos'] } } });
      expect(counterOf(renamed, 'a1')).toMatchObject({ name: 'Caja 1', serviceIds: ['reclamos'], agentName: 'Laura' });
      const newCounter = applyEvent(before, { type: 'config_changed', at, by: 'admin', change: { kind: 'counter', counter: { id: 'modulo-9', name: 'Módulo 9', serviceIds: [] } } });
      expect(newCounter.counters.find((c) => c.id === 'modulo-9')).toMatchObject({ state: 'closed', agentId: null });
      const settings = applyEvent(before, {
        type: 'config_changed', at, by: 'admin',
        change: { kind: 'settings', settings: { fairness: { preferential: 1, normal: 1, maxWaitMinutes: 20 }, recallLimit: 4, ratingThreshold: 5, issueRatePerMinute: 30 }, preferentialClasses: [] },
      });
      expect(settings).toMatchObject({ recallLimit: 4, preferentialClasses: [] });
      expect(applyEvent(before, { type: 'config_changed', at, by: 'admin', change: { kind: 'group', group: { id: 'g', name: { es: 'g', en: 'g' }, icon: 'x', order: 1 } } })).toBe(before);
    },
  };

  for (const [type, check] of Object.entries(cases)) it(`applies ${type}`, check);

  it('ignores events about tickets it does not hold, and never mutates the book it was given', () => {
    const before = bookWith(ticket('1'));
    const frozen = JSON.stringify({ ...before, tickets: [...before.tickets] });
    expect(applyEvent(before, { type: 'service_started', at, ticketId: 'ghost' })).toBe(before);
    const after = applyEvent(before, { type: 'ticket_cancelled', at, ticketId: '1', reason: 'x' } satisfies HubEvent);
    expect(after).not.toBe(before);
    expect(JSON.stringify({ ...before, tickets: [...before.tickets] })).toBe(frozen);
  });
});
