const dayFormatters = new Map<string, { fmt: Intl.DateTimeFormat; minute: number; day: string }>();

/**
 * The calendar day (YYYY-MM-DD) at instant `now` in an IANA time zone. Ticket numbers restart when it
 * changes. Every zone's offset is a whole number of minutes, so the answer is kept for the current
 * minute: ICU's formatter (kilobytes of garbage per call) runs about once a minute, not once a ticket.
 */
export function localDay(now: number, timeZone: string): string {
  let zone = dayFormatters.get(timeZone);
  if (!zone) {
    zone = { fmt: new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }), minute: NaN, day: '' };
    dayFormatters.set(timeZone, zone);
  }
  const minute = Math.floor(now / 60_000);
  if (minute !== zone.minute) {
    zone.day = zone.fmt.format(now);
    zone.minute = minute;
  }
  return zone.day;
}

/** "A-007": the service prefix and the day's sequence, at least three digits. */
export function formatTicketNumber(prefix: string, sequence: number): string {
  return `${prefix}-${String(sequence).padStart(3, '0')}`;
}

/** The letter of a ticket number ("A-007" → "A"). */
export function prefixOf(number: string): string {
  return number.slice(0, Math.max(0, number.indexOf('-')));
}

/** The day's sequence in a ticket number ("A-007" → 7). */
export function sequenceOf(number: string): number {
  const n = Number(number.slice(number.indexOf('-') + 1));
  return Number.isInteger(n) ? n : 0;
}

/** The calendar day `days` after `day` (YYYY-MM-DD → YYYY-MM-DD; negative: before). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The calendar day before `day` (YYYY-MM-DD → YYYY-MM-DD). */
export function previousDay(day: string): string {
  return addDays(day, -1);
}
