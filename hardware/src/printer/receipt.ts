/** Text alignment as set by ESC a n. */
export type ReceiptAlign = 'left' | 'center' | 'right';

/** A run of characters printed with one style. `width`/`height` are size multipliers (1–8). */
export interface ReceiptSpan {
  text: string;
  bold: boolean;
  width: number;
  height: number;
}

/** One printed line. Line-level `bold`/`width`/`height` summarise its spans. */
export interface ReceiptLine {
  text: string;
  bold: boolean;
  width: number;
  height: number;
  align: ReceiptAlign;
  spans: ReceiptSpan[];
}

/** A QR symbol as printed: its payload and module size in dots. */
export interface ReceiptQr {
  data: string;
  moduleSize: number;
  align: ReceiptAlign;
}

/** Everything printed, in paper order. */
export type ReceiptBlock = { type: 'line'; line: ReceiptLine } | { type: 'qr'; qr: ReceiptQr };

/** What came out of the printer between two cuts, as decoded from ESC/POS bytes. */
export interface DecodedReceipt {
  lines: ReceiptLine[];
  /** QR payloads in print order. */
  qr: string[];
  blocks: ReceiptBlock[];
  /** True when the receipt ended with a cut (GS V / ESC i / ESC m). */
  cut: boolean;
}

/** A decoded receipt as the simulator keeps it. */
export interface Receipt extends DecodedReceipt {
  /** Epoch ms when the simulator finished receiving it. */
  receivedAt: number;
}

/** All printed text of a receipt, one line per line: handy in tests and logs. */
export function receiptText(receipt: DecodedReceipt): string {
  return receipt.lines.map((l) => l.text).join('\n');
}
