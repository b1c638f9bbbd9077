import type { PrinterStatus } from './printer.ts';

/** ESC/POS real-time status: DLE EOT n, answered at once even mid-job. */
export const DLE_EOT_PRINTER = 1;
export const DLE_EOT_OFFLINE_CAUSE = 2;
export const DLE_EOT_ERROR_CAUSE = 3;
export const DLE_EOT_PAPER_SENSOR = 4;

/** The three real-time queries the adapter sends; the printer answers one byte each, in order. */
export const REALTIME_STATUS_QUERY = Uint8Array.of(
  0x10, 0x04, DLE_EOT_PRINTER,
  0x10, 0x04, DLE_EOT_OFFLINE_CAUSE,
  0x10, 0x04, DLE_EOT_PAPER_SENSOR,
);

/**
 * GS r 1: paper sensor status, processed in sequence with the print data, so its
 * answer arrives only once the preceding job has been processed.
 */
export const SEQUENCED_PAPER_QUERY = Uint8Array.of(0x1d, 0x72, 0x01);

/** The physical condition a printer (or the simulator) is in. */
export interface PrinterCondition {
  paper: 'ok' | 'near_end' | 'out';
  coverOpen: boolean;
}

// Bits 1 and 4 are fixed to 1, bits 0 and 7 to 0 in every DLE EOT answer.
const FIXED = 0x12;
const FIXED_MASK = 0x93;

/** The byte a printer answers to DLE EOT n. */
export function encodeRealtimeStatus(n: number, c: PrinterCondition): number {
  const offline = c.coverOpen || c.paper === 'out';
  switch (n) {
    case DLE_EOT_PRINTER:
      return FIXED | (offline ? 0x08 : 0);
    case DLE_EOT_OFFLINE_CAUSE:
      return FIXED | (c.coverOpen ? 0x04 : 0) | (c.paper === 'out' ? 0x20 : 0) | (offline ? 0x40 : 0);
    case DLE_EOT_PAPER_SENSOR:
      return FIXED | (c.paper !== 'ok' ? 0x0c : 0) | (c.paper === 'out' ? 0x60 : 0);
    default:
      return FIXED;
  }
}

/** The byte a printer answers to GS r 1 (bit 4 is 0, unlike DLE EOT answers). */
export function encodeSequencedPaperStatus(c: PrinterCondition): number {
  return (c.paper !== 'ok' ? 0x03 : 0) | (c.paper === 'out' ? 0x0c : 0);
}

/** True when `byte` has the fixed bits of a DLE EOT answer. */
export function isRealtimeStatusByte(byte: number): boolean {
  return (byte & FIXED_MASK) === FIXED;
}

/**
 * Reads the answers to REALTIME_STATUS_QUERY. Returns null when a byte does not
 * look like a DLE EOT answer (not an ESC/POS printer, or line noise).
 */
export function parseRealtimeStatus(printer: number, offlineCause: number, paperSensor: number): PrinterStatus | null {
  if (![printer, offlineCause, paperSensor].every(isRealtimeStatusByte)) return null;
  const coverOpen = (offlineCause & 0x04) !== 0;
  const paperOut = (paperSensor & 0x60) !== 0 || (offlineCause & 0x20) !== 0;
  const paperNearEnd = (paperSensor & 0x0c) !== 0;
  const offline = (printer & 0x08) !== 0;
  const failed = (offlineCause & 0x40) !== 0;
  const errorCode = coverOpen
    ? 'PRINTER_COVER_OPEN'
    : paperOut
      ? 'PRINTER_PAPER_OUT'
      : failed
        ? 'PRINTER_ERROR'
        : offline
          ? 'PRINTER_OFFLINE'
          : null;
  return { online: !offline, paperOut, paperNearEnd, coverOpen, errorCode };
}
