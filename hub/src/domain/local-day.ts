const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (YYYY-MM-DD) at instant `now` in an IANA time zone. Ticket numbers restart when it changes. */
export function localDay(now: number, timeZone: string): string {
  let fmt = dayFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormatters.set(timeZone, fmt);
  }
  return fmt.format(now);
}

/** True when the zone is one the runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** "A-007": the service prefix and the day's sequence, at least three digits. */
export function formatTicketNumber(prefix: string, sequence: number): string {
  return `${prefix}-${String(sequence).padStart(3, '0')}`;
}

/** The day's sequence in a ticket number ("A-007" → 7). */
export function sequenceOf(number: string): number {
  const n = Number(number.slice(number.indexOf('-') + 1));
  return Number.isInteger(n) ? n : 0;
}
