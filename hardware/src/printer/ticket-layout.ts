import type { CallbackReceipt, PrintableTicket, TurnTicket } from './ticket.ts';
import { formatIssuedAt, ticketStrings } from './ticket-strings.ts';

/** Paper roll width in millimetres. */
export type PaperWidth = 58 | 80;

/** Characters per line in the printer's standard font (12x24 dots). */
export const PAPER_COLUMNS = { 58: 32, 80: 48 } as const satisfies Record<PaperWidth, number>;

export type LayoutAlign = 'left' | 'center' | 'right';

/**
 * Device-neutral layout of one ticket. The adapter turns it into printer commands;
 * every `text` op is one printed line that already fits the paper at its `size`.
 */
export type LayoutOp =
  | { op: 'text'; text: string; align: LayoutAlign; bold: boolean; size: number }
  | { op: 'rule' }
  | { op: 'feed'; lines: number }
  | { op: 'qr'; data: string; cellSize: number }
  | { op: 'cut' };

export interface LayoutOptions {
  paperWidth: PaperWidth;
}

const TYPOGRAPHY: ReadonlyArray<[RegExp, string]> = [
  [/[\u2018\u2019\u201a\u2032]/g, "'"],
  [/[\u201c\u201d\u201e\u2033]/g, '"'],
  [/[\u2010-\u2015\u2212]/g, '-'],
  [/\u2026/g, '...'],
  [/[\s\u00a0\u2007\u202f]+/g, ' '],
];

/**
 * Makes untrusted text safe to print: NFC, typographic marks to ASCII, whitespace
 * collapsed, and every control character removed.
 * NOTE: a name containing ESC or GS bytes would otherwise inject printer commands.
 */
export function printableText(value: string): string {
  let s = value.normalize('NFC');
  for (const [re, to] of TYPOGRAPHY) s = s.replace(re, to);
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g, '').trim();
}

/** Masks all digits but the last `keep`: "3001234567" → "******4567". */
export function maskTail(value: string, keep = 4): string {
  const digits = value.replace(/\D/g, '');
  if (digits.length <= keep) return '*'.repeat(digits.length);
  return '*'.repeat(digits.length - keep) + digits.slice(-keep);
}

/** Word-wraps `text` to lines of at most `width` characters, breaking long words. */
export function wrapText(text: string, width: number): string[] {
  const w = Math.max(1, Math.floor(width));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ').filter((x) => x !== '')) {
    let rest = word;
    while (rest.length > w) {
      if (line !== '') {
        lines.push(line);
        line = '';
      }
      lines.push(rest.slice(0, w));
      rest = rest.slice(w);
    }
    if (line === '') line = rest;
    else if (line.length + 1 + rest.length <= w) line += ` ${rest}`;
    else {
      lines.push(line);
      line = rest;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

class Builder {
  readonly ops: LayoutOp[] = [];
  constructor(readonly cols: number) {}

  text(value: string, opts: { align?: LayoutAlign; bold?: boolean; size?: number; maxLines?: number } = {}): void {
    const size = opts.size ?? 1;
    const lines = wrapText(printableText(value), this.cols / size).slice(0, opts.maxLines ?? Infinity);
    for (const text of lines) {
      this.ops.push({ op: 'text', text, align: opts.align ?? 'left', bold: opts.bold ?? false, size });
    }
  }

  /** "Label: value" on one line, or wrapped under the label when it does not fit. */
  field(label: string, value: string, maxLines = 4): void {
    this.text(`${label}: ${value}`, { maxLines });
  }

  /** Two fields on one line, left and right, when they fit; else one per line. */
  pair(left: string, right: string): void {
    const l = printableText(left);
    const r = printableText(right);
    if (l.length + 1 + r.length <= this.cols) {
      this.ops.push({ op: 'text', text: l + ' '.repeat(this.cols - l.length - r.length) + r, align: 'left', bold: false, size: 1 });
    } else {
      this.text(l);
      this.text(r);
    }
  }

  rule(): void {
    this.ops.push({ op: 'rule' });
  }

  feed(lines = 1): void {
    this.ops.push({ op: 'feed', lines });
  }
}

function qrCellSize(paperWidth: PaperWidth): number {
  return paperWidth === 58 ? 5 : 6;
}

function turnLayout(t: TurnTicket, b: Builder, paperWidth: PaperWidth): void {
  const s = ticketStrings(t.lang);
  const number = printableText(t.number);
  const maxScale = paperWidth === 58 ? 4 : 6;
  const numberSize = Math.max(1, Math.min(maxScale, Math.floor(b.cols / Math.max(1, number.length))));
  b.text(t.officeName, { align: 'center', bold: true });
  b.text(t.serviceName, { align: 'center' });
  b.rule();
  b.text(s.yourTurn, { align: 'center' });
  b.text(number, { align: 'center', bold: true, size: numberSize });
  if (t.preferential !== null) {
    b.text(s.preferential, { align: 'center', bold: true });
    b.text(t.preferential, { align: 'center' });
  }
  b.rule();
  const when = formatIssuedAt(t.issuedAt, t.timeZone, t.lang);
  b.pair(`${s.date}: ${when.date}`, `${s.time}: ${when.time}`);
  b.text(s.peopleAhead(t.peopleAhead));
  if (t.estimatedWaitMinutes !== null) b.text(s.estimatedWait(t.estimatedWaitMinutes));
  if (t.accountNumber) b.field(s.account, maskTail(t.accountNumber));
  b.feed();
  b.ops.push({ op: 'qr', data: t.statusUrl, cellSize: qrCellSize(paperWidth) });
  b.text(s.scanToFollow, { align: 'center' });
  b.feed();
  b.text(s.footer, { align: 'center' });
}

function callbackLayout(c: CallbackReceipt, b: Builder, paperWidth: PaperWidth): void {
  const s = ticketStrings(c.lang);
  b.text(c.officeName, { align: 'center', bold: true });
  b.text(s.callbackTitle, { align: 'center', bold: true, size: 2 });
  b.rule();
  b.text(s.reference, { align: 'center' });
  b.text(c.referenceCode, { align: 'center', bold: true, size: 2 });
  b.rule();
  b.field(s.name, c.customerName, 3);
  b.field(s.phone, maskTail(c.phone));
  if (c.serviceName !== null) b.field(s.service, c.serviceName, 2);
  b.field(s.reason, c.reason, 6);
  const when = formatIssuedAt(c.issuedAt, c.timeZone, c.lang);
  b.pair(`${s.date}: ${when.date}`, `${s.time}: ${when.time}`);
  if (c.statusUrl !== null) {
    b.feed();
    b.ops.push({ op: 'qr', data: c.statusUrl, cellSize: qrCellSize(paperWidth) });
  }
  b.feed();
  b.text(s.callbackFooter, { align: 'center' });
}

/** Lays out a turn ticket or a callback receipt for a paper width. Pure. */
export function buildTicketLayout(ticket: PrintableTicket, opts: LayoutOptions): LayoutOp[] {
  const b = new Builder(PAPER_COLUMNS[opts.paperWidth]);
  if (ticket.kind === 'ticket') turnLayout(ticket, b, opts.paperWidth);
  else callbackLayout(ticket, b, opts.paperWidth);
  b.ops.push({ op: 'cut' });
  return b.ops;
}
