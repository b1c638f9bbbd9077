/** Where a device keeps its token: localStorage in a browser; the Electron preload may provide its own. */
export interface TokenStore {
  get(): string | null;
  set(token: string): void;
  clear(): void;
}

export function localTokenStore(key: string, storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> = globalThis.localStorage): TokenStore {
  return {
    get: () => {
      try {
        return storage.getItem(key);
      } catch {
        return null;
      }
    },
    set: (token) => storage.setItem(key, token),
    clear: () => storage.removeItem(key),
  };
}

/**
 * A link like `/kiosk/#token=…` (printed by the demo hub, or given by an admin) pairs the device at once:
 * the token is stored and removed from the address bar.
 */
export function adoptHashToken(tokens: TokenStore, loc: Pick<Location, 'hash' | 'pathname' | 'search'> | undefined = globalThis.location, hist: Pick<History, 'replaceState'> | undefined = globalThis.history): void {
  const match = loc ? /(^#|&)token=([A-Za-z0-9_-]{20,200})(?=&|$)/.exec(loc.hash) : null;
  if (!match?.[2] || !loc) return;
  tokens.set(match[2]);
  const rest = loc.hash.replace(match[0], match[1] === '#' ? '#' : '').replace(/^#&/, '#');
  hist?.replaceState(null, '', `${loc.pathname}${loc.search}${rest === '#' ? '' : rest}`);
}
