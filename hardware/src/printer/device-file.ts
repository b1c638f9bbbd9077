import { constants } from 'node:fs';
import { access, open } from 'node:fs/promises';
import { HardwareError } from '../errors.ts';
import type { PrinterStatus } from './printer.ts';

const RETRY_MS = 25;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** writeDeviceFile's failure once the device was open: `sent` when part of the job was taken before it failed (it may print, in part). */
export class DeviceWriteError extends HardwareError<'PRINTER_WRITE_FAILED' | 'PRINTER_TIMEOUT'> {
  readonly sent: boolean;

  constructor(code: 'PRINTER_WRITE_FAILED' | 'PRINTER_TIMEOUT', message: string, sent: boolean, options?: { cause?: unknown }) {
    super(code, message, options);
    this.sent = sent;
  }
}

function errno(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * Writes `bytes` to a printer device file (e.g. /dev/usb/lp0) within `timeoutMs`.
 * NOTE: the file is opened non-blocking and EAGAIN is retried until the deadline, so a
 * printer that stops taking data can never pin a libuv thread in a blocking write().
 * Throws PRINTER_OFFLINE / PRINTER_WRITE_FAILED when the device cannot be opened (nothing sent), and
 * DeviceWriteError once it was.
 */
export async function writeDeviceFile(path: string, bytes: Uint8Array, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let handle;
  try {
    handle = await open(path, constants.O_WRONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    const code = errno(error);
    if (code === 'ENOENT' || code === 'ENXIO' || code === 'ENODEV') {
      throw new HardwareError('PRINTER_OFFLINE', `printer device ${path} is not there (${code})`, { cause: error });
    }
    throw new HardwareError('PRINTER_WRITE_FAILED', `cannot open ${path} (${code ?? 'error'})`, { cause: error });
  }
  try {
    let offset = 0;
    while (offset < bytes.length) {
      try {
        const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
        offset += bytesWritten;
        if (bytesWritten > 0) continue;
      } catch (error) {
        if (errno(error) !== 'EAGAIN') {
          throw new DeviceWriteError('PRINTER_WRITE_FAILED', `write to ${path} failed (${errno(error) ?? 'error'})`, offset > 0, { cause: error });
        }
      }
      if (Date.now() >= deadline) {
        throw new DeviceWriteError('PRINTER_TIMEOUT', `printer device ${path} took ${offset} of ${bytes.length} bytes in ${timeoutMs} ms`, offset > 0);
      }
      await sleep(RETRY_MS);
    }
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** A device file can be written but not read back: paper and cover are unknown. */
export async function deviceFileStatus(path: string): Promise<PrinterStatus> {
  try {
    await access(path, constants.W_OK);
    return { online: true, paperOut: null, paperNearEnd: null, coverOpen: null, errorCode: null };
  } catch {
    return { online: false, paperOut: null, paperNearEnd: null, coverOpen: null, errorCode: 'PRINTER_OFFLINE' };
  }
}
