import { describe, expect, it } from 'vitest';
import { sampleCallbackReceipt, sampleTicket } from './sample-tickets.ts';
import { buildTicketLayout, maskTail, PAPER_COLUMNS, printableText, wrapText } from './ticket-layout.ts';
import type { LayoutOp, PaperWidth } from './ticket-layout.ts';
import { formatIssuedAt } from './ticket-strings.ts';

const texts = (ops: LayoutOp[]): Array<Extract<LayoutOp, { op: 'text' }>> => ops.flatMap((o) => (o.op === 'text' ? [o] : []));

describe('ticket layout', () => {
  it.each([58, 80] as PaperWidth[])('every line fits %i mm paper at its size', (paperWidth) => {
    for (const t of [sampleTicket('es'), sampleTicket('en'), sampleCallbackReceipt('es'), sampleCallbackReceipt('en')]) {
      for (const op of texts(buildTicketLayout(t, { paperWidth }))) {
        expect(op.text.length * op.size).toBeLessThanOrEqual(PAPER_COLUMNS[paperWidth]);
      }
    }
  });

  it('prints the number at 4x or more, bold and centred, then QR and cut', () => {
    const ops = buildTicketLayout(sampleTicket(), { paperWidth: 58 });
    expect(texts(ops).find((o) => o.text === 'A-023')).toEqual({ op: 'text', text: 'A-023', align: 'center', bold: true, size: 4 });
    expect(ops.filter((o) => o.op === 'qr')).toEqual([{ op: 'qr', data: sampleTicket().statusUrl, cellSize: 5 }]);
    expect(ops.at(-1)).toEqual({ op: 'cut' });
  });

  it('writes English when asked', () => {
    const all = texts(buildTicketLayout(sampleTicket('en', { peopleAhead: 0 }), { paperWidth: 80 })).map((o) => o.text).join('\n');
    expect(all).toContain('YOUR TURN');
    expect(all).toContain('You are next');
    expect(all).toContain('Time: 7:26 AM');
    expect(all).not.toContain('Fecha');
  });

  it('omits optional lines (no preference, no estimate, no account)', () => {
    const t = sampleTicket('es', { preferential: null, estimatedWaitMinutes: null, accountNumber: null });
    const all = texts(buildTicketLayout(t, { paperWidth: 80 })).map((o) => o.text).join('\n');
    expect(all).not.toMatch(/PREFERENCIAL|Espera|Cuenta/);
  });
});

describe('text helpers', () => {
  it('formats the time in the office time zone', () => {
    const at = Date.UTC(2025, 0, 1, 3, 5);
    expect(formatIssuedAt(at, 'America/Bogota', 'es')).toEqual({ date: '31/12/2024', time: '10:05 p. m.' });
    expect(formatIssuedAt(at, 'Europe/Madrid', 'en')).toEqual({ date: 'Jan 1, 2025', time: '4:05 AM' });
  });

  it('strips printer control bytes and normalises typography', () => {
    expect(printableText('Ana\x1b@\x1dV\x00 “Pérez”\u00a0–\tok…')).toBe('Ana@V "Pérez" - ok...');
  });

  it('masks all but the last four digits', () => {
    expect(maskTail('+57 300 123 4567')).toBe('********4567');
    expect(maskTail('123')).toBe('***');
  });

  it('word-wraps and hard-breaks long words', () => {
    expect(wrapText('uno dos tres', 7)).toEqual(['uno dos', 'tres']);
    expect(wrapText('abcdefghij k', 4)).toEqual(['abcd', 'efgh', 'ij k']);
  });
});
