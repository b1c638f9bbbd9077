import { afterEach, describe, expect, it, vi } from 'vitest';
import { pickVoice, speakWith, type SpeechPlatform, type VoiceInfo } from '../../renderer/audio/system-voice.ts';

const v = (lang: string, name = lang, localService = true): VoiceInfo => ({ lang, name, localService });

describe('pickVoice', () => {
  it('prefers Colombian, then Latin American Spanish, then any Spanish', () => {
    expect(pickVoice([v('es-ES'), v('es-US'), v('es-CO')], 'es')?.lang).toBe('es-CO');
    expect(pickVoice([v('es-ES'), v('es-419')], 'es')?.lang).toBe('es-419');
    expect(pickVoice([v('en-US'), v('es_ES')], 'es')?.lang).toBe('es_ES');
    expect(pickVoice([v('en-US'), v('fr-FR')], 'es')).toBeNull();
    expect(pickVoice([v('es-CO'), v('en-GB'), v('en-US')], 'en')?.lang).toBe('en-US');
  });

  it('never picks a network voice (it would go silent when the internet is down)', () => {
    expect(pickVoice([v('es-CO', 'Google español', false)], 'es')).toBeNull();
  });
});

describe('speakWith', () => {
  afterEach(() => vi.useRealTimers());

  const platform = (behaviour: 'end' | 'error' | 'never'): SpeechPlatform<VoiceInfo> & { spoken: string[]; cancelled: number } => {
    const p = {
      spoken: [] as string[],
      cancelled: 0,
      getVoices: () => [v('es-CO')],
      speak(text: string, _voice: VoiceInfo, h: { onEnd: () => void; onError: (r: string) => void }) {
        p.spoken.push(text);
        if (behaviour === 'end') setTimeout(h.onEnd, 10);
        if (behaviour === 'error') setTimeout(() => h.onError('not-allowed'), 10);
      },
      cancel() {
        p.cancelled += 1;
      },
    };
    return p;
  };

  it('resolves when the platform says the speech ended', async () => {
    const p = platform('end');
    await speakWith(p, v('es-CO'), 'Turno F 0 2 3, módulo 4');
    expect(p.spoken).toEqual(['Turno F 0 2 3, módulo 4']);
  });

  it('rejects on a speech error', async () => {
    await expect(speakWith(platform('error'), v('es-CO'), 'x')).rejects.toThrow(/not-allowed/);
  });

  it('gives up (and cancels) when the end never comes', async () => {
    vi.useFakeTimers();
    const p = platform('never');
    const spoken = speakWith(p, v('es-CO'), 'Turno F 0 2 3');
    const assertion = expect(spoken).rejects.toThrow(/no end/);
    await vi.advanceTimersByTimeAsync(60_000);
    await assertion;
    expect(p.cancelled).toBe(1);
  });
});
