import type { DeskI18n, StringKey } from './i18n.ts';

/** A text with a `…One` and a `…Many` form (as PushFlag's pushes), named by what they share. */
export type PluralKey = { [K in StringKey]: K extends `${infer B}One` ? (`${B}Many` extends StringKey ? B : never) : never }[StringKey];

/**
 * The form of `key` a count agrees with in the console's language (Intl.PluralRules: "1 cerrada",
 * "0 cerradas", "2 cerradas"), filled with `{n}` = count and `params`.
 */
export function plural(i18n: DeskI18n, key: PluralKey, count: number, params: Record<string, string | number> = {}): string {
  const one = new Intl.PluralRules(i18n.lang === 'es' ? 'es-CO' : 'en-US').select(count) === 'one';
  return i18n.t(`${key}${one ? 'One' : 'Many'}` as StringKey, { n: count, ...params });
}
