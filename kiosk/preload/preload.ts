/** The kiosk's preload (sandboxed, bundled to one CJS file): named functions only, no ipcRenderer leak. */
import { contextBridge, ipcRenderer } from 'electron';
import { IpcChannel, type BridgePrinterStatus, type BridgePrintResult, type CallbackPrintJob, type KioskBridge, type TicketPrintJob } from '../main/ipc-channels.ts';

function printTicket(job: TicketPrintJob): Promise<BridgePrintResult> {
  return ipcRenderer.invoke(IpcChannel.printTicket, job);
}

function printCallbackReceipt(job: CallbackPrintJob): Promise<BridgePrintResult> {
  return ipcRenderer.invoke(IpcChannel.printCallbackReceipt, job);
}

function printerStatus(): Promise<BridgePrinterStatus> {
  return ipcRenderer.invoke(IpcChannel.printerStatus);
}

const bridge: KioskBridge = { printTicket, printCallbackReceipt, printerStatus };
contextBridge.exposeInMainWorld('turneroKiosk', bridge);
