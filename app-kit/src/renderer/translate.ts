import type { Lang } from '@turnero/protocol';

export type Dictionary = Record<string, string>;

/**
 * `key`'s text in `lang` (Spanish when that language lacks it, the key itself when both do), its
 * `{name}` placeholders filled from `params`; one with no value stays as written. What `I18n.t` does,
 * without the reactive language, so plain unit tests can word things exactly as the apps do.
 */
export function translate<D extends Dictionary>(dictionaries: { es: D; en: { [K in keyof D]: string } }, lang: Lang, key: keyof D & string, params: Record<string, string | number> = {}): string {
  const text = dictionaries[lang][key] ?? dictionaries.es[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}
