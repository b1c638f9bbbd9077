import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { glyphRows, hasGlyph } from './bitmap-font.ts';
import { decodeEscPos } from './escpos-decoder.ts';
import { renderReceiptPng } from './receipt-png.ts';
import { sampleTicket } from './sample-tickets.ts';
import { renderEscPosJob } from './thermal-printer-adapter.ts';
import { buildTicketLayout } from './ticket-layout.ts';

describe('bitmap font', () => {
  it('has a glyph for every printable ASCII character and the Spanish letters', () => {
    const ascii = Array.from({ length: 95 }, (_, i) => String.fromCharCode(0x20 + i));
    for (const ch of [...ascii, ...'áéíóúñÁÉÍÓÚÑ¿¡üÜ°€']) expect(hasGlyph(ch), ch).toBe(true);
    expect(hasGlyph('☃')).toBe(false);
  });

  it('puts accents above the letter: á differs from a only in the accent rows', () => {
    const a = glyphRows('a');
    const aa = glyphRows('á');
    expect(aa.slice(4)).toEqual(a.slice(4));
    expect(aa.slice(0, 4)).not.toEqual(a.slice(0, 4));
  });
});

describe('renderReceiptPng', () => {
  it.each([58, 80] as const)('draws a %i mm ticket as a valid PNG with ink on paper', (paperWidth) => {
    const job = renderEscPosJob(buildTicketLayout(sampleTicket(), { paperWidth }), { paperWidth });
    const png = PNG.sync.read(renderReceiptPng(decodeEscPos(job)[0]!, { paperWidth }));
    expect(png.width).toBe((paperWidth === 58 ? 384 : 576) + 80);
    expect(png.height).toBeGreaterThan(600);
    let ink = 0;
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i]! < 0x40) ink++;
    const share = ink / (png.width * png.height);
    expect(share).toBeGreaterThan(0.02);
    expect(share).toBeLessThan(0.5);
  });

  it('grows with the receipt and survives an empty one', () => {
    const short = PNG.sync.read(renderReceiptPng({ lines: [], qr: [], blocks: [], cut: true }));
    const line = { text: 'hola', bold: false, width: 1, height: 1, align: 'left' as const, spans: [{ text: 'hola', bold: false, width: 1, height: 1 }] };
    const tall = PNG.sync.read(renderReceiptPng({ lines: [line], qr: [], blocks: [{ type: 'line', line }], cut: true }));
    expect(tall.height).toBeGreaterThan(short.height);
  });
});
