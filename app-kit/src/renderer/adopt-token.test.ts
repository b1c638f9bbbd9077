import { describe, expect, it, vi } from 'vitest';
import { adoptHashToken, type TokenStore } from './token-store.ts';

function memoryStore(): TokenStore & { value: string | null } {
  const s = { value: null as string | null, get: () => s.value, set: (t: string) => void (s.value = t), clear: () => void (s.value = null) };
  return s;
}

describe('adoptHashToken', () => {
  it('stores a #token= link and removes it from the address bar', () => {
    const store = memoryStore();
    const replaceState = vi.fn();
    adoptHashToken(store, { hash: '#token=abcdefghijklmnopqrstuvwxyz_0123', pathname: '/kiosk/', search: '?lang=es' }, { replaceState });
    expect(store.value).toBe('abcdefghijklmnopqrstuvwxyz_0123');
    expect(replaceState).toHaveBeenCalledWith(null, '', '/kiosk/?lang=es');
  });

  it('keeps the rest of the fragment (an app route)', () => {
    const store = memoryStore();
    const replaceState = vi.fn();
    adoptHashToken(store, { hash: '#/pad&token=abcdefghijklmnopqrstuvwxyz_0123', pathname: '/agent/', search: '' }, { replaceState });
    expect(store.value).toBe('abcdefghijklmnopqrstuvwxyz_0123');
    expect(replaceState).toHaveBeenCalledWith(null, '', '/agent/#/pad');
    adoptHashToken(store, { hash: '#token=abcdefghijklmnopqrstuvwxyz_0124&lang=en', pathname: '/k/', search: '' }, { replaceState });
    expect(replaceState).toHaveBeenLastCalledWith(null, '', '/k/#lang=en');
  });

  it('ignores other fragments and malformed tokens', () => {
    const store = memoryStore();
    const replaceState = vi.fn();
    adoptHashToken(store, { hash: '#token=short', pathname: '/', search: '' }, { replaceState });
    adoptHashToken(store, { hash: '#/pad', pathname: '/', search: '' }, { replaceState });
    expect(store.value).toBeNull();
    expect(replaceState).not.toHaveBeenCalled();
  });
});
