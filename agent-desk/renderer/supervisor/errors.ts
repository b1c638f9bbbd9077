import { ErrorCode, HubError, refusalOf } from '@turnero/protocol';
import { errorKey, refusalText } from '../shared/error-text.ts';
import type { DeskI18n } from '../shared/i18n.ts';
import { invalidFields } from './invalid-fields.ts';

/**
 * A hub refusal in plain words for the console: a refused change in the console's language (the
 * hub says why in `details`), a schema failure by the fields it names (`details[].path`, worded as
 * the forms label them), other validation errors with the hub's message, ALREADY_CLAIMED its own
 * text, the rest the desk's texts with the code.
 */
export function supervisorError(i18n: DeskI18n, error: unknown): string {
  if (!(error instanceof HubError)) return i18n.t('error.other');
  const refusal = refusalOf(error);
  if (refusal) return refusalText(i18n, refusal);
  if (error.code === ErrorCode.ALREADY_CLAIMED) return i18n.t('sup.error.ALREADY_CLAIMED');
  if (error.code === ErrorCode.INVALID_MESSAGE) {
    // NOTE: the hub's message ("invalid upsert_user payload") names the request, not the field.
    const fields = invalidFields(i18n, error.details);
    if (fields.length) return i18n.t('sup.error.fields', { fields: fields.join('; ') });
  }
  if (error.code === ErrorCode.INVALID_ARGUMENT || error.code === ErrorCode.INVALID_MESSAGE) return i18n.t('sup.error.invalid', { message: error.message });
  return i18n.t('sup.error.code', { text: i18n.t(errorKey(error.code)), code: error.code });
}
