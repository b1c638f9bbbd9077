import { HardwareError, parsePrintableTicket, receiptFromCallback, ticketFromIssue, type PrintableTicket } from '@turnero/hardware';
import { Callback, IssueResultSchema, Lang, PreferentialClass } from '@turnero/protocol';
import { z } from 'zod';

const TicketPrintJobSchema = z.object({
  issue: IssueResultSchema,
  lang: Lang,
  preferentialClasses: z.array(PreferentialClass).max(12),
  unlessPrinted: z.boolean().optional(),
});

const CallbackPrintJobSchema = z.object({
  callback: Callback,
  office: z.object({ name: z.string().min(1).max(120), timeZone: z.string().min(1).max(64) }),
  serviceName: z.string().min(1).max(120).nullable(),
  lang: Lang,
  unlessPrinted: z.boolean().optional(),
});

/** A parsed print job: what to print, the paper's id (a ticket's or a callback's, kind-prefixed) and whether to print only if none came out. */
export interface ParsedPrintJob {
  id: string;
  unlessPrinted: boolean;
  printable: PrintableTicket;
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new HardwareError('PRINTER_INVALID_TICKET', `print job: ${first ? `${first.path.join('.')}: ${first.message}` : 'invalid'}`);
  }
  return parsed.data;
}

/**
 * An untrusted IPC payload → the ticket to print: the hub's issue result is parsed, mapped with the
 * same function the hub uses, and the printable parsed again. Throws PRINTER_INVALID_TICKET.
 */
export function parseTicketJob(payload: unknown): ParsedPrintJob {
  const job = parseWith(TicketPrintJobSchema, payload);
  const printable = parsePrintableTicket(ticketFromIssue(job.issue, job.lang, job.preferentialClasses));
  return { id: `ticket:${job.issue.ticket.id}`, unlessPrinted: job.unlessPrinted === true, printable };
}

/** An untrusted IPC payload → the callback receipt to print. Throws PRINTER_INVALID_TICKET. */
export function parseCallbackJob(payload: unknown): ParsedPrintJob {
  const job = parseWith(CallbackPrintJobSchema, payload);
  const printable = parsePrintableTicket(receiptFromCallback(job.callback, job.office, job.serviceName, job.lang));
  return { id: `callback:${job.callback.id}`, unlessPrinted: job.unlessPrinted === true, printable };
}
