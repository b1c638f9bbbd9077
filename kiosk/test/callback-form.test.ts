import '@turnero/app-kit/testing/runes';
import { describe, expect, it } from 'vitest';
import { requestPayloads } from '@turnero/protocol';
import { CallbackForm, isPhone } from '../renderer/lib/callback-form.svelte.ts';
import { RequestKey } from '../renderer/lib/request-key.ts';

describe('CallbackForm', () => {
  it("isPhone: 7 to 15 digits, nothing else (the form and the ticket's optional phone share it)", () => {
    expect(['300123', '3001234', '300123456789012', '3001234567890123', '300 1234', ''].map(isPhone)).toEqual([false, true, true, false, false, false]);
  });

  it('types on the on-screen keyboard with capitals at each word of a name', () => {
    const form = new CallbackForm(new RequestKey(() => 'key-abcdefgh'));
    for (const k of ['M', 'A', 'R', 'Í', 'A', ' ', 'J', 'O', 'S', 'É', '-', 'L', 'U']) form.type(k);
    expect(form.name).toBe('María José-Lu');
    form.backspace();
    form.backspace();
    expect(form.name).toBe('María José-');
  });

  it('keeps only what each field accepts', () => {
    const form = new CallbackForm(new RequestKey(() => 'key-abcdefgh'));
    form.set('name', '  Ana<script>  9 Pérez');
    expect(form.name).toBe('Anascript Pérez');
    form.set('phone', '+57 (300) 123-4567 ext 99999');
    expect(form.phone).toBe('573001234567999');
    form.active = 'phone';
    form.type('1');
    expect(form.phone).toHaveLength(15);
    form.set('other', 'x'.repeat(400));
    expect(form.other).toHaveLength(300);
    expect(form.reason).toBe('other');
  });

  it('is valid with a name, a 7+ digit phone and a reason; its payload passes the protocol schema', () => {
    const form = new CallbackForm(new RequestKey(() => 'key-abcdefgh'));
    expect(form.problems).toEqual({ name: true, phone: true, reason: true });
    expect(form.payload(null, () => 'x')).toBeNull();
    form.set('name', 'Pedro');
    form.set('phone', '310555');
    form.chooseReason('other');
    expect(form.active).toBe('other');
    expect(form.problems).toEqual({ name: false, phone: true, reason: true });
    form.set('phone', '3105551');
    form.type('factura alta');
    expect(form.valid).toBe(true);
    const payload = form.payload('reclamos', () => 'unused');
    expect(payload).toEqual({ serviceId: 'reclamos', name: 'Pedro', phone: '3105551', reason: 'Factura alta', idempotencyKey: 'key-abcdefgh' });
    expect(requestPayloads.request_callback.safeParse(payload).success).toBe(true);
    form.chooseReason('outage');
    expect(form.payload(null, (r) => `preset ${r}`)?.reason).toBe('preset outage');
  });
});
