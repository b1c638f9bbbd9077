import type { Lang } from '@turnero/protocol';
import { I18n } from '@turnero/app-kit/renderer';
import { en } from './strings-en.ts';
import { es } from './strings-es.ts';

export type DeskI18n = I18n<typeof es>;
export type StringKey = keyof typeof es;

const LANG_KEY = 'turnero.desk.lang';

/** The desk's texts, Spanish unless this device was switched to English before. */
export function createDeskI18n(storage: Pick<Storage, 'getItem' | 'setItem'> | null): DeskI18n {
  let saved: string | null = null;
  try {
    saved = storage?.getItem(LANG_KEY) ?? null;
  } catch {
    saved = null;
  }
  return new I18n<typeof es>({ es, en }, saved === 'en' ? 'en' : 'es');
}

/** Switches the language and remembers it on this device. */
export function toggleLang(i18n: DeskI18n, storage: Pick<Storage, 'getItem' | 'setItem'> | null): Lang {
  i18n.toggle();
  try {
    storage?.setItem(LANG_KEY, i18n.lang);
  } catch {
    // NOTE: private mode or full storage: the switch still holds for this page.
  }
  return i18n.lang;
}
