import type { Report, ReportRow } from '@turnero/protocol';
import { csvField } from '../http/csv.ts';

/** Ticket slices fill every column but the last; callbacks and cases fill `section`, `key` and `value` only (one width for every row). */
const HEAD = ['section', 'key', 'issued', 'served', 'no_shows', 'cancelled', 'abandonment_rate', 'wait_p50_s', 'wait_p90_s', 'service_p50_s', 'service_p90_s', 'mean_rating', ...Array.from({ length: 10 }, (_, i) => `rating_${i + 1}`), 'value'];

const s = (ms: number | null) => (ms === null ? null : Math.round(ms / 1000));
const r3 = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);

function line(section: string, r: ReportRow): string {
  return [section, r.key, r.issued, r.served, r.noShows, r.cancelled, r3(r.abandonmentRate), s(r.waitP50Ms), s(r.waitP90Ms), s(r.serviceP50Ms), s(r.serviceP90Ms), r3(r.meanRating), ...r.ratings, null].map(csvField).join(',');
}

/** A callbacks or cases figure: its section and name, then the value in the last column. */
function figure(section: string, key: string, value: number | null): string {
  return [section, key, ...Array<null>(HEAD.length - 3).fill(null), value].map(csvField).join(',');
}

/** The same numbers as the report page, one row per slice. */
export function reportCsv(report: Report): string {
  const lines = [HEAD.join(','), line('office', report.office)];
  for (const r of report.byService) lines.push(line('service', r));
  for (const r of report.byAgent) lines.push(line('agent', r));
  for (const r of report.byHour) lines.push(line('hour', r));
  lines.push(figure('callbacks', 'requested', report.callbacks.requested), figure('callbacks', 'closed', report.callbacks.closed), figure('callbacks', 'resolved', report.callbacks.resolved));
  lines.push(figure('cases', 'opened', report.cases.opened), figure('cases', 'closed', report.cases.closed), figure('cases', 'recovered', report.cases.recovered), figure('cases', 'recovery_rate', r3(report.cases.recoveryRate)));
  return lines.join('\r\n') + '\r\n';
}
