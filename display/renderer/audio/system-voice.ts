import type { Lang } from '@turnero/protocol';

/** What the display needs of a Web Speech voice. */
export interface VoiceInfo {
  lang: string;
  name: string;
  localService: boolean;
}

/** The Web Speech API, as far as the display uses it. */
export interface SpeechPlatform<V extends VoiceInfo = SpeechSynthesisVoice> {
  getVoices(): V[];
  speak(text: string, voice: V, handlers: { onEnd: () => void; onError: (reason: string) => void }): void;
  cancel(): void;
}

/** Preferred voice languages, best first: Colombian Spanish, then Latin American, then any Spanish. */
const PREFERENCE: Record<Lang, string[]> = {
  es: ['es-co', 'es-419', 'es-us', 'es-mx', 'es'],
  en: ['en-us', 'en-gb', 'en'],
};

/**
 * The best installed voice for a language, or null. Only local voices: a network voice (Chrome's
 * "Google español") fails when the office's internet is down, which must not silence the hall.
 */
export function pickVoice<V extends VoiceInfo>(voices: readonly V[], lang: Lang): V | null {
  const local = voices.filter((v) => v.localService);
  for (const wanted of PREFERENCE[lang]) {
    const found = local.find((v) => {
      const tag = v.lang.toLowerCase().replace('_', '-');
      return tag === wanted || (wanted === lang && tag.startsWith(`${lang}-`));
    });
    if (found) return found;
  }
  return null;
}

/** The browser's speechSynthesis, or null where there is none. */
export function browserSpeech(): SpeechPlatform | null {
  const synth = globalThis.speechSynthesis;
  if (!synth || typeof SpeechSynthesisUtterance === 'undefined') return null;
  synth.getVoices(); // NOTE: Chromium loads its voice list on the first call; by the first announcement it is there.
  return {
    getVoices: () => synth.getVoices(),
    speak(text, voice, handlers) {
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.voice = voice;
      utterance.lang = voice.lang;
      utterance.rate = 0.9;
      utterance.onend = () => handlers.onEnd();
      utterance.onerror = (event) => handlers.onError(event.error);
      synth.speak(utterance);
    },
    cancel: () => synth.cancel(),
  };
}

/** Speaks with the platform's voice; rejects when it fails or takes far longer than the text needs. */
export function speakWith<V extends VoiceInfo>(platform: SpeechPlatform<V>, voice: V, text: string): Promise<void> {
  const limitMs = 5000 + text.length * 150;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      platform.cancel();
      reject(new Error('system voice: no end of speech'));
    }, limitMs);
    platform.speak(text, voice, {
      onEnd: () => {
        clearTimeout(timer);
        resolve();
      },
      onError: (reason) => {
        clearTimeout(timer);
        reject(new Error(`system voice: ${reason}`));
      },
    });
  });
}
