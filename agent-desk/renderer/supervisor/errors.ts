import { ErrorCode, HubError, refusalOf, type RefusalReason } from '@turnero/protocol';
import { errorKey } from '../shared/error-text.ts';
import type { DeskI18n, StringKey } from '../shared/i18n.ts';

/** The console's sentence for each refusal the hub words in `details` (every one of them: the compiler checks). */
const REFUSAL_TEXT: Record<RefusalReason, StringKey> = {
  unknown_group: 'sup.refusal.unknown_group',
  prefix_in_use: 'sup.refusal.prefix_in_use',
  service_has_waiting: 'sup.refusal.service_has_waiting',
  unknown_services: 'sup.refusal.unknown_services',
  service_listed_twice: 'sup.refusal.service_listed_twice',
  counter_needs_name: 'sup.refusal.counter_needs_name',
  preferential_ids_repeated: 'sup.refusal.preferential_ids_repeated',
  fairness_all_zero: 'sup.refusal.fairness_all_zero',
  preferential_class_in_use: 'sup.refusal.preferential_class_in_use',
  password_required: 'sup.refusal.password_required',
  username_taken: 'sup.refusal.username_taken',
  cannot_demote_self: 'sup.refusal.cannot_demote_self',
  printer_only_kiosk: 'sup.refusal.printer_only_kiosk',
  keypad_needs_counter: 'sup.refusal.keypad_needs_counter',
  range_inverted: 'sup.refusal.range_inverted',
  range_too_long: 'sup.refusal.range_too_long',
};

/**
 * A hub refusal in plain words for the console: a refused change in the console's language (the
 * hub says why in `details`), other validation errors with the hub's message (it names the field),
 * ALREADY_CLAIMED its own text, the rest the desk's texts with the code.
 */
export function supervisorError(i18n: DeskI18n, error: unknown): string {
  if (!(error instanceof HubError)) return i18n.t('error.other');
  const refusal = refusalOf(error);
  if (refusal) {
    const { reason, ...params } = refusal;
    return i18n.t(REFUSAL_TEXT[reason], params);
  }
  if (error.code === ErrorCode.ALREADY_CLAIMED) return i18n.t('sup.error.ALREADY_CLAIMED');
  if (error.code === ErrorCode.INVALID_ARGUMENT || error.code === ErrorCode.INVALID_MESSAGE) return i18n.t('sup.error.invalid', { message: error.message });
  return i18n.t('sup.error.code', { text: i18n.t(errorKey(error.code)), code: error.code });
}
