import type { ReportRow } from '@turnero/protocol';
import { formatTimer } from '../../shared/format.ts';

/** A duration figure of a report: "m:ss", or a dash when there were no samples. */
export function formatDuration(ms: number | null): string {
  return ms === null ? '—' : formatTimer(ms);
}

/** A rate 0..1 as a whole percentage: "12 %". */
export function formatPercent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)} %`;
}

/** One bar of an inline chart: its label, value, shown text and height 0..1 of the tallest. */
export interface Bar {
  label: string;
  value: number;
  text: string;
  height: number;
}

function scale(items: { label: string; value: number; text: string }[]): Bar[] {
  const max = Math.max(0, ...items.map((i) => i.value));
  return items.map((i) => ({ ...i, height: max > 0 ? i.value / max : 0 }));
}

/** Wait p50 by hour of arrival, for the hours that had tickets (in minutes, one decimal). */
export function waitBars(byHour: readonly ReportRow[]): Bar[] {
  const rows = byHour.filter((r) => r.issued > 0).sort((a, b) => a.key.localeCompare(b.key));
  return scale(rows.map((r) => ({ label: `${r.key}h`, value: (r.waitP50Ms ?? 0) / 60_000, text: formatDuration(r.waitP50Ms) })));
}

/** Whether any hour has a wait to draw: a range in which no ticket was called has none. */
export function hasWaits(byHour: readonly ReportRow[]): boolean {
  return byHour.some((r) => r.waitP50Ms !== null);
}

/** Whether any rating 1..10 was given in the range. */
export function hasRatings(ratings: readonly number[]): boolean {
  return ratings.some((n) => n > 0);
}

/** How many ratings of each value 1..10. */
export function ratingBars(ratings: readonly number[]): Bar[] {
  return scale(Array.from({ length: 10 }, (_, i) => ({ label: String(i + 1), value: ratings[i] ?? 0, text: String(ratings[i] ?? 0) })));
}

/** The day `days` before a day "YYYY-MM-DD" (calendar arithmetic, no zone involved). */
export function shiftDay(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10);
}

/**
 * The hub's CSV export address for a range; with `officeId`, of that office (a drilled-down office at
 * the central: the hub takes it from central staff only, and exports one's own office without it).
 */
export function csvPath(kind: 'report' | 'tickets', from: string, to: string, officeId?: string): string {
  const office = officeId ? `&officeId=${encodeURIComponent(officeId)}` : '';
  return `/api/${kind}.csv?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}${office}`;
}
