import { app, ipcMain, powerSaveBlocker, type BrowserWindow } from 'electron';
import { bootShell, createSecureWindow } from '@turnero/app-kit/electron';
import { createPrinter } from '@turnero/hardware';
import { loadKioskConfig } from './kiosk-config.ts';
import { registerKioskIpc } from './kiosk-ipc.ts';

/**
 * The kiosk's Electron main process: one instance, one fullscreen kiosk window on the hub's /kiosk/
 * page, the screen kept awake, and the printer bridge. A bad config file is shown on screen instead
 * of a blank window.
 */
export async function startKioskShell(opts: { preloadPath: string; argv: readonly string[] }): Promise<BrowserWindow | null> {
  const config = await bootShell('Turnero — kiosco', loadKioskConfig, opts.argv);
  if (!config) return null;
  const booth = config.mode === 'booth';
  const url = booth ? `${config.hubUrl}/kiosk/?mode=booth` : `${config.hubUrl}/kiosk/`;
  const printer = config.printer ? createPrinter(config.printer, { paperWidth: config.paperWidth }) : null;
  registerKioskIpc(ipcMain, { printer, appOrigin: new URL(url).origin });
  // NOTE: only a video booth may use the camera and microphone (for its own origin).
  const win = createSecureWindow({ url, preload: opts.preloadPath, kiosk: true, display: config.display, allowMedia: booth });
  // NOTE: a kiosk waits unattended for the next customer; a sleeping screen looks switched off.
  const blocker = powerSaveBlocker.start('prevent-display-sleep');
  app.on('second-instance', () => win.focus());
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    if (powerSaveBlocker.isStarted(blocker)) powerSaveBlocker.stop(blocker);
  });
  return win;
}
