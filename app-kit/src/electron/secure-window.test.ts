import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const handlers: Record<string, (...args: unknown[]) => unknown> = {};
const created: { options: Record<string, unknown>; loaded: string[] }[] = [];
const crashRenderer = vi.fn();
/** What the next loads do: Electron rejects loadURL's promise when the page does not load (hub down). */
let loadOutcome: () => Promise<void> = () => Promise.resolve();

vi.mock('electron', () => {
  class BrowserWindow {
    loaded: string[] = [];
    webContents = {
      session: {
        setPermissionRequestHandler: (fn: (...a: unknown[]) => unknown) => (handlers.permissionRequest = fn),
        setPermissionCheckHandler: (fn: (...a: unknown[]) => unknown) => (handlers.permissionCheck = fn),
      },
      setWindowOpenHandler: (fn: (...a: unknown[]) => unknown) => (handlers.windowOpen = fn),
      on: (name: string, fn: (...a: unknown[]) => unknown) => (handlers[name] = fn),
      forcefullyCrashRenderer: crashRenderer,
    };
    constructor(options: Record<string, unknown>) {
      created.push({ options, loaded: this.loaded });
    }
    loadURL(url: string) {
      this.loaded.push(url);
      return loadOutcome();
    }
    isDestroyed() {
      return false;
    }
  }
  const display = { bounds: { x: 0, y: 0, width: 1920, height: 1080 } };
  return {
    app: { isPackaged: true },
    BrowserWindow,
    Menu: { setApplicationMenu: vi.fn() },
    screen: { getAllDisplays: () => [display], getPrimaryDisplay: () => display },
  };
});

const { createSecureWindow } = await import('./secure-window.ts');

describe('createSecureWindow (electron mocked)', () => {
  beforeEach(() => {
    created.length = 0;
    crashRenderer.mockClear();
  });
  afterEach(() => {
    vi.useRealTimers();
    loadOutcome = () => Promise.resolve();
  });

  it('a load that fails (the hub is down at boot) is no unhandled rejection: did-fail-load retries it, and the main process shows no error dialog', async () => {
    vi.useFakeTimers();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      loadOutcome = () => Promise.reject(new Error("ERR_CONNECTION_REFUSED (-102) loading 'http://hub:8080/kiosk/'"));
      createSecureWindow({ url: 'http://hub:8080/kiosk/', preload: '/p.cjs', kiosk: true });
      handlers['did-fail-load']!({}, -102, 'ERR_CONNECTION_REFUSED', 'http://hub:8080/kiosk/', true);
      await vi.advanceTimersByTimeAsync(5000); // the retry fails the same way
      vi.useRealTimers();
      await new Promise((r) => setTimeout(r, 20)); // Node reports unhandled rejections after the microtasks
      expect(created[0]!.loaded).toHaveLength(2);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('applies the security settings and loads the app URL', () => {
    createSecureWindow({ url: 'http://hub:8080/display/', preload: '/app/preload.cjs', kiosk: true, autoplay: true });
    const prefs = created[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, devTools: false, autoplayPolicy: 'no-user-gesture-required' });
    expect(created[0]!.options).toMatchObject({ kiosk: true, fullscreen: true });
    expect(created[0]!.loaded).toEqual(['http://hub:8080/display/']);
  });

  it('denies new windows, foreign navigation and permissions', () => {
    createSecureWindow({ url: 'http://hub:8080/kiosk/', preload: '/p.cjs', kiosk: true });
    expect(handlers.windowOpen!()).toEqual({ action: 'deny' });
    const prevent = vi.fn();
    handlers['will-navigate']!({ preventDefault: prevent }, 'https://example.com');
    expect(prevent).toHaveBeenCalled();
    const ok = vi.fn();
    handlers['will-navigate']!({ preventDefault: ok }, 'http://hub:8080/kiosk/#x');
    expect(ok).not.toHaveBeenCalled();
    const cb = vi.fn();
    handlers.permissionRequest!({ getURL: () => 'http://hub:8080/kiosk/' }, 'media', cb);
    expect(cb).toHaveBeenCalledWith(false);
  });

  it('refuses a server redirect away from the app origin (will-redirect), as it refuses navigation', () => {
    createSecureWindow({ url: 'http://hub:8080/kiosk/', preload: '/p.cjs', kiosk: true });
    // Electron passes the target both in the event (details.url) and, deprecated, as the second argument.
    const redirect = (url: string) => {
      const preventDefault = vi.fn();
      handlers['will-redirect']!({ url, isMainFrame: true, preventDefault }, url, false, true);
      return preventDefault.mock.calls.length > 0;
    };
    expect(redirect('https://evil.example/kiosk/')).toBe(true);
    expect(redirect('http://hub:8081/kiosk/')).toBe(true);
    expect(redirect('file:///etc/passwd')).toBe(true);
    expect(redirect('http://hub:8080/kiosk/?mode=booth')).toBe(false);
  });

  it('reloads after a renderer crash', async () => {
    vi.useFakeTimers();
    createSecureWindow({ url: 'http://hub:8080/kiosk/', preload: '/p.cjs', kiosk: true });
    handlers['render-process-gone']!();
    await vi.advanceTimersByTimeAsync(1000);
    expect(created[0]!.loaded).toEqual(['http://hub:8080/kiosk/', 'http://hub:8080/kiosk/']);
    vi.useRealTimers();
  });

  it('kills a renderer still unresponsive after 10 s, and the crash handler reloads the page', async () => {
    vi.useFakeTimers();
    createSecureWindow({ url: 'http://hub:8080/kiosk/', preload: '/p.cjs', kiosk: true });
    handlers.unresponsive!();
    await vi.advanceTimersByTimeAsync(5000);
    handlers.unresponsive!(); // Chromium may say it again: still one deadline, from the first.
    await vi.advanceTimersByTimeAsync(4999);
    expect(crashRenderer).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(crashRenderer).toHaveBeenCalledTimes(1);
    // Electron reports the killed renderer as gone.
    handlers['render-process-gone']!({}, { reason: 'killed', exitCode: 9 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(created[0]!.loaded).toEqual(['http://hub:8080/kiosk/', 'http://hub:8080/kiosk/']);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(crashRenderer).toHaveBeenCalledTimes(1);
  });

  it('leaves a renderer that becomes responsive again (or crashed by itself) alone', async () => {
    vi.useFakeTimers();
    createSecureWindow({ url: 'http://hub:8080/kiosk/', preload: '/p.cjs', kiosk: true });
    handlers.unresponsive!();
    await vi.advanceTimersByTimeAsync(9000);
    handlers.responsive!();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(crashRenderer).not.toHaveBeenCalled();
    handlers.unresponsive!();
    handlers['render-process-gone']!({}, { reason: 'crashed', exitCode: 1 });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(crashRenderer).not.toHaveBeenCalled();
    expect(created[0]!.loaded).toHaveLength(2);
  });

  it('retries the app page every 5 s while the hub cannot be reached (did-fail-load), main frame and app origin only', async () => {
    vi.useFakeTimers();
    createSecureWindow({ url: 'http://hub:8080/kiosk/', preload: '/p.cjs', kiosk: true });
    handlers['did-fail-load']!({}, -102, 'ERR_CONNECTION_REFUSED', 'http://hub:8080/kiosk/', true);
    handlers['did-fail-load']!({}, -102, 'ERR_CONNECTION_REFUSED', 'http://hub:8080/kiosk/frame', false);
    handlers['did-fail-load']!({}, -105, 'ERR_NAME_NOT_RESOLVED', 'https://example.com/', true);
    await vi.advanceTimersByTimeAsync(4999);
    expect(created[0]!.loaded).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(created[0]!.loaded).toEqual(['http://hub:8080/kiosk/', 'http://hub:8080/kiosk/']);
  });

  it('retries the app page every 5 s while the hub answers 5xx, e.g. 503 "starting" (a page with a body loads, no did-fail-load)', async () => {
    vi.useFakeTimers();
    createSecureWindow({ url: 'http://hub:8080/kiosk/', preload: '/p.cjs', kiosk: true });
    handlers['did-navigate']!({}, 'http://hub:8080/kiosk/', 503, 'Service Unavailable');
    await vi.advanceTimersByTimeAsync(5000);
    expect(created[0]!.loaded).toEqual(['http://hub:8080/kiosk/', 'http://hub:8080/kiosk/']);
    // Still starting: it keeps trying; once the app is served (200) it stops.
    handlers['did-navigate']!({}, 'http://hub:8080/kiosk/', 502, 'Bad Gateway');
    await vi.advanceTimersByTimeAsync(5000);
    expect(created[0]!.loaded).toHaveLength(3);
    handlers['did-navigate']!({}, 'http://hub:8080/kiosk/', 200, 'OK');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(created[0]!.loaded).toHaveLength(3);
  });

  it('does not reload on a 4xx, nor on a 5xx from another origin', async () => {
    vi.useFakeTimers();
    createSecureWindow({ url: 'http://hub:8080/kiosk/', preload: '/p.cjs', kiosk: true });
    handlers['did-navigate']!({}, 'http://hub:8080/kiosk/', 404, 'Not Found');
    handlers['did-navigate']!({}, 'http://hub:8081/kiosk/', 503, 'Service Unavailable');
    handlers['did-navigate']!({}, 'https://example.com/', 500, 'Internal Server Error');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(created[0]!.loaded).toEqual(['http://hub:8080/kiosk/']);
  });
});
