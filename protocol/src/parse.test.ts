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
