import { afterEach, describe, expect, it, vi } from 'vitest';
import { Speaker, type RecordedSpeech } from '../../renderer/audio/speaker.ts';
import type { SpeechHandlers, SpeechPlatform, VoiceInfo } from '../../renderer/audio/system-voice.ts';
import type { Announcement } from '../../renderer/lib/announcement.ts';
import type { Call } from '../../renderer/lib/call.ts';

const call: Call = { ticketId: 't1', number: 'F-023', serviceId: 's', counterId: 'modulo-4', counterName: 'Módulo 4', at: 1, recall: false };

function recorded(): RecordedSpeech & { said: Announcement[] } {
  const r = {
    said: [] as Announcement[],
    say: async (a: Announcement) => {
      r.said.push(a);
      return { engine: 'recorded' as const, detail: a.phrases.flat().join(' '), peak: 0.7 };
    },
  };
  return r;
}

function platform(voices: VoiceInfo[], behaviour: 'ends' | 'fails' | 'never-ends' = 'ends'): SpeechPlatform<VoiceInfo> & { spoken: string[] } {
  const p = {
    spoken: [] as string[],
    getVoices: () => voices,
    speak: (text: string, _v: VoiceInfo, h: SpeechHandlers) => {
      p.spoken.push(text);
      if (behaviour === 'fails') setTimeout(() => h.onError('audio-busy'), 1);
      else h.onStart();
      if (behaviour === 'ends') setTimeout(h.onEnd, 1);
    },
    cancel: () => undefined,
  };
  return p;
}

const spanish = { lang: 'es-CO', name: 'Colombia', localService: true };

describe('Speaker', () => {
  afterEach(() => vi.useRealTimers());

  it('uses the platform voice when it has one for the language', async () => {
    const p = platform([spanish]);
    const r = recorded();
    const outcome = await new Speaker('es', 'auto', r, p).speak(call);
    expect(outcome).toEqual({ engine: 'system', detail: 'Turno F 0 2 3, módulo 4 (Colombia)', peak: null });
    expect(p.spoken).toEqual(['Turno F 0 2 3, módulo 4']);
    expect(r.said).toEqual([]);
  });

  it('falls back to the recorded voice without a Spanish voice, or when the platform voice fails', async () => {
    const none = await new Speaker('es', 'auto', recorded(), platform([{ lang: 'en-US', name: 'US', localService: true }])).speak(call);
    expect(none.engine).toBe('recorded');
    expect(none.detail).toBe('intro letter-f number-0 number-2 number-3 counter number-4');
    const failing = await new Speaker('es', 'auto', recorded(), platform([spanish], 'fails')).speak(call);
    expect(failing.engine).toBe('recorded');
    expect((await new Speaker('es', 'auto', recorded(), null).speak(call)).engine).toBe('recorded');
  });

  it('a platform voice that starts but never ends is cut, not repeated by the recorded voice, and not used again (each call would wait for it)', async () => {
    vi.useFakeTimers();
    const p = platform([spanish], 'never-ends');
    const r = recorded();
    const speaker = new Speaker('es', 'auto', r, p);
    const first = speaker.speak(call);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await first).toMatchObject({ engine: 'system', detail: expect.stringContaining('no end of speech') });
    expect(r.said).toEqual([]);
    expect((await speaker.speak({ ...call, ticketId: 't2', number: 'F-024' })).engine).toBe('recorded');
    expect(p.spoken).toHaveLength(1);
  });

  it("voice 'recorded' never uses the platform voice", async () => {
    const p = platform([spanish]);
    const outcome = await new Speaker('es', 'recorded', recorded(), p).speak(call);
    expect(outcome.engine).toBe('recorded');
    expect(p.spoken).toEqual([]);
  });
});
