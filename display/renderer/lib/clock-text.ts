import type { Lang } from '@turnero/protocol';
import { locale } from './locale.ts';

/** The clock's time ("10:42 a. m.") and date ("sábado, 23 de noviembre") in the office's zone. */
export function clockText(at: number, timeZone: string | null, lang: Lang): { time: string; date: string } {
  const zone = timeZone && isZone(timeZone) ? { timeZone } : {};
  const date = new Date(at);
  return {
    time: new Intl.DateTimeFormat(locale(lang), { hour: 'numeric', minute: '2-digit', ...zone }).format(date),
    date: new Intl.DateTimeFormat(locale(lang), { weekday: 'long', day: 'numeric', month: 'long', ...zone }).format(date),
  };
}

function isZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
