import { describe, expect, it } from 'vitest';
import { ErrorCode } from './errors.ts';
import { parseRequest, parseServerMessage } from './parse.ts';
import { requestPayloads } from './requests.ts';

describe('parseRequest', () => {
  it('accepts a valid request and types its payload', () => {
    const r = parseRequest(JSON.stringify({ id: '1', type: 'issue_ticket', payload: { serviceId: 'pagos', preferentialClass: null, accountNumber: '1234567', lang: 'es', idempotencyKey: 'abcdefgh' } }));
    expect(r.ok).toBe(true);
    if (r.ok && r.request.type === 'issue_ticket') expect(r.request.payload.accountNumber).toBe('1234567');
  });

  it.each([
    ['{', ErrorCode.BAD_JSON, null],
    ['[]', ErrorCode.INVALID_MESSAGE, null],
    ['{"type":"hello"}', ErrorCode.INVALID_MESSAGE, null],
    ['{"id":"7","type":"fly"}', ErrorCode.UNKNOWN_TYPE, '7'],
    ['{"id":"8","type":"hello","payload":{"protocolVersion":"1"}}', ErrorCode.INVALID_MESSAGE, '8'],
    ['{"id":"9","type":"issue_ticket","payload":{"serviceId":"a b","preferentialClass":null,"accountNumber":null,"lang":"es","idempotencyKey":"abcdefgh"}}', ErrorCode.INVALID_MESSAGE, '9'],
    ['{"id":"10","type":"issue_ticket","payload":{"serviceId":"a","preferentialClass":null,"accountNumber":"12ab","lang":"es","idempotencyKey":"abcdefgh"}}', ErrorCode.INVALID_MESSAGE, '10'],
    ['{"id":"11","type":"transfer","payload":{"ticketId":"t","toServiceId":null,"toCounterId":null,"note":""}}', ErrorCode.INVALID_MESSAGE, '11'],
    ['{"id":"12","type":"__proto__","payload":{}}', ErrorCode.UNKNOWN_TYPE, '12'],
    ['{"id":"13","type":"toString","payload":{}}', ErrorCode.UNKNOWN_TYPE, '13'],
  ])('refuses %s with %s', (text, code, id) => {
    const r = parseRequest(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe(code);
      expect(r.id).toBe(id);
    }
  });

  const callback = (phone: string) => ({ serviceId: null, name: 'Ana', phone, reason: 'Factura', idempotencyKey: 'abcdefgh' });
  it.each(['3001234567', '300 123 4567', '+57 300 123 4567', '6075712345', '5712345', '1'.repeat(15)])('takes %j as a phone number', (phone) => {
    expect(requestPayloads.request_callback.safeParse(callback(phone)).success).toBe(true);
    expect(requestPayloads.issue_ticket.safeParse({ serviceId: 'pagos', preferentialClass: null, accountNumber: null, phone, lang: 'es', idempotencyKey: 'abcdefgh' }).success).toBe(true);
  });

  it.each(['       ', '+  1 2 3 4 5 6', '123456', ' 3001234567', '300  123 4567', '3001234567 ', '+', '1'.repeat(16), '+57 300 123 4567 8901'])('refuses %j as a phone number: nobody could be called back', (phone) => {
    expect(requestPayloads.request_callback.safeParse(callback(phone)).success).toBe(false);
    expect(requestPayloads.issue_ticket.safeParse({ serviceId: 'pagos', preferentialClass: null, accountNumber: null, phone, lang: 'es', idempotencyKey: 'abcdefgh' }).success).toBe(false);
  });

  it.each(['tcp://10.0.0.9:9100', 'tcp://printer', 'tcp://[fe80::1]:9100', '/dev/usb/lp0'])('takes %j as a printer address', (printerUri) => {
    expect(requestPayloads.configure_device.safeParse({ deviceId: 'k1', printerUri, paperWidth: 80 }).success).toBe(true);
  });

  it.each(['tcp://10.0.0.9:99999', 'tcp://printer:abc', 'tcp://printer:0', 'tcp://:9100', 'tcp://a:1:2', 'lp0', '/dev/', '/dev/../etc/passwd'])('refuses %j as a printer address: it could never print', (printerUri) => {
    expect(requestPayloads.configure_device.safeParse({ deviceId: 'k1', printerUri, paperWidth: 80 }).success).toBe(false);
  });

  it.each(['2026-02-30', '2026-13-01', '2026-04-31', '2026-2-3', '2026-02-03T00:00'])('refuses a report of %j: no such calendar day (Date would read 2026-02-30 as March 2)', (day) => {
    expect(requestPayloads.report.safeParse({ from: day, to: '2026-12-31' }).success).toBe(false);
    expect(requestPayloads.report.safeParse({ from: '2026-01-01', to: day }).success).toBe(false);
  });

  it('takes a report of real days, 29 February of a leap year among them', () => {
    expect(requestPayloads.report.safeParse({ from: '2024-02-29', to: '2024-03-31' }).success).toBe(true);
  });

  it('has a schema for every request type', () => {
    for (const [type, schema] of Object.entries(requestPayloads)) expect(typeof schema.safeParse, type).toBe('function');
  });
});

describe('parseServerMessage', () => {
  it('reads hub messages and rejects anything else', () => {
    expect(parseServerMessage('{"type":"result","id":"1","data":{}}')).toMatchObject({ type: 'result' });
    expect(parseServerMessage('{"type":"event","seq":3,"event":{"type":"ticket_requeued","at":1,"ticketId":"t1"}}')).toMatchObject({ seq: 3 });
    expect(parseServerMessage('{"type":"event","seq":3,"event":{"type":"bogus"}}')).toBeNull();
    expect(parseServerMessage('nope')).toBeNull();
  });
});
