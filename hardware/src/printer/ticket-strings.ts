import type { TicketLang } from './ticket.ts';

/** Every word the printer prints, per language. Spanish (es-CO) is the default. */
export interface TicketStrings {
  locale: string;
  yourTurn: string;
  date: string;
  time: string;
  peopleAhead: (n: number) => string;
  estimatedWait: (minutes: number) => string;
  preferential: string;
  account: string;
  scanToFollow: string;
  footer: string;
  callbackTitle: string;
  reference: string;
  name: string;
  phone: string;
  reason: string;
  service: string;
  callbackFooter: string;
}

const es: TicketStrings = {
  locale: 'es-CO',
  yourTurn: 'SU TURNO',
  date: 'Fecha',
  time: 'Hora',
  peopleAhead: (n) => (n === 0 ? 'Usted es el siguiente' : n === 1 ? '1 persona antes de usted' : `${n} personas antes de usted`),
  estimatedWait: (m) => (m < 1 ? 'Espera estimada: menos de 1 min' : `Espera estimada: ${m} min`),
  preferential: 'ATENCIÓN PREFERENCIAL',
  account: 'Cuenta',
  scanToFollow: 'Escanee para seguir su turno',
  footer: 'Conserve este tiquete y esté atento al llamado en pantalla. ¡Gracias!',
  callbackTitle: 'SOLICITUD DE LLAMADA',
  reference: 'Código',
  name: 'Nombre',
  phone: 'Teléfono',
  reason: 'Motivo',
  service: 'Servicio',
  callbackFooter: 'Un asesor le llamará pronto. No necesita esperar en la oficina.',
};

const en: TicketStrings = {
  locale: 'en-US',
  yourTurn: 'YOUR TURN',
  date: 'Date',
  time: 'Time',
  peopleAhead: (n) => (n === 0 ? 'You are next' : n === 1 ? '1 person ahead of you' : `${n} people ahead of you`),
  estimatedWait: (m) => (m < 1 ? 'Estimated wait: under 1 min' : `Estimated wait: ${m} min`),
  preferential: 'PRIORITY SERVICE',
  account: 'Account',
  scanToFollow: 'Scan to follow your turn',
  footer: 'Keep this ticket and watch the screen for your call. Thank you!',
  callbackTitle: 'CALLBACK REQUEST',
  reference: 'Reference',
  name: 'Name',
  phone: 'Phone',
  reason: 'Reason',
  service: 'Service',
  callbackFooter: 'An agent will call you soon. You do not need to wait in the office.',
};

/** Strings for `lang`. */
export function ticketStrings(lang: TicketLang): TicketStrings {
  return lang === 'en' ? en : es;
}

/** Date and time of issue as printed, in the office's time zone. */
export function formatIssuedAt(issuedAt: number, timeZone: string, lang: TicketLang): { date: string; time: string } {
  const locale = ticketStrings(lang).locale;
  const date = new Intl.DateTimeFormat(locale, {
    timeZone,
    ...(lang === 'en' ? { month: 'short', day: 'numeric', year: 'numeric' } : { day: '2-digit', month: '2-digit', year: 'numeric' }),
  } as const).format(issuedAt);
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: 'numeric', minute: '2-digit', hour12: true }).format(issuedAt);
  // NOTE: ICU puts U+00A0 / U+202F inside "a. m."; thermal code pages lack U+202F.
  const spaces = /[\u00a0\u202f\u2007]/g;
  return { date: date.replace(spaces, ' '), time: time.replace(spaces, ' ') };
}
