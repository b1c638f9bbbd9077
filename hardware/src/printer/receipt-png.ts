import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { CELL_HEIGHT, CELL_WIDTH, GLYPH_WIDTH, glyphRows } from './bitmap-font.ts';
import type { DecodedReceipt, ReceiptAlign, ReceiptLine, ReceiptSpan } from './receipt.ts';
import type { PaperWidth } from './ticket-layout.ts';

export interface RenderOptions {
  /** Default 80 (576 dots); 58 is 384 dots. */
  paperWidth?: PaperWidth;
}

const PAPER_DOTS = { 58: 384, 80: 576 } as const satisfies Record<PaperWidth, number>;
// One font pixel is 2x2 dots: a normal character is 12x24 dots, like an ESC/POS font A.
const DOT = 2;
const MARGIN = 24;
const PAD = 16;
const MAX_TRAILING_BLANKS = 2;
const INK = [0x11, 0x11, 0x11] as const;
const PAPER = [0xff, 0xff, 0xff] as const;
const DESK = [0xd8, 0xd8, 0xd4] as const;
const CUT = [0x99, 0x99, 0x99] as const;

type Rgb = readonly [number, number, number];

type Item =
  | { kind: 'text'; spans: ReceiptSpan[]; align: ReceiptAlign; height: number }
  | { kind: 'qr'; modules: { size: number; get(r: number, c: number): number }; module: number; align: ReceiptAlign };

class Canvas {
  readonly png: PNG;
  constructor(width: number, height: number, color: Rgb) {
    this.png = new PNG({ width, height });
    this.fill(0, 0, width, height, color);
  }

  fill(x: number, y: number, w: number, h: number, [r, g, b]: Rgb): void {
    const { width, height, data } = this.png;
    for (let yy = Math.max(0, y); yy < Math.min(height, y + h); yy++) {
      for (let xx = Math.max(0, x); xx < Math.min(width, x + w); xx++) {
        const i = (yy * width + xx) * 4;
        data[i] = r;
        data[i + 1] = g;
        data[i + 2] = b;
        data[i + 3] = 0xff;
      }
    }
  }
}

const charWidth = (span: ReceiptSpan): number => CELL_WIDTH * DOT * span.width;

/** Splits a line into printed rows the way a printer wraps at the right margin. */
function wrapLine(line: ReceiptLine, paperDots: number): ReceiptSpan[][] {
  const rows: ReceiptSpan[][] = [[]];
  let used = 0;
  for (const span of line.spans) {
    for (const ch of span.text) {
      const w = charWidth(span);
      if (used + w > paperDots && used > 0) {
        rows.push([]);
        used = 0;
      }
      const row = rows.at(-1)!;
      const last = row.at(-1);
      if (last && last.bold === span.bold && last.width === span.width && last.height === span.height) last.text += ch;
      else row.push({ ...span, text: ch });
      used += w;
    }
  }
  return rows;
}

function layout(receipt: DecodedReceipt, paperDots: number): Item[] {
  const items: Item[] = [];
  for (const block of receipt.blocks) {
    if (block.type === 'qr') {
      const modules = QRCode.create(block.qr.data, { errorCorrectionLevel: 'M' }).modules;
      items.push({ kind: 'qr', modules, module: block.qr.moduleSize, align: block.qr.align });
      continue;
    }
    const { line } = block;
    for (const spans of wrapLine(line, paperDots)) {
      const height = spans.length > 0 ? Math.max(...spans.map((s) => s.height)) : line.height;
      items.push({ kind: 'text', spans, align: line.align, height });
    }
  }
  const blank = (it: Item | undefined): boolean => it?.kind === 'text' && it.spans.every((s) => s.text.trim() === '');
  let trailing = 0;
  while (blank(items.at(-1 - trailing))) trailing++;
  return items.slice(0, items.length - Math.max(0, trailing - MAX_TRAILING_BLANKS));
}

function itemHeight(item: Item): number {
  return item.kind === 'text' ? CELL_HEIGHT * DOT * item.height : item.modules.size * item.module + DOT * 4;
}

function xFor(align: ReceiptAlign, width: number, paperDots: number): number {
  if (align === 'center') return Math.floor((paperDots - width) / 2);
  if (align === 'right') return paperDots - width;
  return 0;
}

function drawGlyph(c: Canvas, ch: string, x: number, y: number, span: ReceiptSpan): void {
  const pw = DOT * span.width;
  const ph = DOT * span.height;
  glyphRows(ch).forEach((bits, row) => {
    for (let col = 0; col < GLYPH_WIDTH; col++) {
      if ((bits >> (GLYPH_WIDTH - 1 - col)) & 1) {
        // Bold is a double strike: the same dot again, one dot to the right.
        c.fill(x + col * pw, y + row * ph, pw + (span.bold ? 1 : 0), ph, INK);
      }
    }
  });
}

/** Renders a receipt as a PNG paper strip (white paper, black print, dashed cut line). */
export function renderReceiptPng(receipt: DecodedReceipt, opts: RenderOptions = {}): Buffer {
  const paperDots = PAPER_DOTS[opts.paperWidth ?? 80];
  const items = layout(receipt, paperDots);
  const contentHeight = items.reduce((sum, it) => sum + itemHeight(it), 0);
  const cutSpace = receipt.cut ? 3 * PAD : PAD;
  const width = paperDots + 2 * (MARGIN + PAD);
  const height = MARGIN + PAD + contentHeight + cutSpace + MARGIN;
  const c = new Canvas(width, height, DESK);
  c.fill(MARGIN, MARGIN, paperDots + 2 * PAD, height - 2 * MARGIN, PAPER);
  const left = MARGIN + PAD;
  let y = MARGIN + PAD;
  for (const item of items) {
    if (item.kind === 'text') {
      const lineWidth = item.spans.reduce((sum, s) => sum + [...s.text].length * charWidth(s), 0);
      let x = left + xFor(item.align, lineWidth, paperDots);
      const rowHeight = CELL_HEIGHT * DOT * item.height;
      for (const span of item.spans) {
        // Smaller characters on a tall line sit on the common baseline.
        const top = y + rowHeight - CELL_HEIGHT * DOT * span.height;
        for (const ch of span.text) {
          drawGlyph(c, ch, x, top, span);
          x += charWidth(span);
        }
      }
    } else {
      const size = item.modules.size * item.module;
      const x0 = left + xFor(item.align, size, paperDots);
      const y0 = y + DOT * 2;
      for (let r = 0; r < item.modules.size; r++) {
        for (let col = 0; col < item.modules.size; col++) {
          if (item.modules.get(r, col)) c.fill(x0 + col * item.module, y0 + r * item.module, item.module, item.module, INK);
        }
      }
    }
    y += itemHeight(item);
  }
  if (receipt.cut) {
    const cutY = height - MARGIN - Math.floor(PAD / 2);
    for (let x = MARGIN; x < width - MARGIN; x += 12) c.fill(x, cutY, 7, 2, CUT);
    c.fill(MARGIN, cutY + 2, paperDots + 2 * PAD, MARGIN, DESK);
  }
  return PNG.sync.write(c.png);
}
