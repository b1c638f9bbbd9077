import { HardwareError, parsePrintableTicket, receiptFromCallback, ticketFromIssue, type PrintableTicket } from '@turnero/hardware';
import { Callback, IssueResultSchema, Lang, PreferentialClass } from '@turnero/protocol';
import { z } from 'zod';

const TicketPrintJobSchema = z.object({ issue: IssueResultSchema, lang: Lang, preferentialClasses: z.array(PreferentialClass).max(12) });

const CallbackPrintJobSchema = z.object({
  callback: Callback,
  office: z.object({ name: z.string().min(1).max(120), timeZone: z.string().min(1).max(64) }),
  serviceName: z.string().min(1).max(120).nullable(),
  lang: Lang,
});

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
export function ticketJobToPrintable(payload: unknown): PrintableTicket {
  const job = parseWith(TicketPrintJobSchema, payload);
  return parsePrintableTicket(ticketFromIssue(job.issue, job.lang, job.preferentialClasses));
}

/** An untrusted IPC payload → the callback receipt to print. Throws PRINTER_INVALID_TICKET. */
export function callbackJobToPrintable(payload: unknown): PrintableTicket {
  const job = parseWith(CallbackPrintJobSchema, payload);
  return parsePrintableTicket(receiptFromCallback(job.callback, job.office, job.serviceName, job.lang));
}
