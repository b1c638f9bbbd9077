import type { Report, ReportRow } from '@turnero/protocol';
import { csvField } from '../http/csv.ts';

const HEAD = ['section', 'key', 'issued', 'served', 'no_shows', 'cancelled', 'abandonment_rate', 'wait_p50_s', 'wait_p90_s', 'service_p50_s', 'service_p90_s', 'mean_rating', ...Array.from({ length: 10 }, (_, i) => `rating_${i + 1}`)];

const s = (ms: number | null) => (ms === null ? null : Math.round(ms / 1000));
const r3 = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);

function line(section: string, r: ReportRow): string {
  return [section, r.key, r.issued, r.served, r.noShows, r.cancelled, r3(r.abandonmentRate), s(r.waitP50Ms), s(r.waitP90Ms), s(r.serviceP50Ms), s(r.serviceP90Ms), r3(r.meanRating), ...r.ratings].map(csvField).join(',');
}

/** The same numbers as the report page, one row per slice. */
export function reportCsv(report: Report): string {
  const lines = [HEAD.join(','), line('office', report.office)];
  for (const r of report.byService) lines.push(line('service', r));
  for (const r of report.byAgent) lines.push(line('agent', r));
  for (const r of report.byHour) lines.push(line('hour', r));
  lines.push(['callbacks', 'requested', report.callbacks.requested].join(','), ['callbacks', 'closed', report.callbacks.closed].join(','), ['callbacks', 'resolved', report.callbacks.resolved].join(','));
  lines.push(['cases', 'opened', report.cases.opened].join(','), ['cases', 'closed', report.cases.closed].join(','), ['cases', 'recovered', report.cases.recovered].join(','));
  return lines.join('\r\n') + '\r\n';
}
