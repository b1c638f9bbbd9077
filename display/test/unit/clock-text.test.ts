import { describe, expect, it } from 'vitest';
import { clockText } from '../../renderer/lib/clock-text.ts';

describe('clockText', () => {
  it("shows the office's time in its zone, not the screen's", () => {
    const at = Date.UTC(2025, 10, 23, 15, 42); // 10:42 in Bogotá (UTC−5)
    const es = clockText(at, 'America/Bogota', 'es');
    expect(es.time).toMatch(/^10:42\sa/);
    expect(es.date).toBe('domingo, 23 de noviembre');
    expect(clockText(at, 'America/Bogota', 'en').time).toMatch(/^10:42\sAM$/);
    expect(clockText(at, 'Asia/Tokyo', 'en').time).toMatch(/^12:42\sAM$/);
  });

  it('falls back to the local zone for an unknown zone', () => {
    expect(() => clockText(0, 'Not/AZone', 'es')).not.toThrow();
  });
});
