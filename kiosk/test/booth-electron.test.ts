import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

type PermissionHandler = (wc: { getURL(): string }, permission: string, callback: (granted: boolean) => void) => void;

const e = vi.hoisted(() => ({
  windows: [] as { options: Record<string, unknown>; url: string; permission: PermissionHandler | null }[],
  userData: '',
  errors: [] as unknown[][],
}));

vi.mock('electron', () => {
  class BrowserWindow {
    readonly record: { options: Record<string, unknown>; url: string; permission: PermissionHandler | null };
    webContents = {
      session: {
        setPermissionRequestHandler: (fn: PermissionHandler) => (this.record.permission = fn),
        setPermissionCheckHandler: () => undefined,
      },
      setWindowOpenHandler: () => undefined,
      on: () => undefined,
    };
    constructor(options: Record<string, unknown>) {
      this.record = { options, url: '', permission: null };
      e.windows.push(this.record);
    }
    loadURL(url: string) {
      this.record.url = url;
      return Promise.resolve();
    }
    isDestroyed() {
      return false;
    }
    focus() {}
  }
  const display = { bounds: { x: 0, y: 0, width: 1080, height: 1920 } };
  return {
    app: { isPackaged: true, requestSingleInstanceLock: () => true, whenReady: () => Promise.resolve(), getPath: () => e.userData, quit: () => undefined, exit: () => undefined, on: () => undefined },
    powerSaveBlocker: { start: () => 1, isStarted: () => true, stop: () => undefined },
    dialog: { showErrorBox: (...a: unknown[]) => void e.errors.push(a) },
    ipcMain: { handle: () => undefined },
    BrowserWindow,
    Menu: { setApplicationMenu: () => undefined },
    screen: { getAllDisplays: () => [display], getPrimaryDisplay: () => display },
  };
});

const { startKioskShell } = await import('../main/kiosk-shell.ts');
const { parseKioskMode } = await import('../main/kiosk-config.ts');

/** Asks the window's permission handler as Chromium would. */
function ask(permission: string, pageUrl: string): boolean {
  let granted: boolean | null = null;
  e.windows[0]!.permission!({ getURL: () => pageUrl }, permission, (g) => (granted = g));
  return granted ?? false;
}

describe('video booth kiosk shell (electron mocked)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'turnero-booth-'));
    e.userData = dir;
    e.windows.length = 0;
    e.errors.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('"mode": "booth" opens /kiosk/?mode=booth and allows camera and microphone for the hub’s origin only', async () => {
    writeFileSync(join(dir, 'turnero.json'), JSON.stringify({ hubUrl: 'http://192.168.1.10:8080', mode: 'booth' }));
    expect(await startKioskShell({ preloadPath: '/p.cjs', argv: [] })).not.toBeNull();
    expect(e.windows[0]!.url).toBe('http://192.168.1.10:8080/kiosk/?mode=booth');
    expect(ask('media', 'http://192.168.1.10:8080/kiosk/?mode=booth')).toBe(true);
    expect(ask('media', 'https://evil.example/')).toBe(false);
    expect(ask('geolocation', 'http://192.168.1.10:8080/kiosk/?mode=booth')).toBe(false);
  });

  it('a ticket kiosk (the default) gets no camera or microphone', async () => {
    writeFileSync(join(dir, 'turnero.json'), JSON.stringify({ hubUrl: 'http://192.168.1.10:8080' }));
    await startKioskShell({ preloadPath: '/p.cjs', argv: [] });
    expect(e.windows[0]!.url).toBe('http://192.168.1.10:8080/kiosk/');
    expect(ask('media', 'http://192.168.1.10:8080/kiosk/')).toBe(false);
  });

  it('parses mode: tickets (default) or booth; anything else is a config error shown on screen', async () => {
    expect(parseKioskMode({})).toEqual({ mode: 'tickets' });
    expect(parseKioskMode({ mode: 'booth' })).toEqual({ mode: 'booth' });
    expect(() => parseKioskMode({ mode: 'video' })).toThrow(/tickets" or "booth/);
    writeFileSync(join(dir, 'turnero.json'), JSON.stringify({ hubUrl: 'http://hub:8080', mode: 'Booth' }));
    expect(await startKioskShell({ preloadPath: '/p.cjs', argv: [] })).toBeNull();
    expect(String(e.errors[0]?.[1])).toMatch(/mode must be/);
    expect(e.windows).toHaveLength(0);
  });
});
