import { splitPrinterUri, type PrinterUriOptions } from '@turnero/protocol';
import { HardwareError } from '../errors.ts';
import type { TicketPrinter } from './printer.ts';
import { ThermalTicketPrinter } from './thermal-printer-adapter.ts';
import type { PrinterTarget, ThermalPrinterOptions } from './thermal-printer-adapter.ts';

const DEFAULT_PORT = 9100;

/**
 * Parses a printer URI: `tcp://host[:port]` (port 9100 by default, IPv6 in brackets) or an
 * absolute device path such as `/dev/usb/lp0`, then optionally the printer's options:
 * `?type=star` (Star line mode instead of ESC/POS), `?status=none` (a printer that answers no
 * status query: printed means sent). Throws PRINTER_INVALID_URI.
 */
export function parsePrinterConfig(uri: string): { target: PrinterTarget; options: PrinterUriOptions } {
  const bad = (why: string): never => {
    throw new HardwareError('PRINTER_INVALID_URI', `invalid printer URI "${uri}": ${why}`);
  };
  const split = splitPrinterUri(uri.trim());
  if ('error' in split) return bad(split.error);
  return { target: parseAddress(split.address, bad), options: split.options };
}

/** The printer's address alone (see parsePrinterConfig; its options are checked and left out). */
export function parsePrinterUri(uri: string): PrinterTarget {
  return parsePrinterConfig(uri).target;
}

function parseAddress(value: string, bad: (why: string) => never): PrinterTarget {
  if (value === '') return bad('empty');
  if (value.startsWith('/')) {
    if (value.includes('\0') || value.endsWith('/')) bad('not a device file path');
    return { kind: 'device', path: value };
  }
  if (!/^tcp:\/\//i.test(value)) return bad('expected tcp://host:port or an absolute device path like /dev/usb/lp0');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return bad('malformed');
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') bad('missing host');
  if (url.username || url.password || (url.pathname !== '' && url.pathname !== '/') || url.search || url.hash) {
    bad('only tcp://host:port is allowed');
  }
  const port = url.port === '' ? DEFAULT_PORT : Number(url.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) bad('port out of range');
  return { kind: 'tcp', host, port };
}

/** Creates the TicketPrinter for a URI (see parsePrinterConfig); the URI's options win over `opts`. */
export function createPrinter(uri: string, opts: ThermalPrinterOptions = {}): TicketPrinter {
  const { target, options } = parsePrinterConfig(uri);
  return new ThermalTicketPrinter(target, { ...opts, ...options });
}
