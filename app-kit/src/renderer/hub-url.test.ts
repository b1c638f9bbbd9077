import { describe, expect, it } from 'vitest';
import { hubUrl } from './hub-url.ts';

const page = (search: string) => ({ protocol: 'http:', host: '192.168.1.10:8080', hostname: '192.168.1.10', search });

describe('hubUrl', () => {
  it('is the hub that served the page, unless ?hub= names another port of the same host (tests, a second hub on the box)', () => {
    expect(hubUrl(page(''))).toBe('ws://192.168.1.10:8080/ws');
    expect(hubUrl(page('?hub=ws://192.168.1.10:9000/ws'))).toBe('ws://192.168.1.10:9000/ws');
  });

  it('never another host: a link must not send the stored session or device token, or a typed password, elsewhere', () => {
    for (const evil of ['ws://attacker.example/ws', 'wss://10.0.0.66:8080/ws', 'ws://192.168.1.10.attacker.example/ws', 'ws://user@192.168.1.100/ws', 'javascript:alert(1)']) {
      expect(hubUrl(page(`?hub=${encodeURIComponent(evil)}`)), evil).toBe('ws://192.168.1.10:8080/ws');
    }
  });
});
