import { describe, expect, it } from 'vitest';
import '@turnero/app-kit/testing/runes';
import type { Ticket } from '@turnero/protocol';
import { DeskDialog } from '../renderer/agent/desk-dialog.svelte.ts';
import type { DeskNotice } from '../renderer/agent/desk-state.svelte.ts';
import { bookFromSnapshot, currentTicketAt, type TicketBook } from '../renderer/shared/ticket-book.ts';
import { counter, snapshot, T0, ticket } from './fixtures.ts';

/** Laura at Módulo 1, with `at` there (or nothing), and F-002 waiting. */
function office(at: Ticket | null, held = true): TicketBook {
  const waiting = ticket('2');
  return bookFromSnapshot(
    snapshot({
      counters: [counter('modulo-1', ['facturacion'], held ? { state: 'available', agentId: 'laura', agentName: 'Laura', currentTicketId: at?.id ?? null, currentNumber: at?.number ?? null } : {})],
      tickets: at ? [at, waiting] : [waiting],
    }),
  );
}

function dialogOver(get: () => TicketBook, notice: () => DeskNotice | null = () => null) {
  return new DeskDialog({
    book: get,
    current: () => currentTicketAt(get(), 'modulo-1'),
    hasCounter: () => get().counters[0]?.agentId === 'laura',
    notice,
  });
}

const serving = (patch: Partial<Ticket> = {}) => ticket('1', { status: 'serving', counterId: 'modulo-1', agentId: 'laura', calledAt: T0 + 60_000, startedAt: T0 + 90_000, ...patch });

describe('the agent view’s dialogs, read against the live book', () => {
  it('a transfer dialog whose ticket left the counter meanwhile (a supervisor released it) stops blocking the shortcuts, and does not come back with the next service', () => {
    let book = office(serving());
    const dialog = dialogOver(() => book);
    dialog.openTransfer();
    expect([dialog.transfer?.number, dialog.blocking]).toEqual(['F-001', true]);
    // Released by a supervisor ("served"): the ticket is gone, the counter closed, the agent opens it again.
    book = office(null, false);
    expect([dialog.transfer, dialog.blocking]).toEqual([null, false]);
    book = office(null);
    expect(dialog.blocking).toBe(false);
    // Later the same ticket (back in the queue) is called and served here again: a new service, no dialog.
    book = office(serving({ calledAt: T0 + 600_000, startedAt: T0 + 620_000 }));
    expect([dialog.transfer, dialog.blocking]).toEqual([null, false]);
  });

  it('does not open a transfer when nothing is being served', () => {
    const book = office(ticket('1', { status: 'called', counterId: 'modulo-1', agentId: 'laura', calledAt: T0 }));
    const dialog = dialogOver(() => book);
    dialog.openTransfer();
    expect(dialog.blocking).toBe(false);
  });

  it('a call out of order shows while its ticket waits, and goes once another desk called it or this desk lost its counter', () => {
    let book = office(null);
    const dialog = dialogOver(() => book);
    dialog.openCall(book.tickets.get('2')!);
    expect([dialog.call?.number, dialog.blocking]).toEqual(['F-002', true]);
    book = office(null, false);
    expect(dialog.call).toBeNull();
    book = office(null);
    expect(dialog.call?.number).toBe('F-002');
    // Called at another counter and put back in the queue: not the ticket the agent chose to call.
    book = bookFromSnapshot(snapshot({ counters: [...book.counters], tickets: [ticket('2', { calledAt: T0 + 30_000 })] }));
    expect([dialog.call, dialog.blocking]).toEqual([null, false]);
    dialog.close();
    expect(dialog.blocking).toBe(false);
  });

  it('opens clean: a refusal from before it opened (a refused pause, its own earlier attempt) is not shown in it; its own request’s refusal is', () => {
    const book = office(serving());
    let notice: DeskNotice | null = { kind: 'error', code: 'AGENT_PAUSED', refusal: null };
    const dialog = dialogOver(() => book, () => notice);
    dialog.openTransfer();
    expect(dialog.error).toBeNull();
    // The transfer is refused: the desk sets a new notice, which the dialog shows.
    notice = null;
    notice = { kind: 'error', code: 'INVALID_ARGUMENT', refusal: { reason: 'transfer_counter_closed' } };
    expect(dialog.error).toBe(notice);
    // Cancelled, then opened again (or the other dialog opened): that refusal belongs to the last attempt.
    dialog.close();
    dialog.openTransfer();
    expect(dialog.error).toBeNull();
    dialog.close();
    dialog.openCall(book.tickets.get('2')!);
    expect([dialog.call?.number, dialog.error]).toEqual(['F-002', null]);
    // An outcome is no refusal.
    notice = { kind: 'transferred', number: 'F-001', target: 'Módulo 2' };
    expect(dialog.error).toBeNull();
  });
});
