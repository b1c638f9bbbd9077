import type { Lang } from '@turnero/protocol';
import { announcementFor } from '../lib/announcement.ts';
import type { StepOutcome } from '../lib/announcer.ts';
import type { Call } from '../lib/call.ts';
import type { VoiceMode } from '../lib/settings.ts';
import { pickVoice, speakWith, type SpeechPlatform, type VoiceInfo } from './system-voice.ts';

/** Anything that can say an announcement with recorded words. */
export interface RecordedSpeech {
  say(announcement: ReturnType<typeof announcementFor>): Promise<StepOutcome>;
}

/**
 * Says a call: with the platform's voice when it has one for the language (and `voice` is 'auto'),
 * otherwise, or when that voice fails, with the recorded words shipped with the app. A platform
 * voice that spoke but never ended is not used again.
 */
export class Speaker<V extends VoiceInfo = SpeechSynthesisVoice> {
  /** The platform voice once spoke without ever ending: it is not used again (each call would wait for it). */
  #platformStalls = false;

  constructor(
    private readonly lang: Lang,
    private readonly mode: VoiceMode,
    private readonly recorded: RecordedSpeech,
    private readonly platform: SpeechPlatform<V> | null,
  ) {}

  async speak(call: Call): Promise<StepOutcome> {
    const announcement = announcementFor(call, this.lang);
    const voice = this.mode === 'auto' && this.platform && !this.#platformStalls ? pickVoice(this.platform.getVoices(), this.lang) : null;
    if (voice && this.platform) {
      try {
        if ((await speakWith(this.platform, voice, announcement.text)) === 'ended') return { engine: 'system', detail: `${announcement.text} (${voice.name})`, peak: null };
        // Heard, but its end never came: not said again now; the recorded voice from the next call on.
        this.#platformStalls = true;
        return { engine: 'system', detail: `${announcement.text} (${voice.name}; no end of speech: the recorded voice from now on)`, peak: null };
      } catch {
        // NOTE: the platform voice failed (no audio device, policy): the recorded voice still calls the ticket.
      }
    }
    return this.recorded.say(announcement);
  }
}
