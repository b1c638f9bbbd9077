import { describe, expect, it } from 'vitest';
import { newTicket, ticketAfterEvent, type HubEvent, type Ticket } from '@turnero/protocol';
import { csvField, ticketsCsv, ticketsCsvPaged } from './csv.ts';

describe('CSV export', () => {
  it('quotes commas, quotes and newlines', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(null)).toBe('');
    expect(csvField(42)).toBe('42');
  });

  it('defuses spreadsheet formulas', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('writes one row per ticket with waits in seconds and no account number', () => {
    const t: Ticket = {
      id: 't1', officeId: 'o', serviceId: 'pagos', number: 'P-001', day: '2026-11-23', status: 'done', preferentialClass: null,
      accountNumber: '99887766', arrivedAt: 0, queuedAt: 0, calledAt: 90_000, startedAt: 100_000, endedAt: 400_000, counterId: 'm1',
      targetCounterId: null, agentId: 'a1', recalls: 0, transfers: 0, notes: [], rating: 9, printed: 'printed',
    };
    const [header, row] = ticketsCsv([t]).trim().split('\r\n');
    expect(header?.split(',')).toContain('wait_seconds');
    expect(row).toContain('P-001');
    expect(row).toContain(',90,300,');
    expect(row).not.toContain('99887766');
  });

  it('[R3] the wait ends at the first call, through the ticket\'s life: a recall or the call after a transfer is no wait of the customer\'s', () => {
    const minute = 60_000;
    let t: Ticket | null = newTicket({ id: 't1', officeId: 'o', serviceId: 'pagos', number: 'P-001', day: '2026-11-23', preferentialClass: null, accountNumber: null, arrivedAt: 0 });
    const call = (at: number): HubEvent => ({ type: 'ticket_called', at, ticketId: 't1', number: 'P-001', serviceId: 'pagos', counterId: 'm1', counterName: 'M1', agentId: 'a1', preferential: false, rule: 'normal', manualReason: null });
    for (const e of [
      call(5 * minute),
      { type: 'ticket_recalled', at: 9 * minute, ticketId: 't1', number: 'P-001', serviceId: 'pagos', counterId: 'm1', counterName: 'M1', recalls: 1 },
      { type: 'service_started', at: 10 * minute, ticketId: 't1' },
      { type: 'ticket_transferred', at: 20 * minute, ticketId: 't1', fromServiceId: 'pagos', toServiceId: 'reclamos', toCounterId: null, note: '' },
      call(32 * minute),
    ] satisfies HubEvent[]) {
      t = ticketAfterEvent(t!, e);
    }
    const [, row] = ticketsCsv([t!]).trim().split('\r\n');
    expect(row?.split(',').slice(6, 7)).toEqual([new Date(5 * minute).toISOString()]);
    expect(row?.split(',')[9]).toBe('300');
    // A ticket stored before firstCalledAt was kept, called (and recalled) then: its next call does not become its first.
    const { firstCalledAt: _, ...old } = { ...ticketAfterEvent(newTicket({ id: 't1', officeId: 'o', serviceId: 'pagos', number: 'P-001', day: '2026-11-23', preferentialClass: null, accountNumber: null, arrivedAt: 0 }), call(5 * minute))! };
    expect(ticketAfterEvent(old, call(9 * minute))?.firstCalledAt).toBe(5 * minute);
  });
});

describe('ticketsCsvPaged', () => {
  it('is the same CSV as one read, built from pages (a day at a time)', async () => {
    const base: Ticket = {
      id: 'a', officeId: 'o', serviceId: 'pagos', number: 'P-001', day: '2026-11-23', status: 'waiting', preferentialClass: null,
      accountNumber: null, arrivedAt: 0, queuedAt: 0, calledAt: null, startedAt: null, endedAt: null, counterId: null,
      targetCounterId: null, agentId: null, recalls: 0, transfers: 0, notes: [], rating: null, printed: 'pending',
    };
    const a = base;
    const b = { ...base, id: 'b', number: 'P-002', day: '2026-11-24' };
    async function* pages() {
      yield [a];
      yield [];
      yield [b];
    }
    expect(await ticketsCsvPaged(pages())).toBe(ticketsCsv([a, b]));
  });
});
