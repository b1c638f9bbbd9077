import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { KeypadSimulator } from '@turnero/hardware';
import { until } from '@turnero/hub/testing';
import { IPC } from '../shared/ipc-channels.ts';
import type { DeskBridge } from '../shared/keypad-api.ts';
import type { KeypadPress, KeypadStatus } from '../shared/keypad-signal.ts';

// NOTE: Electron cannot be downloaded here; everything the shell touches of it is mocked.
const e = vi.hoisted(() => ({
  userData: '',
  handlers: new Map<string, (event: unknown) => unknown>(),
  appEvents: new Map<string, () => void>(),
  windows: [] as { options: Record<string, unknown>; loaded: string[]; sent: [string, unknown][]; maximized: boolean; listeners: Map<string, (...args: unknown[]) => void>; permissionCheck: ((wc: unknown, permission: string, origin: string) => boolean) | null }[],
  exposed: new Map<string, unknown>(),
  invoked: [] as string[],
  rendererListeners: new Map<string, (event: unknown, payload: unknown) => void>(),
  quit: 0,
  exits: [] as number[],
  errorBoxes: [] as string[],
}));

vi.mock('electron', () => {
  class BrowserWindow {
    record: (typeof e.windows)[number];
    webContents: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      this.record = { options, loaded: [], sent: [], maximized: false, listeners: new Map(), permissionCheck: null };
      e.windows.push(this.record);
      const record = this.record;
      this.webContents = {
        session: { setPermissionRequestHandler: () => undefined, setPermissionCheckHandler: (fn: (wc: unknown, permission: string, origin: string) => boolean) => void (record.permissionCheck = fn) },
        setWindowOpenHandler: () => undefined,
        on: (name: string, fn: (...args: unknown[]) => void) => void record.listeners.set(name, fn),
        send: (channel: string, payload: unknown) => record.sent.push([channel, payload]),
      };
    }
    loadURL(url: string) {
      this.record.loaded.push(url);
      return Promise.resolve();
    }
    maximize() {
      this.record.maximized = true;
    }
    focus() {}
    isDestroyed() {
      return false;
    }
  }
  const display = { bounds: { x: 0, y: 0, width: 1366, height: 768 } };
  return {
    app: {
      isPackaged: true,
      requestSingleInstanceLock: () => true,
      whenReady: () => Promise.resolve(),
      getPath: () => e.userData,
      on: (name: string, fn: () => void) => e.appEvents.set(name, fn),
      quit: () => e.quit++,
      exit: (code: number) => e.exits.push(code),
    },
    dialog: { showErrorBox: (_title: string, text: string) => e.errorBoxes.push(text) },
    BrowserWindow,
    Menu: { setApplicationMenu: () => undefined },
    screen: { getAllDisplays: () => [display], getPrimaryDisplay: () => display },
    ipcMain: { handle: (channel: string, fn: (event: unknown) => unknown) => e.handlers.set(channel, fn) },
    contextBridge: { exposeInMainWorld: (name: string, api: unknown) => e.exposed.set(name, api) },
    ipcRenderer: {
      invoke: (channel: string) => {
        e.invoked.push(channel);
        return Promise.resolve(channel === IPC.keypadStatus ? { connected: true, counterId: 'modulo-2' } : true);
      },
      on: (channel: string, fn: (event: unknown, payload: unknown) => void) => e.rendererListeners.set(channel, fn),
    },
  };
});

const HUB = 'http://127.0.0.1:8123';
const fromApp = { senderFrame: { url: `${HUB}/agent/#/` } };
const fromElsewhere = { senderFrame: { url: 'https://evil.example/' } };
let sim: KeypadSimulator;

beforeAll(async () => {
  sim = await KeypadSimulator.start();
  e.userData = mkdtempSync(join(tmpdir(), 'turnero-desk-shell-'));
  writeFileSync(join(e.userData, 'turnero.json'), JSON.stringify({ hubUrl: HUB, keypadPort: sim.hostPath, counterId: 'modulo-2' }));
  const { startDeskShell } = await import('../main/desk-shell.ts');
  await startDeskShell({ preloadPath: '/opt/turnero/dist-electron/preload.cjs', argv: [] });
});

afterAll(async () => {
  e.appEvents.get('window-all-closed')?.();
  await until(() => e.quit === 1, 3000, 'app quit');
  await sim.stop();
  rmSync(e.userData, { recursive: true, force: true });
});

describe('the desk’s Electron main process (electron mocked)', () => {
  it('opens one secure window on the hub’s /agent/ page with the bundled preload', async () => {
    await until(() => e.windows.length === 1, 3000, 'window');
    const win = e.windows[0]!;
    expect(win.loaded).toEqual([`${HUB}/agent/`]);
    expect(win.maximized).toBe(true);
    expect(win.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect((win.options.webPreferences as { preload: string }).preload).toBe('/opt/turnero/dist-electron/preload.cjs');
    // Asesor en línea: the remote agent's camera and microphone, from the hub's page only; nothing else.
    expect(win.permissionCheck?.(null, 'media', HUB)).toBe(true);
    expect(win.permissionCheck?.(null, 'media', 'https://evil.example')).toBe(false);
    expect(win.permissionCheck?.(null, 'geolocation', HUB)).toBe(false);
  });

  it('shows a malformed config file and exits instead of opening a window', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'turnero-desk-bad-'));
    writeFileSync(join(bad, 'turnero.json'), JSON.stringify({ hubUrl: 'ftp://hub' }));
    const saved = e.userData;
    e.userData = bad;
    const { startDeskShell } = await import('../main/desk-shell.ts');
    try {
      await expect(startDeskShell({ preloadPath: '/p.cjs', argv: [] })).resolves.toBeNull();
    } finally {
      e.userData = saved;
      rmSync(bad, { recursive: true, force: true });
    }
    expect(e.errorBoxes).toEqual([expect.stringMatching(/hubUrl must be http/)]);
    expect(e.exits).toEqual([1]);
    expect(e.windows).toHaveLength(1);
  });

  it('answers exactly the keypad channels, and only to the desk’s own page', async () => {
    expect([...e.handlers.keys()].sort()).toEqual([IPC.keypadPrompt, IPC.keypadStatus, IPC.keypadStop].sort());
    for (const handler of e.handlers.values()) expect(() => handler(fromElsewhere)).toThrow(/IPC refused/);
    await until(() => (e.handlers.get(IPC.keypadStatus)!(fromApp) as KeypadStatus).connected, 5000, 'keypad connected');
    expect(e.handlers.get(IPC.keypadStatus)!(fromApp)).toEqual({ connected: true, counterId: 'modulo-2' });
  });

  it('lights the keypad lamp on request and forwards the customer’s key to the page', async () => {
    await expect(e.handlers.get(IPC.keypadPrompt)!(fromApp)).resolves.toBe(true);
    await sim.waitForLamp(true);
    await sim.press(6);
    const sent = () => e.windows[0]!.sent;
    await until(() => sent().some(([ch, s]) => ch === IPC.keypadSignal && (s as KeypadPress).type === 'key'), 3000, 'key forwarded');
    expect(sent().filter(([, s]) => (s as KeypadPress).type === 'key')).toEqual([[IPC.keypadSignal, { type: 'key', value: 6 }]]);
    await expect(e.handlers.get(IPC.keypadStop)!(fromApp)).resolves.toBe(true);
    await sim.waitForLamp(false);
  });

  it('turns the lamp off when the page loads again (a reload or a crash waits for no rating)', async () => {
    await expect(e.handlers.get(IPC.keypadPrompt)!(fromApp)).resolves.toBe(true);
    await sim.waitForLamp(true);
    e.windows[0]!.listeners.get('did-start-loading')?.();
    await sim.waitForLamp(false);
  });
});

describe('the desk’s preload (electron mocked)', () => {
  let bridge: DeskBridge;
  beforeAll(async () => {
    await import('../preload/preload.ts');
    bridge = e.exposed.get('turneroDesk') as DeskBridge;
  });

  it('exposes window.turneroDesk.keypad with one named function per operation, nothing else', () => {
    expect([...e.exposed.keys()]).toEqual(['turneroDesk']);
    expect(Object.keys(bridge)).toEqual(['keypad']);
    for (const name of ['onKey', 'onStatus', 'prompt', 'stop'] as const) expect(bridge.keypad[name].name).toBe(name);
  });

  it('invokes the keypad channels and parses what main sends', async () => {
    await bridge.keypad.prompt();
    await bridge.keypad.stop();
    const statuses: (KeypadStatus | null)[] = [];
    bridge.keypad.onStatus((s) => statuses.push(s));
    await until(() => statuses.length === 1, 1000, 'status');
    expect(e.invoked).toEqual([IPC.keypadPrompt, IPC.keypadStop, IPC.keypadStatus]);
    const keys: KeypadPress[] = [];
    bridge.keypad.onKey((k) => keys.push(k));
    const deliver = e.rendererListeners.get(IPC.keypadSignal)!;
    deliver({}, { type: 'key', value: 8 });
    deliver({}, { type: 'key', value: 80 });
    deliver({}, '<script>');
    deliver({}, { type: 'status', status: { connected: false, counterId: 'modulo-2' } });
    expect(keys).toEqual([{ type: 'key', value: 8 }]);
    expect(statuses).toEqual([{ connected: true, counterId: 'modulo-2' }, { connected: false, counterId: 'modulo-2' }]);
  });
});
