import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { assertSender } from '@turnero/app-kit/electron';
import { isHardwareError, type PrintableTicket, type TicketPrinter } from '@turnero/hardware';
import { IpcChannel, type BridgePrinterStatus, type BridgePrintResult } from './ipc-channels.ts';
import { callbackJobToPrintable, ticketJobToPrintable } from './print-jobs.ts';

export interface KioskIpcDeps {
  /** This device's own printer; null when the hub prints for it. */
  printer: TicketPrinter | null;
  /** Origin of the kiosk page (the hub's): IPC from any other frame is refused. */
  appOrigin: string;
}

type Handler = (event: Pick<IpcMainInvokeEvent, 'senderFrame'>, payload?: unknown) => Promise<unknown>;

/** The kiosk's IPC handlers, one per channel: each checks the sender, then parses its payload. */
export function kioskIpcHandlers(deps: KioskIpcDeps): Record<IpcChannel, Handler> {
  async function print(toPrintable: (payload: unknown) => PrintableTicket, payload: unknown): Promise<BridgePrintResult> {
    if (!deps.printer) return { ok: false, code: 'PRINTER_NOT_CONFIGURED', message: 'this kiosk has no printer of its own', sent: false };
    let printable: PrintableTicket;
    try {
      printable = toPrintable(payload);
    } catch (error) {
      if (isHardwareError(error, 'PRINTER_INVALID_TICKET')) return { ok: false, code: 'PRINTER_INVALID_TICKET', message: error.message, sent: false };
      throw error;
    }
    return deps.printer.print(printable);
  }

  return {
    [IpcChannel.printTicket]: async (event, payload) => {
      assertSender(event, deps.appOrigin);
      return print(ticketJobToPrintable, payload);
    },
    [IpcChannel.printCallbackReceipt]: async (event, payload) => {
      assertSender(event, deps.appOrigin);
      return print(callbackJobToPrintable, payload);
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
