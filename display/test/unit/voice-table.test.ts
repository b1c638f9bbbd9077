import { describe, expect, it } from 'vitest';
import { clipsFor, parseVoiceTable, PHRASE_GAP, WORD_GAP } from '../../renderer/audio/voice-table.ts';

describe('voice table', () => {
  it('refuses what is not a table of [start, length]', () => {
    expect(() => parseVoiceTable(null)).toThrow(/expected/);
    expect(() => parseVoiceTable({ lang: 'es', segments: { intro: [0] } })).toThrow(/intro/);
    expect(() => parseVoiceTable({ lang: 'es', segments: { intro: [0, -1] } })).toThrow(/intro/);
    expect(parseVoiceTable({ lang: 'es', segments: { intro: [0, 0.4] } }).segments.intro).toEqual([0, 0.4]);
  });

  it('plays the words in order, a short gap inside a phrase and a longer one between phrases; unknown words are reported', () => {
    const table = parseVoiceTable({ lang: 'es', segments: { intro: [0, 0.4], 'letter-f': [1, 0.3], counter: [2, 0.5], 'number-4': [3, 0.3] } });
    const { clips, missing } = clipsFor({ text: '', phrases: [['intro', 'letter-f', 'number-7'], ['counter', 'number-4']] }, table);
    expect(clips).toEqual([
      { name: 'intro', offset: 0, duration: 0.4, gapAfter: WORD_GAP },
      { name: 'letter-f', offset: 1, duration: 0.3, gapAfter: WORD_GAP },
      { name: 'counter', offset: 2, duration: 0.5, gapAfter: WORD_GAP },
      { name: 'number-4', offset: 3, duration: 0.3, gapAfter: WORD_GAP },
    ]);
    expect(missing).toEqual(['number-7']);
    const whole = clipsFor({ text: '', phrases: [['intro', 'letter-f'], ['counter']] }, table).clips;
    expect(whole.map((c) => c.gapAfter)).toEqual([WORD_GAP, PHRASE_GAP, WORD_GAP]);
  });
});
