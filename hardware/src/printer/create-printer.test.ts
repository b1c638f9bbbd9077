import { describe, expect, it } from 'vitest';
import { createPrinter, parsePrinterConfig, parsePrinterUri } from './create-printer.ts';

describe('parsePrinterUri', () => {
  it.each([
    ['tcp://192.168.1.50:9100', { kind: 'tcp', host: '192.168.1.50', port: 9100 }],
    ['tcp://printer.local', { kind: 'tcp', host: 'printer.local', port: 9100 }],
    ['TCP://[::1]:9101', { kind: 'tcp', host: '::1', port: 9101 }],
    ['/dev/usb/lp0', { kind: 'device', path: '/dev/usb/lp0' }],
  ])('%s', (uri, target) => {
    expect(parsePrinterUri(uri)).toEqual(target);
  });

  it.each(['', 'lp0', 'usb://x', 'tcp://', 'tcp://host:0', 'tcp://host:70000', 'tcp://host:9100/path', 'tcp://u:p@host', '/dev/', 'tcp://host?type=citizen', '/dev/usb/lp0?speed=1'])(
    'rejects %j with PRINTER_INVALID_URI',
    (uri) => {
      expect(() => parsePrinterUri(uri)).toThrow(expect.objectContaining({ code: 'PRINTER_INVALID_URI' }));
    },
  );

  it('takes the printer type and status query from the URI', () => {
    expect(parsePrinterConfig('tcp://10.0.0.5:9100?type=star&status=none')).toEqual({
      target: { kind: 'tcp', host: '10.0.0.5', port: 9100 },
      options: { type: 'STAR', statusQuery: 'none' },
    });
    expect(parsePrinterConfig('/dev/usb/lp0?type=star')).toEqual({ target: { kind: 'device', path: '/dev/usb/lp0' }, options: { type: 'STAR' } });
    expect(parsePrinterUri('tcp://10.0.0.5?status=none')).toEqual({ kind: 'tcp', host: '10.0.0.5', port: 9100 });
  });

  it('createPrinter names its target', () => {
    expect(createPrinter('tcp://10.0.0.5').target).toBe('tcp://10.0.0.5:9100');
  });
});
