/** @turnero/hardware: thermal printer and rating keypad drivers, with simulators. */
export { HardwareError, HardwareErrorCode, isHardwareError } from './errors.ts';
export type { PrinterErrorCode } from './errors.ts';

export type { TicketPrinter, PrintResult, PrinterStatus, PrintOptions } from './printer/printer.ts';
export { parsePrintableTicket } from './printer/ticket.ts';
export type { PrintableTicket, TurnTicket, CallbackReceipt, TicketLang } from './printer/ticket.ts';
export { buildTicketLayout, PAPER_COLUMNS, maskTail, printableText } from './printer/ticket-layout.ts';
export type { LayoutOp, PaperWidth } from './printer/ticket-layout.ts';
export { formatIssuedAt, ticketStrings } from './printer/ticket-strings.ts';
export { createPrinter, parsePrinterConfig, parsePrinterUri } from './printer/create-printer.ts';
export { ThermalTicketPrinter, PrinterKind, renderEscPosJob } from './printer/thermal-printer-adapter.ts';
export type { ThermalPrinterOptions, PrinterTarget, PrinterCharacterSet } from './printer/thermal-printer-adapter.ts';
export { PrinterSimulator } from './printer/printer-simulator.ts';
export type { PrinterSimulatorOptions, OfflineMode } from './printer/printer-simulator.ts';
export { EscPosDecoder, decodeEscPos } from './printer/escpos-decoder.ts';
export type { DecoderEvent } from './printer/escpos-decoder.ts';
export { receiptText } from './printer/receipt.ts';
export type { Receipt, DecodedReceipt, ReceiptLine, ReceiptSpan, ReceiptBlock, ReceiptQr } from './printer/receipt.ts';
export { renderReceiptPng } from './printer/receipt-png.ts';

export type { RatingKeypad, KeypadEvents } from './keypad/keypad.ts';
export { KeypadDriver } from './keypad/keypad-driver.ts';
export type { KeypadDriverOptions } from './keypad/keypad-driver.ts';
export { KeypadSimulator } from './keypad/keypad-simulator.ts';
export type { KeypadSimulatorOptions } from './keypad/keypad-simulator.ts';
export { HostCommand, KEYPAD_SERIAL, parseKeypadLine, encodeKeypadMessage } from './keypad/keypad-protocol.ts';
export type { KeypadMessage } from './keypad/keypad-protocol.ts';
export { ticketFromIssue, receiptFromCallback } from './printer/from-hub.ts';
