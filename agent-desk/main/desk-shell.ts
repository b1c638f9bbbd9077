import { app, ipcMain, type BrowserWindow } from 'electron';
import { bootShell, createSecureWindow, loadShellConfig } from '@turnero/app-kit/electron';
import { IPC } from '../shared/ipc-channels.ts';
import { openKeypadBridge, type KeypadBridge } from './keypad-bridge.ts';
import { registerKeypadIpc } from './ipc.ts';

/**
 * The desk's Electron main process: one instance, one secure window on the hub's /agent/ page, and
 * the counter keypad bridged to it. A bad config file is shown on screen instead of a blank window.
 */
export async function startDeskShell(opts: { preloadPath: string; argv: readonly string[] }): Promise<{ win: BrowserWindow; bridge: KeypadBridge | null } | null> {
  const config = await bootShell('Turnero — puesto de atención', loadShellConfig, opts.argv);
  if (!config) return null;
  const url = `${config.hubUrl}/agent/`;
  let win: BrowserWindow | null = null;
  const bridge = openKeypadBridge(config, (signal) => {
    if (win && !win.isDestroyed()) win.webContents.send(IPC.keypadSignal, signal);
  });
  registerKeypadIpc(ipcMain, bridge, new URL(url).origin);
  // NOTE: not kiosk mode: an agent's PC has other work on it; the window still stays on the hub's origin.
  // allowMedia: Asesor en línea — the remote agent's camera and microphone (from the hub's origin only).
  const opened = createSecureWindow({ url, preload: opts.preloadPath, kiosk: false, display: config.display, allowMedia: true });
  win = opened;
  // A page loading again (a reload, a crash) waits for no rating: a lamp left on would invite keys nobody hears.
  opened.webContents.on('did-start-loading', () => void bridge?.done());
  opened.maximize();
  app.on('second-instance', () => opened.focus());
  app.on('window-all-closed', () => {
    void (bridge?.close() ?? Promise.resolve()).finally(() => app.quit());
  });
  return { win: opened, bridge };
}
