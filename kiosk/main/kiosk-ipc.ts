import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { assertSender } from '@turnero/app-kit/electron';
import { isHardwareError, type TicketPrinter } from '@turnero/hardware';
import { IpcChannel, type BridgePrinterStatus, type BridgePrintResult } from './ipc-channels.ts';
import { parseCallbackJob, parseTicketJob, type ParsedPrintJob } from './print-jobs.ts';
import { PrintLedger } from './print-ledger.ts';

export interface KioskIpcDeps {
  /** This device's own printer; null when the hub prints for it. */
  printer: TicketPrinter | null;
  /** Origin of the kiosk page (the hub's): IPC from any other frame is refused. */
  appOrigin: string;
  /** Clock of the memory of printed tickets (PrintLedger); Date.now unless given. */
  now?: () => number;
}

type Handler = (event: Pick<IpcMainInvokeEvent, 'senderFrame'>, payload?: unknown) => Promise<unknown>;

/**
 * The kiosk's IPC handlers, one per channel: each checks the sender, then parses its payload. Prints
 * go through one PrintLedger for the process's life: a page reloaded mid-print does not print twice.
 */
export function kioskIpcHandlers(deps: KioskIpcDeps): Record<IpcChannel, Handler> {
  const ledger = new PrintLedger(deps.now);

  async function print(parse: (payload: unknown) => ParsedPrintJob, payload: unknown): Promise<BridgePrintResult> {
    const printer = deps.printer;
    if (!printer) return { ok: false, code: 'PRINTER_NOT_CONFIGURED', message: 'this kiosk has no printer of its own', sent: false };
    let job: ParsedPrintJob;
    try {
      job = parse(payload);
    } catch (error) {
      if (isHardwareError(error, 'PRINTER_INVALID_TICKET')) return { ok: false, code: 'PRINTER_INVALID_TICKET', message: error.message, sent: false };
      throw error;
    }
    return ledger.print(job.id, job.unlessPrinted, () => printer.print(job.printable));
  }

  return {
    [IpcChannel.printTicket]: async (event, payload) => {
      assertSender(event, deps.appOrigin);
      return print(parseTicketJob, payload);
    },
    [IpcChannel.printCallbackReceipt]: async (event, payload) => {
      assertSender(event, deps.appOrigin);
      return print(parseCallbackJob, payload);
    },
    [IpcChannel.printerStatus]: async (event): Promise<BridgePrinterStatus> => {
      assertSender(event, deps.appOrigin);
      return deps.printer ? { configured: true, status: await deps.printer.status() } : { configured: false };
    },
  };
}

/** Registers every kiosk channel on ipcMain. */
export function registerKioskIpc(ipcMain: Pick<IpcMain, 'handle'>, deps: KioskIpcDeps): void {
  for (const [channel, handler] of Object.entries(kioskIpcHandlers(deps))) {
    ipcMain.handle(channel, (event, payload: unknown) => handler(event, payload));
  }
}
