import { describe, expect, it } from 'vitest';
import { healthFromPrint } from './hub-printing.ts';

describe('healthFromPrint', () => {
  it('a ticket that came out with the roll empty after it: the printer needs paper (the supervisor is told), like a failed print', () => {
    const paperOut = { online: true, paperOut: true, paperNearEnd: null, coverOpen: null, errorCode: 'PRINTER_PAPER_OUT' };
    expect(healthFromPrint({ ok: true, verified: true, warning: 'PRINTER_PAPER_OUT' })).toEqual(paperOut);
    expect(healthFromPrint({ ok: false, code: 'PRINTER_PAPER_OUT', message: 'out', sent: false })).toEqual(paperOut);
    expect(healthFromPrint({ ok: true, verified: true, warning: 'PRINTER_COVER_OPEN' })).toMatchObject({ coverOpen: true, errorCode: 'PRINTER_COVER_OPEN' });
    expect(healthFromPrint({ ok: true, verified: true, warning: 'PRINTER_TIMEOUT' })).toMatchObject({ online: false, errorCode: 'PRINTER_TIMEOUT' });
  });

  it('paper near end is a healthy printer running low; an unverified print tells nothing', () => {
    expect(healthFromPrint({ ok: true, verified: true, warning: 'PRINTER_PAPER_NEAR_END' })).toEqual({ online: true, paperOut: false, paperNearEnd: true, coverOpen: false, errorCode: null });
    expect(healthFromPrint({ ok: true, verified: true, warning: null })).toEqual({ online: true, paperOut: false, paperNearEnd: false, coverOpen: false, errorCode: null });
    expect(healthFromPrint({ ok: true, verified: false, warning: null })).toEqual({ online: true, paperOut: null, paperNearEnd: null, coverOpen: null, errorCode: null });
  });
});
