import type { CallbackReceipt, TicketLang, TurnTicket } from './ticket.ts';

/** 2025-11-23 07:26 in Bogotá (UTC-5). */
export const SAMPLE_ISSUED_AT = Date.UTC(2025, 10, 23, 12, 26, 0);

/** A realistic turn ticket for tests, the CLI's print-test and the README image. */
export function sampleTicket(lang: TicketLang = 'es', overrides: Partial<TurnTicket> = {}): TurnTicket {
  return {
    kind: 'ticket',
    officeName: 'Oficina Cúcuta Centro',
    serviceName: lang === 'es' ? 'Facturación y reclamos' : 'Billing and claims',
    number: 'A-023',
    issuedAt: SAMPLE_ISSUED_AT,
    timeZone: 'America/Bogota',
    peopleAhead: 4,
    estimatedWaitMinutes: 12,
    preferential: lang === 'es' ? 'Adulto mayor' : 'Senior citizen',
    statusUrl: 'https://turnero.example.co/t/cucuta-centro/A-023?k=8f3k2m',
    lang,
    accountNumber: '1020304050',
    ...overrides,
  };
}

/** A realistic callback receipt ("Te contactamos"). */
export function sampleCallbackReceipt(lang: TicketLang = 'es', overrides: Partial<CallbackReceipt> = {}): CallbackReceipt {
  return {
    kind: 'callback_receipt',
    officeName: 'Oficina Cúcuta Centro',
    serviceName: lang === 'es' ? 'Facturación y reclamos' : 'Billing and claims',
    issuedAt: SAMPLE_ISSUED_AT,
    timeZone: 'America/Bogota',
    customerName: 'María José Núñez',
    phone: '+57 300 123 4567',
    reason: lang === 'es' ? 'Revisión de la factura de octubre: cobro más alto de lo habitual.' : 'October bill review: charge higher than usual.',
    referenceCode: 'CB-7K2Q',
    statusUrl: 'https://turnero.example.co/c/CB-7K2Q',
    lang,
    ...overrides,
  };
}
