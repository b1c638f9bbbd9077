import { HardwareError } from '../errors.ts';

/** Serial settings of the rating keypad: 9600 baud, 8 data bits, no parity, 1 stop bit. */
export const KEYPAD_SERIAL = { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 } as const;

/** Longest line either side may send, terminator excluded. */
export const MAX_LINE_LENGTH = 32;

/** Lowest and highest rating a key can send. */
export const RATING_MIN = 1;
export const RATING_MAX = 10;

/** Keypad → host messages. */
export type KeypadMessage = { type: 'key'; value: number } | { type: 'cancel' } | { type: 'hello'; keypadId: string };

/** Host → keypad commands, terminator included. */
export const HostCommand = { LAMP_ON: 'L1\r\n', LAMP_OFF: 'L0\r\n', IDENTIFY: '?\r\n' } as const;
export type HostCommand = (typeof HostCommand)[keyof typeof HostCommand];

/** Host → keypad, as the keypad understands it. */
export type HostMessage = { type: 'lamp'; on: boolean } | { type: 'identify' };

export type ParsedLine<T> = { ok: true; message: T } | { ok: false; error: HardwareError };

const KEY = /^K ([1-9]|10)$/;
const HELLO = /^H ([A-Za-z0-9_-]{1,16})$/;

function printable(line: string): string {
  return JSON.stringify(line.replace(/[^\x20-\x7e]/g, '?').slice(0, MAX_LINE_LENGTH));
}

function malformed(line: string): ParsedLine<never> {
  return { ok: false, error: new HardwareError('KEYPAD_MALFORMED_LINE', `malformed keypad line ${printable(line)}`) };
}

/**
 * Parses one keypad → host line (terminator already removed). Blank lines give null;
 * anything else that is not `K <1..10>`, `C` or `H <id>` is KEYPAD_MALFORMED_LINE.
 */
export function parseKeypadLine(raw: string): ParsedLine<KeypadMessage> | null {
  // NOTE: only spaces are tolerated around and between fields; a CR only ever ends a line (PROTOCOL.md).
  const line = raw.replace(/\r$/, '').replace(/^ +| +$/g, '').replace(/ +/g, ' ');
  if (line === '') return null;
  if (line === 'C') return { ok: true, message: { type: 'cancel' } };
  const key = KEY.exec(line);
  if (key) return { ok: true, message: { type: 'key', value: Number(key[1]) } };
  const hello = HELLO.exec(line);
  if (hello) return { ok: true, message: { type: 'hello', keypadId: hello[1]! } };
  return malformed(raw);
}

/** Parses one host → keypad line (the simulator's side). */
export function parseHostLine(raw: string): ParsedLine<HostMessage> | null {
  const line = raw.trim();
  if (line === '') return null;
  if (line === 'L1') return { ok: true, message: { type: 'lamp', on: true } };
  if (line === 'L0') return { ok: true, message: { type: 'lamp', on: false } };
  if (line === '?') return { ok: true, message: { type: 'identify' } };
  return malformed(raw);
}

/** The wire form of a keypad → host message. */
export function encodeKeypadMessage(m: KeypadMessage): string {
  switch (m.type) {
    case 'key':
      if (!Number.isInteger(m.value) || m.value < RATING_MIN || m.value > RATING_MAX) {
        throw new RangeError(`rating must be ${RATING_MIN}..${RATING_MAX}`);
      }
      return `K ${m.value}\r\n`;
    case 'cancel':
      return 'C\r\n';
    case 'hello':
      if (!/^[A-Za-z0-9_-]{1,16}$/.test(m.keypadId)) throw new RangeError('keypad id must be 1-16 of [A-Za-z0-9_-]');
      return `H ${m.keypadId}\r\n`;
  }
}

/** A complete line, or a line that was too long and was dropped. */
export type SplitResult = { line: string } | { error: HardwareError };

/**
 * Splits a byte stream into lines at LF (a CR before it is dropped), bytes as Latin-1.
 * NOTE: bounded: a line longer than MAX_LINE_LENGTH is reported once and skipped up to
 * the next LF, so a babbling device cannot grow memory (serialport's ReadlineParser
 * buffers without limit).
 * NOTE: a byte outside printable ASCII other than CR/LF (line noise, e.g. 0x00 on a replug)
 * is never part of a message: the partial line before it is dropped (reported as malformed
 * when it held anything) and reading restarts clean, so the noise is not glued to the next line.
 */
export class LineSplitter {
  #buffer = '';
  #overflow = false;

  push(chunk: Uint8Array | string): SplitResult[] {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('latin1');
    const out: SplitResult[] = [];
    for (const ch of text) {
      if (ch === '\n') {
        if (!this.#overflow) out.push({ line: this.#buffer.endsWith('\r') ? this.#buffer.slice(0, -1) : this.#buffer });
        this.#buffer = '';
        this.#overflow = false;
      } else if (ch !== '\r' && (ch < ' ' || ch > '~')) {
        if (!this.#overflow && this.#buffer.trim() !== '') {
          const noise = ch.charCodeAt(0).toString(16).padStart(2, '0');
          out.push({ error: new HardwareError('KEYPAD_MALFORMED_LINE', `keypad line ${printable(this.#buffer)} cut by noise byte 0x${noise}, dropped`) });
        }
        this.#buffer = '';
        this.#overflow = false;
      } else if (!this.#overflow) {
        this.#buffer += ch;
        // +1 leaves room for the CR of a CRLF terminator.
        if (this.#buffer.length > MAX_LINE_LENGTH + 1) {
          out.push({ error: new HardwareError('KEYPAD_LINE_TOO_LONG', `line longer than ${MAX_LINE_LENGTH} characters dropped`) });
          this.#buffer = '';
          this.#overflow = true;
        }
      }
    }
    return out;
  }

  /** Forgets a partial line (e.g. after the port was reopened). */
  reset(): void {
    this.#buffer = '';
    this.#overflow = false;
  }
}
