import { describe, expect, it } from 'vitest';
import { encodeRealtimeStatus, encodeSequencedPaperStatus, isRealtimeStatusByte, parseRealtimeStatus } from './escpos-status.ts';
import type { PrinterCondition } from './escpos-status.ts';

const roundTrip = (c: PrinterCondition) => parseRealtimeStatus(encodeRealtimeStatus(1, c), encodeRealtimeStatus(2, c), encodeRealtimeStatus(4, c));

describe('ESC/POS real-time status', () => {
  it.each([
    [{ paper: 'ok', coverOpen: false }, { online: true, paperOut: false, paperNearEnd: false, coverOpen: false, errorCode: null }],
    [{ paper: 'near_end', coverOpen: false }, { online: true, paperOut: false, paperNearEnd: true, coverOpen: false, errorCode: null }],
    [{ paper: 'out', coverOpen: false }, { online: false, paperOut: true, paperNearEnd: true, coverOpen: false, errorCode: 'PRINTER_PAPER_OUT' }],
    [{ paper: 'ok', coverOpen: true }, { online: false, paperOut: false, paperNearEnd: false, coverOpen: true, errorCode: 'PRINTER_COVER_OPEN' }],
    [{ paper: 'out', coverOpen: true }, { online: false, paperOut: true, paperNearEnd: true, coverOpen: true, errorCode: 'PRINTER_COVER_OPEN' }],
  ] as const)('%o reads back as %o', (condition, status) => {
    expect(roundTrip(condition)).toEqual(status);
  });

  it('rejects bytes without the fixed DLE EOT bits', () => {
    expect(parseRealtimeStatus(0x00, 0x12, 0x12)).toBeNull();
    expect(parseRealtimeStatus(0x12, 0x12, 0xff)).toBeNull();
  });

  it('keeps GS r answers distinguishable from DLE EOT answers', () => {
    for (const paper of ['ok', 'near_end', 'out'] as const) {
      expect(isRealtimeStatusByte(encodeSequencedPaperStatus({ paper, coverOpen: false }))).toBe(false);
    }
  });
});
