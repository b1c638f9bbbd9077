import { I18n } from '@turnero/app-kit/renderer';
import type { Lang } from '@turnero/protocol';

const es = {
  title: 'Turnero — pantalla de sala',
  deviceLabel: 'pantalla de sala',
  ticket: 'Turno',
  recall: 'Llamado de nuevo',
  recent: 'Últimos llamados',
  none: 'Esperando llamados',
  waiting: 'En espera',
  soundBlocked: 'Sonido bloqueado por el navegador: toque la pantalla para activarlo',
};

const en: Record<keyof typeof es, string> = {
  title: 'Turnero — hall display',
  deviceLabel: 'hall display',
  ticket: 'Ticket',
  recall: 'Called again',
  recent: 'Recent calls',
  none: 'Waiting for calls',
  waiting: 'Waiting',
  soundBlocked: 'Sound blocked by the browser: touch the screen to turn it on',
};

/** The display's texts in Spanish (es-CO) and English. */
export function displayI18n(lang: Lang): I18n<typeof es> {
  return new I18n({ es, en }, lang);
}


export type DisplayI18n = ReturnType<typeof displayI18n>;
