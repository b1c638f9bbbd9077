import type { ReceiptAlign } from './receipt.ts';

export const ESC = 0x1b;
export const GS = 0x1d;
export const DLE = 0x10;
export const FS = 0x1c;

/** A command the decoder acts on; everything else is measured and ignored. */
export type EscPosCommand =
  | { kind: 'init' }
  | { kind: 'print_mode'; n: number }
  | { kind: 'emphasis'; on: boolean }
  | { kind: 'double_strike'; on: boolean }
  | { kind: 'align'; align: ReceiptAlign }
  | { kind: 'code_page'; n: number }
  | { kind: 'feed_lines'; n: number }
  | { kind: 'print_buffer' }
  | { kind: 'char_size'; width: number; height: number }
  | { kind: 'cut' }
  | { kind: 'qr_module_size'; n: number }
  | { kind: 'qr_store'; data: Uint8Array }
  | { kind: 'qr_print' }
  | { kind: 'realtime_status'; n: number }
  | { kind: 'sequenced_status'; n: number }
  | { kind: 'ignored' };

/** A command at some offset: `length` bytes now, then `skip` payload bytes to discard. */
export interface MeasuredCommand {
  length: number;
  skip: number;
  command: EscPosCommand;
}

const IGNORED: EscPosCommand = { kind: 'ignored' };

function cmd(length: number, command: EscPosCommand = IGNORED, skip = 0): MeasuredCommand {
  return { length, skip, command };
}

function alignOf(n: number): ReceiptAlign {
  const v = n >= 48 ? n - 48 : n;
  return v === 1 ? 'center' : v === 2 ? 'right' : 'left';
}

// ESC x followed by a fixed number of parameter bytes.
const ESC_PARAMS: Readonly<Record<number, number>> = {
  0x20: 1, 0x25: 1, 0x2d: 1, 0x32: 0, 0x33: 1, 0x3c: 0, 0x3d: 1, 0x3f: 1, 0x42: 2, 0x4c: 0, 0x4d: 1,
  0x52: 1, 0x53: 0, 0x54: 1, 0x55: 1, 0x56: 1, 0x57: 8, 0x63: 2, 0x65: 1, 0x70: 3, 0x72: 1, 0x7b: 1,
  0x24: 2, 0x5c: 2, 0x0c: 0,
};

// GS x followed by a fixed number of parameter bytes.
const GS_PARAMS: Readonly<Record<number, number>> = {
  0x2f: 1, 0x3a: 0, 0x42: 1, 0x48: 1, 0x49: 1, 0x4c: 2, 0x50: 2, 0x54: 1, 0x57: 2, 0x5a: 1, 0x5e: 3,
  0x61: 1, 0x62: 1, 0x66: 1, 0x68: 1, 0x77: 1, 0x24: 2, 0x5c: 2, 0x63: 0,
};

function readEsc(b: Uint8Array, i: number): MeasuredCommand | null {
  const has = (k: number): boolean => i + k <= b.length;
  if (!has(2)) return null;
  const op = b[i + 1]!;
  const p = (k: number): number => b[i + 2 + k]!;
  switch (op) {
    case 0x40: return cmd(2, { kind: 'init' });
    case 0x69: case 0x6d: return cmd(2, { kind: 'cut' });
    case 0x4a: return has(3) ? cmd(3, { kind: 'print_buffer' }) : null;
    case 0x21: return has(3) ? cmd(3, { kind: 'print_mode', n: p(0) }) : null;
    case 0x45: return has(3) ? cmd(3, { kind: 'emphasis', on: (p(0) & 1) === 1 }) : null;
    case 0x47: return has(3) ? cmd(3, { kind: 'double_strike', on: (p(0) & 1) === 1 }) : null;
    case 0x61: return has(3) ? cmd(3, { kind: 'align', align: alignOf(p(0)) }) : null;
    case 0x74: return has(3) ? cmd(3, { kind: 'code_page', n: p(0) }) : null;
    case 0x64: return has(3) ? cmd(3, { kind: 'feed_lines', n: p(0) }) : null;
    case 0x2a: {
      if (!has(5)) return null;
      const columns = p(1) + p(2) * 256;
      return cmd(5, IGNORED, columns * (p(0) <= 1 ? 1 : 3));
    }
    case 0x28: return has(5) ? cmd(5, IGNORED, p(1) + p(2) * 256) : null;
    case 0x44: {
      // Tab positions: up to 32 bytes, NUL-terminated.
      for (let k = i + 2; k < Math.min(b.length, i + 35); k++) if (b[k] === 0) return cmd(k - i + 1);
      return b.length >= i + 35 ? cmd(2) : null;
    }
    case 0x26: {
      // User-defined characters: ESC & y c1 c2 then, per character, x and y*x bytes.
      if (!has(5)) return null;
      const y = p(0);
      let k = i + 5;
      for (let c = p(1); c <= p(2); c++) {
        if (k >= b.length) return null;
        k += 1 + y * b[k]!;
      }
      return k <= b.length ? cmd(k - i) : null;
    }
    default: {
      const n = ESC_PARAMS[op] ?? 0;
      return has(2 + n) ? cmd(2 + n) : null;
    }
  }
}

function readGsParenK(b: Uint8Array, i: number, size: number): MeasuredCommand | null {
  // GS ( k pL pH cn fn [m | data]: wait for the whole (small) payload.
  if (i + 5 + size > b.length) return null;
  const cn = b[i + 5];
  const fn = b[i + 6];
  if (cn !== 0x31 || size < 3) return cmd(5 + size);
  if (fn === 0x43) return cmd(5 + size, { kind: 'qr_module_size', n: b[i + 7]! });
  if (fn === 0x50) return cmd(5 + size, { kind: 'qr_store', data: b.slice(i + 8, i + 5 + size) });
  if (fn === 0x51) return cmd(5 + size, { kind: 'qr_print' });
  return cmd(5 + size);
}

function readGs(b: Uint8Array, i: number): MeasuredCommand | null {
  const has = (k: number): boolean => i + k <= b.length;
  if (!has(2)) return null;
  const op = b[i + 1]!;
  const p = (k: number): number => b[i + 2 + k]!;
  switch (op) {
    case 0x21:
      return has(3) ? cmd(3, { kind: 'char_size', width: ((p(0) >> 4) & 7) + 1, height: (p(0) & 7) + 1 }) : null;
    case 0x56: {
      if (!has(3)) return null;
      const withFeed = [65, 66, 97, 98, 103, 104].includes(p(0));
      return has(withFeed ? 4 : 3) ? cmd(withFeed ? 4 : 3, { kind: 'cut' }) : null;
    }
    case 0x72: return has(3) ? cmd(3, { kind: 'sequenced_status', n: p(0) }) : null;
    case 0x28: {
      if (!has(5)) return null;
      const size = p(1) + p(2) * 256;
      return p(0) === 0x6b ? readGsParenK(b, i, size) : cmd(5, IGNORED, size);
    }
    case 0x38: {
      // GS 8 L p1 p2 p3 p4: 32-bit length.
      if (!has(7)) return null;
      return cmd(7, IGNORED, p(1) + p(2) * 0x100 + p(3) * 0x10000 + p(4) * 0x1000000);
    }
    case 0x76: {
      // GS v 0 m xL xH yL yH: raster image.
      if (!has(8)) return null;
      return cmd(8, IGNORED, (p(2) + p(3) * 256) * (p(4) + p(5) * 256));
    }
    case 0x2a: return has(4) ? cmd(4, IGNORED, p(0) * p(1) * 8) : null;
    case 0x6b: {
      // GS k m: m <= 6 is NUL-terminated data, else one length byte.
      if (!has(3)) return null;
      if (p(0) <= 6) {
        for (let k = i + 3; k < Math.min(b.length, i + 259); k++) if (b[k] === 0) return cmd(k - i + 1);
        return b.length >= i + 259 ? cmd(3) : null;
      }
      return has(4) ? cmd(4, IGNORED, p(1)) : null;
    }
    default: {
      const n = GS_PARAMS[op] ?? 0;
      return has(2 + n) ? cmd(2 + n) : null;
    }
  }
}

function readDle(b: Uint8Array, i: number): MeasuredCommand | null {
  if (i + 2 > b.length) return null;
  const op = b[i + 1]!;
  if (op === 0x04) {
    if (i + 3 > b.length) return null;
    const n = b[i + 2]!;
    if (n === 7 || n === 8) return i + 4 <= b.length ? cmd(4) : null;
    return cmd(3, { kind: 'realtime_status', n });
  }
  if (op === 0x05) return i + 3 <= b.length ? cmd(3) : null;
  if (op === 0x14) {
    if (i + 3 > b.length) return null;
    const fn = b[i + 2]!;
    const length = fn === 8 ? 10 : fn === 7 ? 4 : fn <= 2 ? 5 : 3;
    return i + length <= b.length ? cmd(length) : null;
  }
  // A lone DLE is a control byte: the next byte is read normally.
  return cmd(1);
}

function readFs(b: Uint8Array, i: number): MeasuredCommand | null {
  if (i + 2 > b.length) return null;
  const op = b[i + 1]!;
  if (op === 0x28) return i + 5 <= b.length ? cmd(5, IGNORED, b[i + 3]! + b[i + 4]! * 256) : null;
  const params = op === 0x70 || op === 0x53 ? 2 : [0x21, 0x2d, 0x43, 0x57].includes(op) ? 1 : 0;
  return i + 2 + params <= b.length ? cmd(2 + params) : null;
}

/**
 * Measures the command starting at `b[i]` (which must be ESC, GS, DLE or FS).
 * Returns null when more bytes are needed to know. Unknown commands are skipped by
 * their two prefix bytes, so garbage can never stall the decoder.
 */
export function readCommand(b: Uint8Array, i: number): MeasuredCommand | null {
  switch (b[i]) {
    case ESC: return readEsc(b, i);
    case GS: return readGs(b, i);
    case DLE: return readDle(b, i);
    case FS: return readFs(b, i);
    default: return cmd(1);
  }
}
