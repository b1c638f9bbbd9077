import { describe, expect, it } from 'vitest';
import { encodeKeypadMessage, LineSplitter, MAX_LINE_LENGTH, parseHostLine, parseKeypadLine } from './keypad-protocol.ts';
import type { KeypadMessage } from './keypad-protocol.ts';

function parseStream(chunks: string[]): Array<KeypadMessage | string> {
  const splitter = new LineSplitter();
  const out: Array<KeypadMessage | string> = [];
  for (const chunk of chunks) {
    for (const part of splitter.push(Buffer.from(chunk, 'latin1'))) {
      if ('error' in part) {
        out.push(part.error.code);
        continue;
      }
      const parsed = parseKeypadLine(part.line);
      if (parsed) out.push(parsed.ok ? parsed.message : parsed.error.code);
    }
  }
  return out;
}

const STREAM = 'H KP-07\r\nK 1\r\nK 10\r\nC\r\nK 11\r\n\r\nK 5\nbanana\r\nK 9\r\n';
const EXPECTED: Array<KeypadMessage | string> = [
  { type: 'hello', keypadId: 'KP-07' },
  { type: 'key', value: 1 },
  { type: 'key', value: 10 },
  { type: 'cancel' },
  'KEYPAD_MALFORMED_LINE',
  { type: 'key', value: 5 },
  'KEYPAD_MALFORMED_LINE',
  { type: 'key', value: 9 },
];

describe('keypad line protocol', () => {
  it('parses keys 1..10, cancel and hello; rejects everything else', () => {
    expect(parseKeypadLine('K 7')).toEqual({ ok: true, message: { type: 'key', value: 7 } });
    expect(parseKeypadLine('  K   7 ')).toEqual({ ok: true, message: { type: 'key', value: 7 } });
    expect(parseKeypadLine('')).toBeNull();
    expect(parseKeypadLine('K 7\r')).toEqual({ ok: true, message: { type: 'key', value: 7 } });
    // Serial noise is not a key: a CR only ends a line, and only spaces separate fields (PROTOCOL.md).
    for (const bad of ['K 0', 'K 11', 'K 07', 'K', 'k 5', 'K 5 5', 'H', 'H has space', 'X', '\x00\xff', 'K\r5', 'K\t5', 'K\u00a05', 'K\v5', '\tC']) {
      expect(parseKeypadLine(bad), bad).toMatchObject({ ok: false, error: { code: 'KEYPAD_MALFORMED_LINE' } });
    }
  });

  it('parses host commands on the keypad side', () => {
    expect(parseHostLine('L1')).toEqual({ ok: true, message: { type: 'lamp', on: true } });
    expect(parseHostLine('L0')).toEqual({ ok: true, message: { type: 'lamp', on: false } });
    expect(parseHostLine('?')).toEqual({ ok: true, message: { type: 'identify' } });
    expect(parseHostLine('L2')).toMatchObject({ ok: false });
  });

  it('encodes what it parses', () => {
    for (const m of [{ type: 'key', value: 10 }, { type: 'cancel' }, { type: 'hello', keypadId: 'A1' }] as KeypadMessage[]) {
      const line = encodeKeypadMessage(m);
      expect(line.endsWith('\r\n')).toBe(true);
      expect(parseKeypadLine(line.slice(0, -2))).toEqual({ ok: true, message: m });
    }
    expect(() => encodeKeypadMessage({ type: 'key', value: 11 })).toThrow(RangeError);
  });

  it('splits identically at every chunk boundary', () => {
    expect(parseStream([STREAM])).toEqual(EXPECTED);
    expect(parseStream([...STREAM])).toEqual(EXPECTED);
    for (let cut = 1; cut < STREAM.length; cut++) {
      expect(parseStream([STREAM.slice(0, cut), STREAM.slice(cut)])).toEqual(EXPECTED);
    }
  });

  it('a noise byte (not printable ASCII, not CR/LF) drops the partial line and reading restarts clean, at every chunk boundary', () => {
    // A replug's stray 0x00 before a real line must not cost the customer's rating.
    expect(parseStream(['\x00K 9\r\n'])).toEqual([{ type: 'key', value: 9 }]);
    const noisy = '\x00K 9\r\n\xff\x1bC\r\n\x00\x00\xfe\r\nK 1\x00\r\nK \x005\r\n\x7fK 2\r\n';
    const expected: Array<KeypadMessage | string> = [
      { type: 'key', value: 9 },
      { type: 'cancel' },
      'KEYPAD_MALFORMED_LINE', // "K 1" cut by noise: dropped, never read as a key
      'KEYPAD_MALFORMED_LINE', // "K " cut by noise
      'KEYPAD_MALFORMED_LINE', // then "5" alone
      { type: 'key', value: 2 },
    ];
    expect(parseStream([noisy])).toEqual(expected);
    expect(parseStream([...noisy])).toEqual(expected);
    for (let cut = 1; cut < noisy.length; cut++) {
      expect(parseStream([noisy.slice(0, cut), noisy.slice(cut)])).toEqual(expected);
    }
  });

  it('noise also ends the skipping of an over-long line: the next line is read', () => {
    const long = 'Z'.repeat(MAX_LINE_LENGTH * 2);
    expect(parseStream([long, '\x00K 4\r\n'])).toEqual(['KEYPAD_LINE_TOO_LONG', { type: 'key', value: 4 }]);
  });

  it('drops an over-long line once, then resynchronises at the next LF', () => {
    const long = 'Z'.repeat(MAX_LINE_LENGTH * 10);
    expect(parseStream([long.slice(0, 100), long.slice(100), '\r\nK 3\r\n'])).toEqual(['KEYPAD_LINE_TOO_LONG', { type: 'key', value: 3 }]);
  });
});
