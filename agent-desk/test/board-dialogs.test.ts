import { describe, expect, it } from 'vitest';
import '@turnero/app-kit/testing/runes';
import { refused } from '@turnero/protocol';
import { translate } from '@turnero/app-kit/translate';
import type { DeskI18n } from '../renderer/shared/i18n.ts';
import { en } from '../renderer/shared/strings-en.ts';
import { es } from '../renderer/shared/strings-es.ts';
import { bookFromSnapshot, type TicketBook } from '../renderer/shared/ticket-book.ts';
import { waitingByArrival } from '../renderer/supervisor/board/board-model.ts';
import { ReleaseDialog, type ReleaseRequest } from '../renderer/supervisor/board/release-dialog.svelte.ts';
import { VoidDialog } from '../renderer/supervisor/board/void-dialog.svelte.ts';
import { counter, snapshot, T0, ticket } from './fixtures.ts';

const i18n = { lang: 'es', t: (key: keyof typeof es, params?: Record<string, string | number>) => translate({ es, en }, 'es', key, params) } as unknown as DeskI18n;

/** Módulo 1 held by Laura with F-001 `status` there. */
function office(status: 'called' | 'serving') {
  return bookFromSnapshot(
    snapshot({
      counters: [counter('modulo-1', ['facturacion'], { state: 'available', agentId: 'laura', agentName: 'Laura', currentTicketId: '1', currentNumber: 'F-001' })],
      tickets: [ticket('1', { status, counterId: 'modulo-1', agentId: 'laura' })],
    }),
  );
}

describe('the board’s release dialog (SPEC A8)', () => {
  it('asks, for a ticket being served, whether it was served, and sends the holder and ticket it saw', async () => {
    let book: TicketBook = office('serving');
    const sent: ReleaseRequest[] = [];
    const dialog = new ReleaseDialog(() => book, async (r) => void sent.push(r), () => i18n);
    dialog.open(book.counters[0]!);
    expect([dialog.counter?.id, dialog.ticket?.number, dialog.canConfirm]).toEqual(['modulo-1', 'F-001', false]);
    dialog.choose('finish');
    expect(dialog.canConfirm).toBe(true);
    // The desk still works: F-001 finished and F-002 started there. The answer was for F-001: asked again.
    book = bookFromSnapshot(
      snapshot({
        counters: [counter('modulo-1', ['facturacion'], { state: 'available', agentId: 'laura', agentName: 'Laura', currentTicketId: '2', currentNumber: 'F-002' })],
        tickets: [ticket('2', { status: 'serving', counterId: 'modulo-1', agentId: 'laura' })],
      }),
    );
    expect([dialog.ticket?.number, dialog.choice, dialog.canConfirm]).toEqual(['F-002', null, false]);
    dialog.choose('requeue');
    await dialog.confirm();
    expect(sent).toEqual([{ counterId: 'modulo-1', agentId: 'laura', ticketId: '2', servingTicket: 'requeue' }]);
    expect(dialog.counter).toBeNull();
  });

  it('says so when someone else holds the counter now, and goes away when it closed meanwhile', () => {
    let book: TicketBook = office('called');
    const dialog = new ReleaseDialog(() => book, async () => undefined, () => i18n);
    dialog.open(book.counters[0]!);
    expect([dialog.holderChanged, dialog.canConfirm]).toEqual([false, true]);
    book = bookFromSnapshot(snapshot({ counters: [counter('modulo-1', ['facturacion'], { state: 'available', agentId: 'carlos', agentName: 'Carlos' })] }));
    expect([dialog.holderChanged, dialog.canConfirm]).toEqual([true, false]);
    book = bookFromSnapshot(snapshot({ counters: [counter('modulo-1', ['facturacion'])] }));
    expect(dialog.counter).toBeNull();
  });

  it('keeps the hub’s refusal in the dialog, in the console’s words', async () => {
    const book = office('called');
    const dialog = new ReleaseDialog(() => book, () => Promise.reject(refused({ reason: 'ticket_changed' }, 'changed')), () => i18n);
    dialog.open(book.counters[0]!);
    await dialog.confirm();
    expect(dialog.counter?.id).toBe('modulo-1');
    expect(dialog.action.error).toBe('El turno de ese módulo cambió mientras decidía: revise y vuelva a intentar.');
  });
});

describe('the board’s void dialog (SPEC T8)', () => {
  it('needs a reason; a preset sets the reason and whether a phone is called back; only a ticket still waiting is voided', async () => {
    let book: TicketBook = bookFromSnapshot(snapshot({ tickets: [ticket('1', { phone: '3001234567' })] }));
    const sent: [string, string, boolean][] = [];
    const dialog = new VoidDialog(() => book, async (...a) => void sent.push(a), () => i18n);
    dialog.open(book.tickets.get('1')!);
    expect(dialog.canConfirm).toBe(false);
    dialog.use({ text: 'Turno duplicado', callback: false });
    expect([dialog.reason, dialog.callback, dialog.canConfirm]).toEqual(['Turno duplicado', false, true]);
    book = bookFromSnapshot(snapshot({ tickets: [ticket('1', { phone: '3001234567', status: 'called', counterId: 'modulo-1' })] }));
    expect([dialog.stillWaiting, dialog.canConfirm]).toEqual([false, false]);
    book = bookFromSnapshot(snapshot({ tickets: [ticket('1', { phone: '3001234567' })] }));
    await dialog.confirm();
    expect(sent).toEqual([['1', 'Turno duplicado', false]]);
    expect(dialog.ticket).toBeNull();
  });

  it('a ticket without a phone is never called back', async () => {
    const book = bookFromSnapshot(snapshot({ tickets: [ticket('1')] }));
    const sent: boolean[] = [];
    const dialog = new VoidDialog(() => book, async (_id, _r, callback) => void sent.push(callback), () => i18n);
    dialog.open(book.tickets.get('1')!);
    dialog.use({ text: 'Ya lo atendieron', callback: false });
    await dialog.confirm();
    expect(sent).toEqual([true]);
  });
});

describe('who waits, on the board', () => {
  it('by first arrival, as the hub calls them: one put back in its queue keeps its place', () => {
    const order = waitingByArrival([
      ticket('3', { arrivedAt: T0 + 3000 }),
      ticket('1', { arrivedAt: T0 + 1000, queuedAt: T0 + 9000 }),
      ticket('2', { arrivedAt: T0 + 2000, status: 'called' }),
      ticket('4', { arrivedAt: T0 + 3000 }),
    ]).map((t) => t.id);
    expect(order).toEqual(['1', '3', '4']);
  });
});
