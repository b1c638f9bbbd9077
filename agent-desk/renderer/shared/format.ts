import type { Lang } from '@turnero/protocol';
import { dayIn } from '@turnero/app-kit/local-day';

const pad = (n: number) => String(n).padStart(2, '0');

/** A running timer: "4:05", "1:02:09". Negative durations show as 0:00. */
export function formatTimer(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** A wait in whole minutes: "0 min", "12 min", "1 h 05 min". */
export function formatMinutes(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${pad(minutes % 60)} min`;
}

/** Clock time in the office's zone, e.g. "10:32". */
export function formatClock(at: number, timeZone: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'es' ? 'es-CO' : 'en-US', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}

/**
 * When something happened, for a list that spans days: the clock time if it was today in the
 * office's zone ("10:32"), otherwise with its day ("05/12 10:32" es, "12/05 10:32" en).
 */
export function formatWhen(at: number, now: number, timeZone: string, lang: Lang): string {
  const clock = formatClock(at, timeZone, lang);
  const day = dayIn(at, timeZone);
  return day === dayIn(now, timeZone) ? clock : `${formatDay(day, lang, { year: false })} ${clock}`;
}

/** A mean with one decimal in the reader's convention: "8,5" (es), "8.5" (en). */
export function formatDecimal(x: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'es' ? 'es-CO' : 'en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(x);
}

/** A day "2025-03-14" as "14/03/2025" (es) or "03/14/2025" (en); without the year: "14/03", "03/14". */
export function formatDay(day: string, lang: Lang, opts: { year?: boolean } = {}): string {
  const [y, m, d] = day.split('-');
  const dayMonth = lang === 'es' ? `${d}/${m}` : `${m}/${d}`;
  return opts.year === false ? dayMonth : `${dayMonth}/${y}`;
}
