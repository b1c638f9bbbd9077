import { describe, expect, it } from 'vitest';
import { parseSettings } from '../../renderer/lib/settings.ts';

describe('parseSettings', () => {
  it('defaults to Spanish, the automatic voice and waiting counts shown', () => {
    expect(parseSettings('')).toEqual({ lang: 'es', voice: 'auto', waiting: true });
    expect(parseSettings('?hub=ws://x/ws&lang=fr&voice=robot')).toEqual({ lang: 'es', voice: 'auto', waiting: true });
  });

  it('reads ?lang=en, ?voice=recorded and ?waiting=off', () => {
    expect(parseSettings('?lang=en&voice=recorded&waiting=off')).toEqual({ lang: 'en', voice: 'recorded', waiting: false });
  });
});
