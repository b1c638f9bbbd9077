import { describe, expect, it } from 'vitest';
import { sampleCallbackReceipt, sampleTicket } from './sample-tickets.ts';
import { parsePrintableTicket } from './ticket.ts';

describe('parsePrintableTicket', () => {
  it('accepts both kinds', () => {
    expect(parsePrintableTicket(sampleTicket())).toEqual(sampleTicket());
    expect(parsePrintableTicket(sampleCallbackReceipt())).toEqual(sampleCallbackReceipt());
  });

  it('accepts every name the office configuration allows: a preferential class or service named at its longest (80), an office at 120', () => {
    const long = (n: number) => 'Personas en condición de discapacidad o movilidad reducida y acompañantes '.repeat(3).slice(0, n);
    const t = parsePrintableTicket(sampleTicket('es', { preferential: long(80), serviceName: long(80), officeName: long(120) }));
    expect(t.kind === 'ticket' && t.preferential).toBe(long(80));
  });

  it('normalises the status URL to ASCII for the QR code', () => {
    const t = parsePrintableTicket(sampleTicket('es', { statusUrl: 'https://turnos.ejemplo.co/oficina/cúcuta' }));
    expect(t.kind === 'ticket' && t.statusUrl).toBe('https://turnos.ejemplo.co/oficina/c%C3%BAcuta');
  });

  it.each([
    ['not an object', 'hola'],
    ['unknown kind', { ...sampleTicket(), kind: 'receipt' }],
    ['bad time zone', { ...sampleTicket(), timeZone: 'Bogota' }],
    ['bad language', { ...sampleTicket(), lang: 'fr' }],
    ['negative people ahead', { ...sampleTicket(), peopleAhead: -1 }],
    ['javascript: URL', { ...sampleTicket(), statusUrl: 'javascript:alert(1)' }],
    ['missing number', { ...sampleTicket(), number: '' }],
    ['long number', { ...sampleTicket(), number: 'A-0000000000000' }],
    ['callback without phone', { ...sampleCallbackReceipt(), phone: undefined }],
  ])('rejects %s with PRINTER_INVALID_TICKET', (_why, value) => {
    expect(() => parsePrintableTicket(value)).toThrow(expect.objectContaining({ code: 'PRINTER_INVALID_TICKET' }));
  });
});
