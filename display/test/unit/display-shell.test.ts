import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as AppKitElectron from '@turnero/app-kit/electron';

// NOTE: the real 'electron' module tries to download its binary: everything Electron is faked here.
const electron = vi.hoisted(() => {
  const handlers = new Map<string, () => void>();
  return {
    handlers,
    userData: '',
    lock: true,
    app: {
      requestSingleInstanceLock: vi.fn(() => electron.lock),
      whenReady: vi.fn(async () => undefined),
      getPath: vi.fn(() => electron.userData),
      on: vi.fn((event: string, handler: () => void) => void handlers.set(event, handler)),
      quit: vi.fn(),
      exit: vi.fn(),
    },
    dialog: { showErrorBox: vi.fn() },
    powerSaveBlocker: { start: vi.fn(() => 7), stop: vi.fn(), isStarted: vi.fn(() => true) },
  };
});
vi.mock('electron', () => ({ app: electron.app, dialog: electron.dialog, powerSaveBlocker: electron.powerSaveBlocker }));

const window = vi.hoisted(() => {
  const listeners = new Map<string, () => void>();
  return {
    listeners,
    win: {
      isDestroyed: () => false,
      focus: vi.fn(),
      webContents: { on: vi.fn((event: string, fn: () => void) => void listeners.set(event, fn)), insertCSS: vi.fn(async () => 'key') },
    },
  };
});
vi.mock('@turnero/app-kit/electron', async (importOriginal) => ({
  ...(await importOriginal<typeof AppKitElectron>()),
  createSecureWindow: vi.fn(() => window.win),
}));

const { createSecureWindow } = await import('@turnero/app-kit/electron');
const { HIDE_CURSOR_CSS, startDisplayShell } = await import('../../main/display-shell.ts');
const { displayUrl } = await import('../../main/display-url.ts');

describe('display shell (Electron main)', () => {
  beforeEach(() => {
    electron.userData = mkdtempSync(join(tmpdir(), 'turnero-display-shell-'));
    electron.lock = true;
    electron.handlers.clear();
    vi.clearAllMocks();
  });
  afterEach(() => rmSync(electron.userData, { recursive: true, force: true }));

  it('opens one kiosk window with sound allowed on the configured screen, at the hub’s /display/', async () => {
    writeFileSync(join(electron.userData, 'turnero.json'), JSON.stringify({ hubUrl: 'http://192.168.1.10:8080', display: 1 }));
    const win = await startDisplayShell({ preloadPath: '/app/preload.cjs', argv: ['electron', '.', '--lang=en'] });
    expect(win).toBe(window.win);
    expect(createSecureWindow).toHaveBeenCalledWith({ url: 'http://192.168.1.10:8080/display/?lang=en', preload: '/app/preload.cjs', kiosk: true, autoplay: true, display: 1 });
  });

  it('keeps the screen awake while it runs and hides the cursor on every page load', async () => {
    await startDisplayShell({ preloadPath: '/p.cjs', argv: [] });
    expect(electron.powerSaveBlocker.start).toHaveBeenCalledWith('prevent-display-sleep');
    window.listeners.get('dom-ready')?.();
    expect(window.win.webContents.insertCSS).toHaveBeenCalledWith(HIDE_CURSOR_CSS);
    electron.handlers.get('will-quit')?.();
    expect(electron.powerSaveBlocker.stop).toHaveBeenCalledWith(7);
    electron.handlers.get('second-instance')?.();
    expect(window.win.focus).toHaveBeenCalled();
  });

  it('a second instance quits at once without opening a window', async () => {
    electron.lock = false;
    expect(await startDisplayShell({ preloadPath: '/p.cjs', argv: [] })).toBeNull();
    expect(electron.app.quit).toHaveBeenCalled();
    expect(createSecureWindow).not.toHaveBeenCalled();
  });

  it('a malformed turnero.json is shown and the app exits, instead of a blank screen', async () => {
    writeFileSync(join(electron.userData, 'turnero.json'), '{"hubUrl": "ftp://nope"}');
    expect(await startDisplayShell({ preloadPath: '/p.cjs', argv: [] })).toBeNull();
    expect(electron.dialog.showErrorBox).toHaveBeenCalledWith('Turnero — pantalla de sala', expect.stringContaining('hubUrl must be http(s)'));
    expect(electron.app.exit).toHaveBeenCalledWith(1);
    expect(createSecureWindow).not.toHaveBeenCalled();
  });
});

describe('displayUrl', () => {
  it('passes on only --lang=en and --voice=recorded', () => {
    expect(displayUrl('http://127.0.0.1:8080', [])).toBe('http://127.0.0.1:8080/display/');
    expect(displayUrl('http://hub:8080', ['--lang=en', '--voice=recorded', '--hub=http://x'])).toBe('http://hub:8080/display/?lang=en&voice=recorded');
    expect(displayUrl('http://hub:8080', ['--lang=fr', '--voice=loud'])).toBe('http://hub:8080/display/');
  });
});
