import type { Lang } from '@turnero/protocol';

/** What the display needs of a Web Speech voice. */
export interface VoiceInfo {
  lang: string;
  name: string;
  localService: boolean;
}

/** What a platform says of one utterance: it started, it ended (once), or it failed. */
export interface SpeechHandlers {
  onStart: () => void;
  onEnd: () => void;
  onError: (reason: string) => void;
}

/** The Web Speech API, as far as the display uses it. */
export interface SpeechPlatform<V extends VoiceInfo = SpeechSynthesisVoice> {
  getVoices(): V[];
  speak(text: string, voice: V, handlers: SpeechHandlers): void;
  cancel(): void;
}

/** How often a started speech is checked for having stopped, for when the platform's end event never comes. */
const SPEAKING_POLL_MS = 250;

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
      let poll: ReturnType<typeof setInterval> | null = null;
      let done = false;
      const finish = (report: () => void) => {
        if (poll) clearInterval(poll);
        if (done) return;
        done = true;
        report();
      };
      utterance.onstart = () => {
        handlers.onStart();
        // NOTE: Chromium sometimes never fires 'end' (long-running pages, some voices): a speech that has
        // stopped counts as ended, so the next call is not held back and the number is not said twice.
        poll = setInterval(() => synth.speaking || finish(handlers.onEnd), SPEAKING_POLL_MS);
      };
      utterance.onend = () => finish(handlers.onEnd);
      utterance.onerror = (event) => finish(() => handlers.onError(event.error));
      synth.speak(utterance);
    },
    cancel: () => synth.cancel(),
  };
}

/**
 * Speaks with the platform's voice. Resolves 'ended' when it ends; 'cut' when it started but went
 * on far longer than the text needs (it is cancelled, and counts as said: the hall heard it, another
 * voice must not say it again). Rejects when it fails or never starts: then another voice calls the ticket.
 */
export function speakWith<V extends VoiceInfo>(platform: SpeechPlatform<V>, voice: V, text: string): Promise<'ended' | 'cut'> {
  const limitMs = 5000 + text.length * 150;
  return new Promise((resolve, reject) => {
    let started = false;
    const timer = setTimeout(() => {
      platform.cancel();
      if (started) resolve('cut');
      else reject(new Error('system voice: speech never started'));
    }, limitMs);
    platform.speak(text, voice, {
      onStart: () => (started = true),
      onEnd: () => {
        clearTimeout(timer);
        resolve('ended');
      },
      onError: (reason) => {
        clearTimeout(timer);
        reject(new Error(`system voice: ${reason}`));
      },
    });
  });
}
