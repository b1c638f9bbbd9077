import { describe, expect, it } from 'vitest';
import type { Ticket } from '@turnero/protocol';
import { csvField, ticketsCsv } from './csv.ts';

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
});
