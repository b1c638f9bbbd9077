import type { PrinterStatus, PrintResult } from '@turnero/hardware';
import type { Callback, IssueResult, Lang, PreferentialClass } from '@turnero/protocol';

/** Every IPC channel between the kiosk's preload and main process. Nothing else is handled. */
export const IpcChannel = {
  printTicket: 'kiosk:print-ticket',
  printCallbackReceipt: 'kiosk:print-callback-receipt',
  printerStatus: 'kiosk:printer-status',
} as const;
export type IpcChannel = (typeof IpcChannel)[keyof typeof IpcChannel];

/**
 * What the renderer sends to print a turn: the hub's own answer, mapped to paper by the main process.
 * `unlessPrinted`: it may have come out already (a page reloaded mid-print): paper only if none did.
 */
export interface TicketPrintJob {
  issue: IssueResult;
  lang: Lang;
  preferentialClasses: PreferentialClass[];
  unlessPrinted?: boolean;
}

/** What the renderer sends to print a callback receipt ("Te contactamos"); `unlessPrinted` as for a ticket. */
export interface CallbackPrintJob {
  callback: Callback;
  office: { name: string; timeZone: string };
  serviceName: string | null;
  lang: Lang;
  unlessPrinted?: boolean;
}

/**
 * A print's outcome; `already`: asked `unlessPrinted`, this device printed it before (nothing printed
 * now); NOT_CONFIGURED when this device has no printer of its own (the hub prints then).
 */
export type BridgePrintResult = PrintResult | { ok: true; already: true } | { ok: false; code: 'PRINTER_NOT_CONFIGURED'; message: string; sent: false };

/** The printer's state, or `configured: false` when this device has none. */
export type BridgePrinterStatus = { configured: false } | { configured: true; status: PrinterStatus };

/** What the preload exposes as `window.turneroKiosk`: one named function per operation. */
export interface KioskBridge {
  printTicket(job: TicketPrintJob): Promise<BridgePrintResult>;
  printCallbackReceipt(job: CallbackPrintJob): Promise<BridgePrintResult>;
  printerStatus(): Promise<BridgePrinterStatus>;
}
