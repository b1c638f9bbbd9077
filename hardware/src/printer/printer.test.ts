import { describe, expect, it } from 'vitest';
import { asWarning } from './printer.ts';

describe('asWarning', () => {
  it('keeps a printer state as the warning of a printed job', () => {
    for (const code of ['PRINTER_PAPER_OUT', 'PRINTER_COVER_OPEN', 'PRINTER_OFFLINE', 'PRINTER_TIMEOUT', 'PRINTER_PAPER_NEAR_END'] as const) expect(asWarning(code)).toBe(code);
  });

  it('turns a code that describes no printer state into a printer error', () => {
    for (const code of ['PRINTER_WRITE_FAILED', 'PRINTER_INVALID_URI', 'PRINTER_INVALID_TICKET'] as const) expect(asWarning(code)).toBe('PRINTER_ERROR');
  });
});
