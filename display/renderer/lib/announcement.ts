import type { Lang } from '@turnero/protocol';
import type { Call } from './call.ts';

/** The largest counter number recorded as a whole word ("módulo doce"); above it the digits are read. */
export const MAX_NUMBER_WORD = 30;

/** A recorded word (renderer/public/voice/<lang>.json); scripts/generate-voice.sh makes them. */
export type SegmentName = 'intro' | 'counter' | 'recall' | `letter-${string}` | `number-${number}`;

/** What to say for a call: text for a system voice, and phrases of recorded words (a pause between phrases). */
export interface Announcement {
  text: string;
  phrases: SegmentName[][];
}

const WORDS = {
  es: { intro: 'Turno', counter: 'módulo', recall: 'Llamado de nuevo' },
  en: { intro: 'Ticket', counter: 'counter', recall: 'Called again' },
} as const satisfies Record<Lang, Record<'intro' | 'counter' | 'recall', string>>;

/** "Módulo 4", "Modulo 12": the counter names the recorded voice can say as "módulo N". */
const NUMBERED = /^\s*(?:m[oó]dulo\s*)?(\d{1,3})\s*$/i;
const TRAILING_NUMBER = /(\d{1,3})\s*$/;

/**
 * "Turno F 0 2 3, módulo 4": the ticket's letter, its digits one by one, then the counter; a recall
 * starts with "Llamado de nuevo". English: "Ticket F 0 2 3, counter 4".
 */
export function announcementFor(call: Pick<Call, 'number' | 'counterName' | 'recall'>, lang: Lang): Announcement {
  const words = WORDS[lang];
  const chars = [...call.number.toUpperCase()].filter((ch) => /[A-Z0-9]/.test(ch));
  const ticket: SegmentName[] = chars.map((ch) => (/\d/.test(ch) ? (`number-${Number(ch)}` as const) : (`letter-${ch.toLowerCase()}` as const)));
  const counterNumber = TRAILING_NUMBER.exec(call.counterName)?.[1];
  const counter: SegmentName[] = counterNumber === undefined ? [] : ['counter', ...numberSegments(Number(counterNumber))];
  const phrases: SegmentName[][] = [['intro', ...ticket], ...(counter.length > 0 ? [counter] : [])];
  if (call.recall) phrases.unshift(['recall']);

  const numbered = NUMBERED.exec(call.counterName)?.[1];
  const counterText = numbered === undefined ? call.counterName.trim() : `${words.counter} ${Number(numbered)}`;
  const text = `${call.recall ? `${words.recall}. ` : ''}${words.intro} ${chars.join(' ')}, ${counterText}`;
  return { text, phrases };
}

function numberSegments(n: number): SegmentName[] {
  if (n <= MAX_NUMBER_WORD) return [`number-${n}`];
  return [...String(n)].map((d) => `number-${Number(d)}` as const);
}

/** Every recorded word an announcement may use, for checking the generated voice files. */
export function allSegmentNames(): SegmentName[] {
  const letters = [...'abcdefghijklmnopqrstuvwxyz'].map((l) => `letter-${l}` as const);
  const numbers = Array.from({ length: MAX_NUMBER_WORD + 1 }, (_, n) => `number-${n}` as const);
  return ['intro', 'counter', 'recall', ...letters, ...numbers];
}
