import { app, dialog } from 'electron';

/**
 * The start every Turnero device shares: one instance only (a second launch focuses the first),
 * Electron ready, and the device's config read — a bad `turnero.json` is shown on screen with its
 * path and the program exits, instead of opening a blank window. Null when this process must not go on.
 */
export async function bootShell<C>(title: string, load: (userDataDir: string, argv: readonly string[]) => C, argv: readonly string[]): Promise<C | null> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  await app.whenReady();
  try {
    return load(app.getPath('userData'), argv);
  } catch (error) {
    dialog.showErrorBox(title, `${(error as Error).message}\n\n${app.getPath('userData')}/turnero.json`);
    app.exit(1);
    return null;
  }
}
