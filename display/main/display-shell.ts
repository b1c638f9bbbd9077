import { app, powerSaveBlocker, type BrowserWindow } from 'electron';
import { bootShell, createSecureWindow, loadShellConfig } from '@turnero/app-kit/electron';
import { displayUrl } from './display-url.ts';

/** No pointer on a hall screen (pairing is typed on a keyboard). */
export const HIDE_CURSOR_CSS = 'html, html * { cursor: none !important; }';

/**
 * The hall display's Electron main process: one instance, one fullscreen kiosk window on the
 * configured screen showing the hub's /display/ page, sound without a click, and the screen kept awake.
 */
export async function startDisplayShell(opts: { preloadPath: string; argv: readonly string[] }): Promise<BrowserWindow | null> {
  const config = await bootShell('Turnero — pantalla de sala', loadShellConfig, opts.argv);
  if (!config) return null;
  const win = createSecureWindow({ url: displayUrl(config.hubUrl, opts.argv), preload: opts.preloadPath, kiosk: true, autoplay: true, display: config.display });
  win.webContents.on('dom-ready', () => void win.webContents.insertCSS(HIDE_CURSOR_CSS));
  const blocker = powerSaveBlocker.start('prevent-display-sleep');
  app.on('second-instance', () => {
    if (!win.isDestroyed()) win.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    if (powerSaveBlocker.isStarted(blocker)) powerSaveBlocker.stop(blocker);
  });
  return win;
}
