import { describe, expect, it } from 'vitest';
import { ErrorCode, HubError, refused } from '@turnero/protocol';
import { translate } from '@turnero/app-kit/translate';
import { formatClock, formatDay, formatDecimal, formatMinutes, formatTimer, formatWhen } from '../renderer/shared/format.ts';
import { deskError, deskErrorText, errorKey } from '../renderer/shared/error-text.ts';
import type { DeskI18n } from '../renderer/shared/i18n.ts';
import { en } from '../renderer/shared/strings-en.ts';
import { es } from '../renderer/shared/strings-es.ts';
import { routeOf } from '../renderer/routes.ts';

/** The desk's texts in one language, through I18n's own lookup (its reactive language needs Svelte's compiler, which unit tests do without). */
function texts(lang: 'es' | 'en'): DeskI18n {
  return { lang, t: (key: keyof typeof es, params?: Record<string, string | number>) => translate({ es, en }, lang, key, params) } as unknown as DeskI18n;
}

describe('desk formatting and small helpers', () => {
  it('formats timers, waits, clock times and days', () => {
    expect(formatTimer(0)).toBe('0:00');
    expect(formatTimer(-5_000)).toBe('0:00');
    expect(formatTimer(65_999)).toBe('1:05');
    expect(formatTimer(3_729_000)).toBe('1:02:09');
    expect(formatMinutes(59_999)).toBe('0 min');
    expect(formatMinutes(12 * 60_000)).toBe('12 min');
    expect(formatMinutes(65 * 60_000)).toBe('1 h 05 min');
    // 15:32 UTC is 10:32 in Bogotá (UTC−5, no daylight saving).
    expect(formatClock(Date.UTC(2025, 2, 14, 15, 32), 'America/Bogota', 'es')).toBe('10:32');
    expect(formatDay('2025-03-14', 'es')).toBe('14/03/2025');
    expect(formatDecimal(8.46, 'es')).toBe('8,5');
    expect(formatDecimal(3, 'en')).toBe('3.0');
    expect(formatDay('2025-03-14', 'en')).toBe('03/14/2025');
    // A list that spans days says the day of what is not from today (in the office's zone).
    const now = Date.UTC(2025, 2, 14, 15, 32);
    expect(formatWhen(Date.UTC(2025, 2, 14, 5, 10), now, 'America/Bogota', 'es')).toBe('00:10');
    expect(formatWhen(Date.UTC(2025, 2, 14, 4, 50), now, 'America/Bogota', 'es')).toBe('13/03 23:50');
    expect(formatWhen(Date.UTC(2025, 2, 11, 15, 0), now, 'America/Bogota', 'en')).toBe('03/11 10:00');
  });

  it('has a plain text for the hub’s refusals and a generic one for the rest', () => {
    expect(errorKey('COUNTER_HELD')).toBe('error.COUNTER_HELD');
    expect(errorKey('CONNECTION_LOST')).toBe('error.OFFLINE');
    expect(errorKey('SOMETHING_NEW')).toBe('error.other');
  });

  it('words any hub refusal at the desk with its reason’s text, as the console does; other errors by their code', () => {
    const said = (lang: 'es' | 'en', error: unknown, params?: Record<string, string>) => deskErrorText(texts(lang), deskError(error), params);
    expect(deskError(refused({ reason: 'transfer_mode' }, 'mode'))).toEqual({ code: ErrorCode.INVALID_ARGUMENT, refusal: { reason: 'transfer_mode' } });
    expect(said('es', refused({ reason: 'transfer_counter_closed' }, 'closed'))).toBe('Ese módulo está cerrado: transfiera el turno a su servicio.');
    // Not only the one the desk used to special-case: every reason, with its parameters, in either language.
    expect(said('es', refused({ reason: 'transfer_mode' }, 'mode'))).toBe('Un turno no pasa entre un servicio presencial y uno por video.');
    expect(said('en', refused({ reason: 'ticket_changed' }, 'changed'))).toBe('The ticket at that counter changed while you decided: look again and retry.');
    expect(said('es', refused({ reason: 'holder_changed', holder: 'Laura' }, 'held'))).toBe('Ahora Laura ocupa este módulo: no se liberó nada.');
    // A reason from a newer hub is no refusal this desk knows: the generic text of its code, never the hub's English.
    const newer = new HubError(ErrorCode.INVALID_ARGUMENT, 'a newer rule', { reason: 'from_a_newer_hub' });
    expect(deskError(newer)).toEqual({ code: ErrorCode.INVALID_ARGUMENT, refusal: null });
    expect(said('es', newer)).toBe('La solicitud no es válida para ese turno.');
    expect(said('es', new HubError(ErrorCode.COUNTER_HELD, 'held'), { counter: 'Módulo 1', holder: 'Laura Pérez' })).toBe('Módulo 1 está ocupado por Laura Pérez. Elija otro módulo.');
    expect(said('en', new HubError(ErrorCode.QUEUE_EMPTY, 'none'))).toBe(translate({ es, en }, 'en', 'error.QUEUE_EMPTY'));
    expect(deskError(new Error('boom'))).toEqual({ code: ErrorCode.INTERNAL, refusal: null });
    expect(said('es', new Error('boom'))).toBe(es['error.other']);
  });

  it('routes #/pad to the rating pad and anything else to the desk', () => {
    expect(routeOf('#/pad')).toBe('pad');
    expect(routeOf('#pad')).toBe('pad');
    expect(routeOf('#/pad&token=abcdefghijklmnopqrstuvwxyz')).toBe('pad');
    expect(routeOf('')).toBe('desk');
    expect(routeOf('#/padding')).toBe('desk');
  });
});
