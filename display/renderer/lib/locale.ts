import type { Lang } from '@turnero/protocol';

/** The BCP 47 locale for dates and times: Colombian Spanish, or US English. */
export function locale(lang: Lang): string {
  return lang === 'en' ? 'en-US' : 'es-CO';
}
