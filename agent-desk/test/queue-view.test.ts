import { describe, expect, it } from 'vitest';
import { waitsForCounter } from '@turnero/protocol';
import { queuesFor, waitingList, waitLevel } from '../renderer/agent/queue-view.ts';
import { bookFromSnapshot } from '../renderer/shared/ticket-book.ts';
import { counter, snapshot, T0, ticket } from './fixtures.ts';

const min = 60_000;

describe('the queues a counter serves', () => {
  it('colours a wait against the service target: ok, near (last quarter), over', () => {
    expect(waitLevel(0, 20)).toBe('ok');
    expect(waitLevel(14 * min, 20)).toBe('ok');
    expect(waitLevel(15 * min, 20)).toBe('near');
    expect(waitLevel(20 * min, 20)).toBe('near');
    expect(waitLevel(20 * min + 1, 20)).toBe('over');
  });

  it('counts waiting tickets and the longest wait per service, in the counter’s service order', () => {
    const book = bookFromSnapshot(
      snapshot({
        tickets: [
          ticket('1', { serviceId: 'facturacion', queuedAt: T0 - 20 * min }),
          ticket('2', { serviceId: 'facturacion', queuedAt: T0 - 5 * min }),
          ticket('3', { serviceId: 'reclamos', queuedAt: T0 - 2 * min }),
          ticket('4', { serviceId: 'reclamos', status: 'called', counterId: 'modulo-3', queuedAt: T0 - 60 * min }),
        ],
        stats: [{ serviceId: 'reclamos', waiting: 1, longestWaitMs: 0, estimatedWaitMinutes: 7, openCounters: 1 }],
      }),
    );
    const rows = queuesFor(book, counter('modulo-2', ['reclamos', 'facturacion']), [{ serviceId: 'reclamos', waiting: 1, longestWaitMs: 0, estimatedWaitMinutes: 7, openCounters: 1 }], T0);
    expect(rows.map((r) => [r.service.id, r.waiting, r.longestWaitMs, r.level, r.estimatedWaitMinutes])).toEqual([
      ['reclamos', 1, 2 * min, 'ok', 7],
      ['facturacion', 2, 20 * min, 'over', null],
    ]);
  });

  it('lists what the counter may call: its services, or sent to it; transferred-to-it first, then by time in queue', () => {
    const mine = counter('modulo-1', ['facturacion']);
    const tickets = [
      ticket('1', { queuedAt: T0 + 3 }),
      ticket('2', { queuedAt: T0 + 1 }),
      ticket('3', { queuedAt: T0 + 9, serviceId: 'reclamos', targetCounterId: 'modulo-1' }),
      ticket('4', { queuedAt: T0, targetCounterId: 'modulo-2' }),
      ticket('5', { queuedAt: T0, serviceId: 'reclamos' }),
      ticket('6', { queuedAt: T0, status: 'called', counterId: 'modulo-2' }),
    ];
    expect(waitingList(bookFromSnapshot(snapshot({ tickets })), mine).map((t) => t.id)).toEqual(['3', '2', '1']);
    expect(waitsForCounter(tickets[3]!, counter('modulo-2', []))).toBe(true);
  });
});
