import type { Announcement } from '../lib/announcement.ts';

/** Where each recorded word is in a language's voice file: [start, length] in seconds. */
export interface VoiceTable {
  lang: string;
  segments: Record<string, readonly [number, number]>;
}

/** A clip of the voice file, then silence. */
export interface SegmentClip {
  name: string;
  offset: number;
  duration: number;
  gapAfter: number;
}

/** Silence between words of a phrase, and between phrases ("Turno F 0 2 3" · "módulo 4"), seconds. */
export const WORD_GAP = 0.05;
export const PHRASE_GAP = 0.35;

/** Parses `voice/<lang>.json`; throws with the reason when it is not a voice table. */
export function parseVoiceTable(raw: unknown): VoiceTable {
  const o = raw as { lang?: unknown; segments?: unknown } | null;
  if (typeof o !== 'object' || o === null || typeof o.lang !== 'string' || typeof o.segments !== 'object' || o.segments === null) {
    throw new Error('voice table: expected {lang, segments}');
  }
  const segments: Record<string, readonly [number, number]> = {};
  for (const [name, value] of Object.entries(o.segments)) {
    const ok = Array.isArray(value) && value.length === 2 && value.every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0);
    if (!ok) throw new Error(`voice table: segment ${name} is not [start, length]`);
    segments[name] = [value[0] as number, value[1] as number];
  }
  return { lang: o.lang, segments };
}

/** The clips that say an announcement, in order; words missing from the table are reported, not played. */
export function clipsFor(announcement: Announcement, table: VoiceTable): { clips: SegmentClip[]; missing: string[] } {
  const clips: SegmentClip[] = [];
  const missing: string[] = [];
  announcement.phrases.forEach((phrase, p) => {
    phrase.forEach((name, w) => {
      const segment = table.segments[name];
      if (!segment) return void missing.push(name);
      const endOfPhrase = w === phrase.length - 1 && p < announcement.phrases.length - 1;
      clips.push({ name, offset: segment[0], duration: segment[1], gapAfter: endOfPhrase ? PHRASE_GAP : WORD_GAP });
    });
  });
  return { clips, missing };
}
