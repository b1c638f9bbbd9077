import type { Lang } from '@turnero/protocol';
import { translate, type Dictionary } from './translate.ts';

export type { Dictionary };

/** Reactive language with a dictionary per language; `{name}` placeholders are filled from params. */
export class I18n<D extends Dictionary> {
  lang = $state<Lang>('es');

  constructor(
    readonly dictionaries: { es: D; en: { [K in keyof D]: string } },
    initial: Lang = 'es',
  ) {
    this.lang = initial;
  }

  t(key: keyof D & string, params: Record<string, string | number> = {}): string {
    return translate(this.dictionaries, this.lang, key, params);
  }

  /** A localized name `{es, en}` in the current language. */
  name(n: { es: string; en: string }): string {
    return n[this.lang];
  }

  toggle(): void {
    this.lang = this.lang === 'es' ? 'en' : 'es';
  }
}
