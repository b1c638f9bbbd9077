import { describe, expect, it } from 'vitest';
import { allowNavigation, allowPermission, parseShellConfig } from './policy.ts';

const origin = 'http://192.168.1.10:8080';

describe('Electron shell policy', () => {
  it('denies every permission unless media is allowed, and then only media from the app origin', () => {
    expect(allowPermission('media', `${origin}/kiosk/`, origin, false)).toBe(false);
    expect(allowPermission('media', `${origin}/kiosk/`, origin, true)).toBe(true);
    expect(allowPermission('media', 'http://evil.example/', origin, true)).toBe(false);
    expect(allowPermission('geolocation', `${origin}/`, origin, true)).toBe(false);
    expect(allowPermission('media', 'not a url', origin, true)).toBe(false);
  });

  it('keeps navigation inside the app origin', () => {
    expect(allowNavigation(`${origin}/display/`, origin)).toBe(true);
    expect(allowNavigation('https://example.com/', origin)).toBe(false);
    expect(allowNavigation('file:///etc/passwd', origin)).toBe(false);
    expect(allowNavigation('javascript:alert(1)', origin)).toBe(false);
  });

  it('parses the device config with defaults and clear errors', () => {
    expect(parseShellConfig({})).toEqual({ hubUrl: 'http://127.0.0.1:8080', display: 0, printer: null, keypadPort: null, counterId: null });
    expect(parseShellConfig({ hubUrl: 'http://10.0.0.2:8080/x', display: 1, printer: 'tcp://10.0.0.9:9100' })).toMatchObject({ hubUrl: 'http://10.0.0.2:8080', display: 1, printer: 'tcp://10.0.0.9:9100' });
    expect(() => parseShellConfig({ hubUrl: 'ftp://x' })).toThrow(/http/);
    expect(() => parseShellConfig({ hubUrl: '::' })).toThrow(/not a URL/);
    expect(() => parseShellConfig({ display: -1 })).toThrow(/screen/);
  });
});
