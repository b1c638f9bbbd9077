/** The command set a thermal printer speaks: ESC/POS (Epson and most clones) or Star line mode. */
export type PrinterKind = 'EPSON' | 'STAR';
/** How a printer is asked about paper and cover: ESC/POS real-time status, or not at all (it does not answer). */
export type PrinterStatusQuery = 'escpos' | 'none';

export interface PrinterUriOptions {
  type?: PrinterKind;
  statusQuery?: PrinterStatusQuery;
}

const KINDS = new Map<string, PrinterKind>([['epson', 'EPSON'], ['star', 'STAR']]);
const QUERIES = new Map<string, PrinterStatusQuery>([['escpos', 'escpos'], ['none', 'none']]);

/**
 * Splits a printer URI's options off its address: `tcp://10.0.0.9:9100?type=star`,
 * `/dev/usb/lp0?status=none` (a printer that never answers a status query). Keys `type`
 * (epson | star) and `status` (escpos | none), each at most once, values in any case; anything
 * else is an error, so that a typo is not a printer silently driven with the wrong commands.
 */
export function splitPrinterUri(uri: string): { address: string; options: PrinterUriOptions } | { error: string } {
  const at = uri.indexOf('?');
  if (at < 0) return { address: uri, options: {} };
  const options: PrinterUriOptions = {};
  for (const pair of uri.slice(at + 1).split('&')) {
    const [key = '', value = '', ...rest] = pair.split('=');
    const v = value.toLowerCase();
    if (rest.length > 0) return { error: `option "${pair}": one = only` };
    const kind = KINDS.get(v);
    const query = QUERIES.get(v);
    if (key === 'type' && options.type === undefined && kind) options.type = kind;
    else if (key === 'status' && options.statusQuery === undefined && query) options.statusQuery = query;
    else if (key === 'type' || key === 'status') return { error: `option "${pair}": ${key === 'type' ? 'type=epson or type=star' : 'status=escpos or status=none'}, once` };
    else return { error: `unknown option "${key}" (type=epson|star, status=escpos|none)` };
  }
  return { address: uri.slice(0, at), options };
}
