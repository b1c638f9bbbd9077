import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrinter } from './create-printer.ts';
import { deviceFileStatus, writeDeviceFile } from './device-file.ts';
import { decodeEscPos } from './escpos-decoder.ts';
import { sampleTicket } from './sample-tickets.ts';

describe('device-file printers', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'turnero-lp-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the job to the file; the result says it was not verified', async () => {
    const file = path.join(dir, 'lp0');
    await writeFile(file, '');
    const printer = createPrinter(file, { timeoutMs: 500 });
    expect(await printer.print(sampleTicket())).toEqual({ ok: true, verified: false, warning: null });
    const [receipt] = decodeEscPos(await readFile(file));
    expect(receipt!.lines.some((l) => l.text === 'A-023')).toBe(true);
    expect(await printer.status()).toEqual({ online: true, paperOut: null, paperNearEnd: null, coverOpen: null, errorCode: null });
  });

  it('a missing device is PRINTER_OFFLINE', async () => {
    const printer = createPrinter(path.join(dir, 'nope'), { timeoutMs: 500 });
    expect(await printer.print(sampleTicket())).toMatchObject({ ok: false, code: 'PRINTER_OFFLINE', sent: false });
    expect(await deviceFileStatus(path.join(dir, 'nope'))).toMatchObject({ online: false });
  });

  it('a device nobody reads (FIFO without reader) is PRINTER_OFFLINE, without blocking', async () => {
    const fifo = path.join(dir, 'fifo-no-reader');
    execFileSync('mkfifo', [fifo]);
    await expect(writeDeviceFile(fifo, Uint8Array.of(1, 2, 3), 300)).rejects.toMatchObject({ code: 'PRINTER_OFFLINE' });
  });

  it('a device that stops taking data is PRINTER_TIMEOUT within the timeout', async () => {
    const fifo = path.join(dir, 'fifo-stalled');
    execFileSync('mkfifo', [fifo]);
    // A reader that never reads: the pipe fills (64 KiB) and writes get EAGAIN.
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      // Part of the job went to the device: it may print, in part.
      await expect(writeDeviceFile(fifo, new Uint8Array(1 << 20), 300)).rejects.toMatchObject({ code: 'PRINTER_TIMEOUT', sent: true });
    } finally {
      closeSync(reader);
    }
  });

  it('a device that takes none of the job is PRINTER_TIMEOUT with nothing sent; a print there says so', async () => {
    const fifo = path.join(dir, 'fifo-full');
    execFileSync('mkfifo', [fifo]);
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      await writeDeviceFile(fifo, new Uint8Array(1 << 20), 300).catch(() => undefined); // fills the pipe
      await expect(writeDeviceFile(fifo, Uint8Array.of(1, 2, 3), 300)).rejects.toMatchObject({ code: 'PRINTER_TIMEOUT', sent: false });
      expect(await createPrinter(fifo, { timeoutMs: 300 }).print(sampleTicket())).toMatchObject({ ok: false, code: 'PRINTER_TIMEOUT', sent: false });
    } finally {
      closeSync(reader);
    }
  });
});
