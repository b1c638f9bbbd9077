/**
 * The calendar day (`YYYY-MM-DD`) of a moment in an office's time zone — the hub's notion of "today"
 * (numbering, reports, the end of the day), for the apps. One formatter per zone, kept.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

export function dayIn(at: number, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) formatters.set(timeZone, (f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return f.format(at);
}
