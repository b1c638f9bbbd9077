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
