import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allSegmentNames, announcementFor } from '../../renderer/lib/announcement.ts';
import { parseVoiceTable } from '../../renderer/audio/voice-table.ts';

const call = { number: 'F-023', counterName: 'Módulo 4', recall: false };

describe('announcementFor', () => {
  it('reads the letter, the digits one by one, then the counter (Spanish)', () => {
    expect(announcementFor(call, 'es')).toEqual({
      text: 'Turno F 0 2 3, módulo 4',
      phrases: [
        ['intro', 'letter-f', 'number-0', 'number-2', 'number-3'],
        ['counter', 'number-4'],
      ],
    });
  });

  it('speaks English when configured', () => {
    expect(announcementFor(call, 'en').text).toBe('Ticket F 0 2 3, counter 4');
  });

  it('a recall starts with "Llamado de nuevo"', () => {
    const a = announcementFor({ ...call, recall: true }, 'es');
    expect(a.text).toBe('Llamado de nuevo. Turno F 0 2 3, módulo 4');
    expect(a.phrases[0]).toEqual(['recall']);
    expect(announcementFor({ ...call, recall: true }, 'en').text).toBe('Called again. Ticket F 0 2 3, counter 4');
  });

  it('says counters up to 30 as one number, larger ones digit by digit', () => {
    expect(announcementFor({ ...call, counterName: 'Módulo 12' }, 'es').phrases[1]).toEqual(['counter', 'number-12']);
    expect(announcementFor({ ...call, counterName: 'Módulo 31' }, 'es').phrases[1]).toEqual(['counter', 'number-3', 'number-1']);
  });

  it('a counter not named "Módulo N" keeps its name in the text; without a number the recorded voice stops at the ticket', () => {
    expect(announcementFor({ ...call, counterName: 'Caja 2' }, 'es').text).toBe('Turno F 0 2 3, Caja 2');
    const named = announcementFor({ ...call, counterName: 'Ventanilla preferencial' }, 'es');
    expect(named.text).toBe('Turno F 0 2 3, Ventanilla preferencial');
    expect(named.phrases).toEqual([['intro', 'letter-f', 'number-0', 'number-2', 'number-3']]);
  });

  it.each(['es', 'en'])('every word an announcement may use is in the recorded voice (%s)', (lang) => {
    const table = parseVoiceTable(JSON.parse(readFileSync(new URL(`../../renderer/public/voice/${lang}.json`, import.meta.url), 'utf8')));
    expect(table.lang).toBe(lang);
    const missing = allSegmentNames().filter((name) => !table.segments[name]);
    expect(missing).toEqual([]);
    for (const [start, length] of Object.values(table.segments)) {
      expect(length).toBeGreaterThan(0.1);
      expect(length).toBeLessThan(2);
      expect(start).toBeGreaterThanOrEqual(0);
    }
  });
});
