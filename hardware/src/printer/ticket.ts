import { HardwareError } from '../errors.ts';

/** Language of the printed text. */
export type TicketLang = 'es' | 'en';

/** A turn ticket as the kiosk prints it. */
export interface TurnTicket {
  kind: 'ticket';
  officeName: string;
  serviceName: string;
  /** Display number, e.g. "A-023". */
  number: string;
  /** Epoch milliseconds. */
  issuedAt: number;
  /** IANA zone of the office, e.g. "America/Bogota". */
  timeZone: string;
  peopleAhead: number;
  /** null when the hub has no estimate yet. */
  estimatedWaitMinutes: number | null;
  /** e.g. "Adulto mayor"; null for the general queue. */
  preferential: string | null;
  /** Live status page encoded in the QR code (http or https). */
  statusUrl: string;
  lang: TicketLang;
  /** Printed masked: only the last 4 digits show. */
  accountNumber?: string | null;
}

/** Printed instead of a turn when the customer asks to be called back. */
export interface CallbackReceipt {
  kind: 'callback_receipt';
  officeName: string;
  serviceName: string | null;
  issuedAt: number;
  timeZone: string;
  customerName: string;
  /** Printed masked: only the last 4 digits show. */
  phone: string;
  reason: string;
  referenceCode: string;
  /** Optional status page for the QR code. */
  statusUrl: string | null;
  lang: TicketLang;
}

/** Anything the kiosk printer prints. */
export type PrintableTicket = TurnTicket | CallbackReceipt;

const MAX_TEXT = 300;

type Obj = Record<string, unknown>;

function fail(message: string): never {
  throw new HardwareError('PRINTER_INVALID_TICKET', message);
}

function str(o: Obj, key: string, max = MAX_TEXT): string {
  const v = o[key];
  if (typeof v !== 'string' || v.trim() === '') fail(`${key} must be a non-empty string`);
  if (v.length > max) fail(`${key} is longer than ${max} characters`);
  return v;
}

function optStr(o: Obj, key: string, max = MAX_TEXT): string | null {
  const v = o[key];
  if (v === undefined || v === null || v === '') return null;
  return str(o, key, max);
}

function int(o: Obj, key: string, min: number, max: number): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    fail(`${key} must be an integer in ${min}..${max}`);
  }
  return v;
}

function timeZone(o: Obj): string {
  const tz = str(o, 'timeZone', 64);
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    fail(`timeZone "${tz}" is not a known IANA zone`);
  }
  return tz;
}

function lang(o: Obj): TicketLang {
  const v = o['lang'];
  if (v !== 'es' && v !== 'en') fail('lang must be "es" or "en"');
  return v;
}

function url(o: Obj, key: string): string {
  const raw = str(o, key, 512);
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    fail(`${key} is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') fail(`${key} must be http or https`);
  // NOTE: href is ASCII (punycode host, percent-encoded path): the printer's QR store
  // command counts characters, so non-ASCII bytes would corrupt the symbol.
  return parsed.href;
}

function optUrl(o: Obj, key: string): string | null {
  return o[key] === undefined || o[key] === null || o[key] === '' ? null : url(o, key);
}

const ISSUED_MIN = Date.UTC(2000, 0, 1);
const ISSUED_MAX = Date.UTC(2200, 0, 1);

/** Parses an untrusted value into a PrintableTicket or throws PRINTER_INVALID_TICKET. */
export function parsePrintableTicket(value: unknown): PrintableTicket {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('ticket must be an object');
  const o = value as Obj;
  const common = {
    officeName: str(o, 'officeName', 120),
    issuedAt: int(o, 'issuedAt', ISSUED_MIN, ISSUED_MAX),
    timeZone: timeZone(o),
    lang: lang(o),
  };
  if (o['kind'] === 'ticket') {
    return {
      kind: 'ticket',
      ...common,
      serviceName: str(o, 'serviceName', 120),
      number: str(o, 'number', 12),
      peopleAhead: int(o, 'peopleAhead', 0, 100_000),
      estimatedWaitMinutes: o['estimatedWaitMinutes'] === null ? null : int(o, 'estimatedWaitMinutes', 0, 100_000),
      preferential: optStr(o, 'preferential', 80),
      statusUrl: url(o, 'statusUrl'),
      accountNumber: optStr(o, 'accountNumber', 40),
    };
  }
  if (o['kind'] === 'callback_receipt') {
    return {
      kind: 'callback_receipt',
      ...common,
      serviceName: optStr(o, 'serviceName', 120),
      customerName: str(o, 'customerName', 80),
      phone: str(o, 'phone', 40),
      reason: str(o, 'reason'),
      referenceCode: str(o, 'referenceCode', 24),
      statusUrl: optUrl(o, 'statusUrl'),
    };
  }
  return fail('kind must be "ticket" or "callback_receipt"');
}
