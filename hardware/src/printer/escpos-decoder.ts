import { decodeCodePageByte } from './codepage.ts';
import { DLE, ESC, FS, GS, readCommand } from './escpos-commands.ts';
import type { EscPosCommand } from './escpos-commands.ts';
import type { DecodedReceipt, ReceiptAlign, ReceiptBlock, ReceiptLine, ReceiptSpan } from './receipt.ts';

/** What the decoder found in the byte stream, in order. */
export type DecoderEvent =
  | { type: 'receipt'; receipt: DecodedReceipt }
  /** DLE EOT n: the printer must answer at once. */
  | { type: 'realtime_status'; n: number }
  /** GS r n: answered when reached in sequence. */
  | { type: 'sequenced_status'; n: number };

interface Style {
  emphasized: boolean;
  doubleStrike: boolean;
  width: number;
  height: number;
  align: ReceiptAlign;
  codePage: number;
}

const defaultStyle = (): Style => ({ emphasized: false, doubleStrike: false, width: 1, height: 1, align: 'left', codePage: 0 });

// NOTE: a partial command never needs more than a QR payload (≤ 64 KiB) buffered.
const MAX_PENDING = 70_000;

/**
 * Incremental ESC/POS decoder: feed it TCP chunks in any split and it produces the
 * same receipts as if it had seen all bytes at once. No I/O, no clock.
 */
export class EscPosDecoder {
  #pending: Uint8Array = new Uint8Array(0);
  #skip = 0;
  #style = defaultStyle();
  #spans: ReceiptSpan[] = [];
  #lineAlign: ReceiptAlign | null = null;
  #blocks: ReceiptBlock[] = [];
  #qrData: string | null = null;
  #qrModule = 3;
  #events: DecoderEvent[] = [];

  /** Decodes a chunk; returns the events it completed. */
  write(chunk: Uint8Array): DecoderEvent[] {
    const buf = this.#pending.length === 0 ? chunk : concat(this.#pending, chunk);
    this.#pending = new Uint8Array(0);
    let i = 0;
    while (i < buf.length) {
      if (this.#skip > 0) {
        const n = Math.min(this.#skip, buf.length - i);
        this.#skip -= n;
        i += n;
        continue;
      }
      const byte = buf[i]!;
      if (byte >= 0x20 && byte !== 0x7f) {
        this.#addChar(decodeCodePageByte(byte, this.#style.codePage));
        i += 1;
      } else if (byte === ESC || byte === GS || byte === DLE || byte === FS) {
        const measured = readCommand(buf, i);
        if (measured === null) {
          if (buf.length - i > MAX_PENDING) {
            i += 1; // Not a command we can ever complete: drop its prefix byte.
            continue;
          }
          this.#pending = buf.slice(i);
          break;
        }
        this.#apply(measured.command);
        this.#skip = measured.skip;
        i += measured.length;
      } else {
        if (byte === 0x0a) this.#newLine();
        else if (byte === 0x09) this.#addChar(' ');
        i += 1;
      }
    }
    return this.#drain();
  }

  /** The stream ended (connection closed): flushes a receipt that was not cut. */
  end(): DecoderEvent[] {
    this.#pending = new Uint8Array(0);
    this.#skip = 0;
    if (this.#spans.length > 0) this.#newLine();
    this.#finishReceipt(false);
    return this.#drain();
  }

  #drain(): DecoderEvent[] {
    const events = this.#events;
    this.#events = [];
    return events;
  }

  #apply(c: EscPosCommand): void {
    const s = this.#style;
    switch (c.kind) {
      case 'init': this.#style = defaultStyle(); break;
      case 'print_mode':
        s.emphasized = (c.n & 0x08) !== 0;
        s.height = (c.n & 0x10) !== 0 ? 2 : 1;
        s.width = (c.n & 0x20) !== 0 ? 2 : 1;
        break;
      case 'emphasis': s.emphasized = c.on; break;
      case 'double_strike': s.doubleStrike = c.on; break;
      case 'align': s.align = c.align; break;
      case 'code_page': s.codePage = c.n; break;
      case 'char_size': s.width = c.width; s.height = c.height; break;
      case 'print_buffer': if (this.#spans.length > 0) this.#newLine(); break;
      case 'feed_lines': {
        let n = c.n;
        if (this.#spans.length > 0) {
          this.#newLine();
          n -= 1;
        }
        for (let k = 0; k < n; k++) this.#newLine();
        break;
      }
      case 'cut':
        if (this.#spans.length > 0) this.#newLine();
        this.#finishReceipt(true);
        break;
      case 'qr_module_size': this.#qrModule = Math.max(1, Math.min(16, c.n)); break;
      case 'qr_store': this.#qrData = new TextDecoder('utf-8').decode(c.data); break;
      case 'qr_print':
        if (this.#spans.length > 0) this.#newLine();
        if (this.#qrData !== null) {
          this.#blocks.push({ type: 'qr', qr: { data: this.#qrData, moduleSize: this.#qrModule, align: s.align } });
        }
        break;
      case 'realtime_status': this.#events.push({ type: 'realtime_status', n: c.n }); break;
      case 'sequenced_status': this.#events.push({ type: 'sequenced_status', n: c.n }); break;
      case 'ignored': break;
    }
  }

  #addChar(ch: string): void {
    const s = this.#style;
    const bold = s.emphasized || s.doubleStrike;
    if (this.#lineAlign === null) this.#lineAlign = s.align;
    const last = this.#spans.at(-1);
    if (last && last.bold === bold && last.width === s.width && last.height === s.height) last.text += ch;
    else this.#spans.push({ text: ch, bold, width: s.width, height: s.height });
  }

  #newLine(): void {
    const spans = this.#spans;
    const text = spans.map((x) => x.text).join('');
    const inked = spans.find((x) => x.text.trim() !== '');
    const line: ReceiptLine = {
      text,
      bold: inked?.bold ?? false,
      width: spans.length > 0 ? Math.max(...spans.map((x) => x.width)) : this.#style.width,
      height: spans.length > 0 ? Math.max(...spans.map((x) => x.height)) : this.#style.height,
      align: this.#lineAlign ?? this.#style.align,
      spans,
    };
    this.#blocks.push({ type: 'line', line });
    this.#spans = [];
    this.#lineAlign = null;
  }

  #finishReceipt(cut: boolean): void {
    const blocks = this.#blocks;
    this.#blocks = [];
    const hasInk = blocks.some((b) => b.type === 'qr' || b.line.text.trim() !== '');
    if (!hasInk) return;
    const lines = blocks.flatMap((b) => (b.type === 'line' ? [b.line] : []));
    const qr = blocks.flatMap((b) => (b.type === 'qr' ? [b.qr.data] : []));
    this.#events.push({ type: 'receipt', receipt: { lines, qr, blocks, cut } });
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Decodes a whole byte stream into the receipts it prints (pure). */
export function decodeEscPos(bytes: Uint8Array): DecodedReceipt[] {
  const decoder = new EscPosDecoder();
  const events = [...decoder.write(bytes), ...decoder.end()];
  return events.flatMap((e) => (e.type === 'receipt' ? [e.receipt] : []));
}
