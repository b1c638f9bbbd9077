import { isPhoneNumber, PHONE_MAX_DIGITS, type RequestPayload } from '@turnero/protocol';
import type { RequestKey } from './request-key.ts';

/** Preset reasons for a callback; 'other' is typed by the customer. */
export const REASONS = ['billing', 'outage', 'payments', 'connection'] as const;
export type ReasonId = (typeof REASONS)[number] | 'other';

/** The field the on-screen keyboard types into. */
export type CallbackField = 'name' | 'phone' | 'other';

export const NAME_MAX = 80;
export const OTHER_MAX = 300;

/** A phone number as the kiosk types one: digits only, within the hub's rule (callback form and the ticket's optional phone). */
export function isPhone(digits: string): boolean {
  return /^\d+$/.test(digits) && isPhoneNumber(digits);
}

const NAME_CHAR = /[\p{L}\p{M} .'-]/u;

/** The "Prefiero que me llamen" form: name, phone and reason, typed on screen or on a keyboard. */
export class CallbackForm {
  name = $state('');
  phone = $state('');
  reason = $state<ReasonId | null>(null);
  other = $state('');
  active = $state<CallbackField>('name');
  /** Problems show only after a first attempt to send. */
  showProblems = $state(false);

  /** One key per form, kept when the customer steps back; a new one once the request changes after a send (RequestKey). */
  constructor(readonly key: RequestKey) {}

  /** Replaces a field's text (typing on a keyboard), keeping only what the field accepts. */
  set(field: CallbackField, text: string): void {
    switch (field) {
      case 'name':
        this.name = [...text].filter((c) => NAME_CHAR.test(c)).join('').replace(/^\s+/, '').replace(/\s{2,}/g, ' ').slice(0, NAME_MAX);
        return;
      case 'phone':
        this.phone = text.replace(/\D/g, '').slice(0, PHONE_MAX_DIGITS);
        return;
      case 'other':
        this.other = text.replace(/^\s+/, '').slice(0, OTHER_MAX);
        if (this.other !== '') this.reason = 'other';
        return;
    }
  }

  /** Adds what an on-screen key types to the active field; names get capitals at each word, reasons at the start. */
  type(text: string): void {
    for (const char of text) {
      const current = this.value(this.active);
      const capital = this.active === 'name' ? current === '' || /[ -]$/.test(current) : current.trim() === '';
      this.set(this.active, current + (capital ? char.toUpperCase() : char.toLowerCase()));
    }
  }

  backspace(): void {
    this.set(this.active, [...this.value(this.active)].slice(0, -1).join(''));
  }

  chooseReason(reason: ReasonId): void {
    this.reason = reason;
    if (reason === 'other') this.active = 'other';
  }

  value(field: CallbackField): string {
    switch (field) {
      case 'name':
        return this.name;
      case 'phone':
        return this.phone;
      case 'other':
        return this.other;
    }
  }

  get problems(): { name: boolean; phone: boolean; reason: boolean } {
    return {
      name: this.name.trim().length < 2,
      phone: !isPhone(this.phone),
      reason: this.reason === null || (this.reason === 'other' && this.other.trim() === ''),
    };
  }

  get valid(): boolean {
    const p = this.problems;
    return !p.name && !p.phone && !p.reason;
  }

  /** The request for the hub; `presetText` names a preset reason (in the office's language, for the staff who call). */
  payload(serviceId: string | null, presetText: (reason: Exclude<ReasonId, 'other'>) => string): RequestPayload<'request_callback'> | null {
    if (!this.valid || this.reason === null) return null;
    const reason = this.reason === 'other' ? this.other.trim() : presetText(this.reason);
    const request = { serviceId, name: this.name.trim(), phone: this.phone, reason };
    return { ...request, idempotencyKey: this.key.for(request) };
  }
}
