import type { I18n } from '@turnero/app-kit/renderer';
import type { messages } from './messages.ts';

/** The kiosk's translator: Spanish and English over the kiosk's message keys. */
export type KioskI18n = I18n<(typeof messages)['es']>;
