import { describe, expect, it } from 'vitest';
import { translate } from '@turnero/app-kit/translate';
import type { DeskI18n } from '../renderer/shared/i18n.ts';
import { plural } from '../renderer/shared/plural.ts';
import { en } from '../renderer/shared/strings-en.ts';
import { es } from '../renderer/shared/strings-es.ts';

/** The desk's texts in one language, through I18n's own lookup (its reactive language needs Svelte's compiler). */
function texts(lang: 'es' | 'en'): DeskI18n {
  return { lang, t: (key: keyof typeof es, params?: Record<string, string | number>) => translate({ es, en }, lang, key, params) } as unknown as DeskI18n;
}

describe('plural: a count agrees with its noun or participle (es/en)', () => {
  it('words one and many in both languages, zero as many', () => {
    const esT = texts('es');
    const enT = texts('en');
    expect([0, 1, 2].map((n) => plural(esT, 'sup.callbacks.closedCount', n))).toEqual(['0 cerradas', '1 cerrada', '2 cerradas']);
    expect([1, 2].map((n) => plural(esT, 'day.ratings', n))).toEqual(['1 calificación', '2 calificaciones']);
    expect([1, 2].map((n) => plural(enT, 'day.ratings', n))).toEqual(['1 rating', '2 ratings']);
    // Agreeing with the total, not the count reached: "Llamado 1 de 1 vez".
    expect(plural(esT, 'current.calls', 1, { n: 1, max: 1 })).toBe('Llamado 1 de 1 vez');
    expect(plural(esT, 'current.calls', 3, { n: 1, max: 3 })).toBe('Llamado 1 de 3 veces');
    expect(plural(enT, 'current.calls', 1, { n: 1, max: 1 })).toBe('Called 1 of 1 time');
    expect(plural(esT, 'notice.recalled', 1, { number: 'A-001', n: 1, limit: 1 })).toBe('A-001 llamado de nuevo (1 de 1 rellamado).');
    expect(plural(enT, 'notice.recalled', 2, { number: 'A-001', n: 1, limit: 2 })).toBe('A-001 called again (1 of 2 recalls).');
    expect(plural(esT, 'sup.cases.recovery', 1, { rate: '100 %', recovered: 1 })).toBe('Tasa de recuperación: 100 % (1 de 1 cerrado)');
    expect(plural(esT, 'sup.reports.caseOpened', 1)).toBe('1 abierto');
  });

  it('has both forms of every counted text in both languages, each with its {n}', () => {
    for (const dict of [es, en]) {
      const keys = Object.keys(dict);
      for (const k of keys.filter((x) => x.endsWith('One'))) {
        const many = `${k.slice(0, -3)}Many`;
        expect(keys, k).toContain(many);
        expect(dict[k as keyof typeof es], k).toContain('{n}');
        expect(dict[many as keyof typeof es], many).toContain('{n}');
      }
    }
  });
});
