import { describe, expect, it } from 'vitest';
import { requestPayloads } from './requests.ts';
import { splitPrinterUri } from './printer-options.ts';

describe('splitPrinterUri', () => {
  it.each([
    ['tcp://10.0.0.9:9100', { address: 'tcp://10.0.0.9:9100', options: {} }],
    ['tcp://10.0.0.9:9100?type=star', { address: 'tcp://10.0.0.9:9100', options: { type: 'STAR' } }],
    ['tcp://10.0.0.9?status=none&type=EPSON', { address: 'tcp://10.0.0.9', options: { type: 'EPSON', statusQuery: 'none' } }],
    ['/dev/usb/lp0?status=escpos', { address: '/dev/usb/lp0', options: { statusQuery: 'escpos' } }],
  ])('%s', (uri, split) => {
    expect(splitPrinterUri(uri)).toEqual(split);
  });

  it.each(['tcp://h?', 'tcp://h?type=citizen', 'tcp://h?type=star&type=epson', 'tcp://h?status=on', 'tcp://h?speed=fast', 'tcp://h?type=star=epson', 'tcp://h?type=constructor', 'tcp://h?__proto__=x'])(
    'refuses %j',
    (uri) => {
      expect(splitPrinterUri(uri)).toHaveProperty('error');
    },
  );

  it('the configure_device schema takes the options on a hub-reachable address only', () => {
    const ok = (printerUri: string) => requestPayloads.configure_device.safeParse({ deviceId: 'k1', printerUri, paperWidth: 80 }).success;
    expect(ok('tcp://10.0.0.9:9100?type=star')).toBe(true);
    expect(ok('/dev/usb/lp0?status=none')).toBe(true);
    expect(ok('tcp://10.0.0.9:9100?type=citizen')).toBe(false);
    expect(ok('/etc/passwd?type=star')).toBe(false);
    expect(ok('tcp://10.0.0.9:9100/x?type=star')).toBe(false);
  });
});
