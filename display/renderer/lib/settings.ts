import type { Lang } from '@turnero/protocol';

/** Where the display keeps its device token (localStorage). */
export const TOKEN_KEY = 'turnero.display.token';

/** How the display speaks: the platform's voice when it has one for the language, or always the recorded one. */
export type VoiceMode = 'auto' | 'recorded';

export interface DisplaySettings {
  lang: Lang;
  voice: VoiceMode;
  /** Show the waiting count per service. */
  waiting: boolean;
}

/**
 * The display's options from its URL (no settings screen: nobody touches a hall display):
 * `?lang=en` (screen and voice in English), `?voice=recorded` (skip the platform voice),
 * `?waiting=off` (hide the waiting counts). Anything else falls back to the defaults.
 */
export function parseSettings(search: string): DisplaySettings {
  const params = new URLSearchParams(search);
  return {
    lang: params.get('lang') === 'en' ? 'en' : 'es',
    voice: params.get('voice') === 'recorded' ? 'recorded' : 'auto',
    waiting: params.get('waiting') !== 'off',
  };
}
