import type { Callback, IssueResult, Lang, PreferentialClass } from '@turnero/protocol';
import type { CallbackReceipt, TurnTicket } from './ticket.ts';

/** The printed ticket for a hub's issue result (the same on a kiosk's own printer and on the hub's). */
export function ticketFromIssue(result: IssueResult, lang: Lang, preferentialClasses: readonly PreferentialClass[]): TurnTicket {
  const pref = result.ticket.preferentialClass === null ? null : (preferentialClasses.find((p) => p.id === result.ticket.preferentialClass)?.name[lang] ?? result.ticket.preferentialClass);
  return {
    kind: 'ticket',
    officeName: result.officeName,
    serviceName: result.serviceName[lang],
    number: result.ticket.number,
    issuedAt: result.ticket.arrivedAt,
    timeZone: result.timeZone,
    peopleAhead: result.peopleAhead,
    estimatedWaitMinutes: result.estimatedWaitMinutes,
    preferential: pref,
    statusUrl: result.statusUrl,
    lang,
    accountNumber: result.ticket.accountNumber,
  };
}

/** The printed receipt of a callback request ("Te contactamos"), given instead of a turn. */
export function receiptFromCallback(callback: Callback, office: { name: string; timeZone: string }, serviceName: string | null, lang: Lang): CallbackReceipt {
  return {
    kind: 'callback_receipt',
    officeName: office.name,
    serviceName,
    issuedAt: callback.createdAt,
    timeZone: office.timeZone,
    customerName: callback.name,
    phone: callback.phone,
    reason: callback.reason,
    referenceCode: callback.reference,
    statusUrl: null,
    lang,
  };
}
