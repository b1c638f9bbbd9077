import { afterEach, describe, expect, it, vi } from 'vitest';
import { browserSpeech, pickVoice, speakWith, type SpeechHandlers, type SpeechPlatform, type VoiceInfo } from '../../renderer/audio/system-voice.ts';

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

  const platform = (behaviour: 'end' | 'error' | 'never' | 'no-end'): SpeechPlatform<VoiceInfo> & { spoken: string[]; cancelled: number } => {
    const p = {
      spoken: [] as string[],
      cancelled: 0,
      getVoices: () => [v('es-CO')],
      speak(text: string, _voice: VoiceInfo, h: SpeechHandlers) {
        p.spoken.push(text);
        if (behaviour === 'end' || behaviour === 'no-end') setTimeout(h.onStart, 5);
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
    expect(await speakWith(p, v('es-CO'), 'Turno F 0 2 3, módulo 4')).toBe('ended');
    expect(p.spoken).toEqual(['Turno F 0 2 3, módulo 4']);
  });

  it('rejects on a speech error', async () => {
    await expect(speakWith(platform('error'), v('es-CO'), 'x')).rejects.toThrow(/not-allowed/);
  });

  it('gives up (and cancels) when the speech never starts: another voice must call the ticket', async () => {
    vi.useFakeTimers();
    const p = platform('never');
    const spoken = speakWith(p, v('es-CO'), 'Turno F 0 2 3');
    const assertion = expect(spoken).rejects.toThrow(/never started/);
    await vi.advanceTimersByTimeAsync(60_000);
    await assertion;
    expect(p.cancelled).toBe(1);
  });

  it('a speech that started but whose end never comes is cut at the limit and counts as said ("cut"): the hall heard it, it is not said again', async () => {
    vi.useFakeTimers();
    const p = platform('no-end');
    const spoken = speakWith(p, v('es-CO'), 'Turno F 0 2 3');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await spoken).toBe('cut');
    expect(p.cancelled).toBe(1);
  });
});

describe('browserSpeech', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('ends a speech when the platform stops speaking even if its end event never fires (a Chromium bug on long days)', async () => {
    vi.useFakeTimers();
    const synth = { speaking: false, utterance: null as null | { onstart?: () => void; onend?: () => void }, getVoices: () => [], cancel: vi.fn(), speak(u: { onstart?: () => void }) {
      synth.utterance = u;
      synth.speaking = true;
    } };
    vi.stubGlobal('speechSynthesis', synth);
    vi.stubGlobal('SpeechSynthesisUtterance', class { constructor(readonly text: string) {} });
    const platform = browserSpeech()!;
    const ended = vi.fn();
    platform.speak('Turno F 0 2 3', v('es-CO') as unknown as SpeechSynthesisVoice, { onStart: () => undefined, onEnd: ended, onError: () => undefined });
    synth.utterance!.onstart!();
    await vi.advanceTimersByTimeAsync(2000);
    expect(ended).not.toHaveBeenCalled();
    synth.speaking = false; // said, and no 'end' event
    await vi.advanceTimersByTimeAsync(1000);
    expect(ended).toHaveBeenCalledTimes(1);
    synth.utterance!.onend?.(); // a late end event changes nothing
    expect(ended).toHaveBeenCalledTimes(1);
  });
});
