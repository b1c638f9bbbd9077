import { app, BrowserWindow, Menu, screen } from 'electron';
import { allowNavigation, allowPermission } from './policy.ts';

/** Delay before the app page is loaded again while the hub is unreachable or answers 5xx. */
const HUB_RETRY_MS = 5000;
/** How long a renderer may stay unresponsive before it is killed and the page reloaded. */
const HANG_GRACE_MS = 10_000;

export interface SecureWindowOptions {
  /** The page to show (served by the hub), e.g. http://hub:8080/kiosk/ */
  url: string;
  /** Absolute path of the bundled preload script. */
  preload: string;
  /** Fullscreen kiosk mode with no way out. */
  kiosk: boolean;
  /** Camera and microphone for the video booth. */
  allowMedia?: boolean;
  /** Sound without a click (the hall display). */
  autoplay?: boolean;
  /** Screen index to open on. */
  display?: number;
}

/**
 * A window with the Electron security checklist applied: sandboxed renderer, context isolation,
 * no Node, no new windows, no navigation away, permissions denied (except media for the booth),
 * reload after a renderer crash or a 10 s hang, and retry while the hub is unreachable or answers 5xx (e.g. 503 while starting).
 */
export function createSecureWindow(opts: SecureWindowOptions): BrowserWindow {
  const appOrigin = new URL(opts.url).origin;
  const screens = screen.getAllDisplays();
  const target = screens[opts.display ?? 0] ?? screen.getPrimaryDisplay();
  const win = new BrowserWindow({
    x: target.bounds.x,
    y: target.bounds.y,
    width: target.bounds.width,
    height: target.bounds.height,
    kiosk: opts.kiosk,
    fullscreen: opts.kiosk,
    autoHideMenuBar: true,
    backgroundColor: '#0b1d2e',
    webPreferences: {
      preload: opts.preload,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      devTools: !app.isPackaged,
      autoplayPolicy: opts.autoplay ? 'no-user-gesture-required' : 'document-user-activation-required',
    },
  });
  Menu.setApplicationMenu(null);
  const ses = win.webContents.session;
  ses.setPermissionRequestHandler((wc, permission, callback) => callback(allowPermission(permission, wc.getURL(), appOrigin, opts.allowMedia ?? false)));
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin) => allowPermission(permission, requestingOrigin, appOrigin, opts.allowMedia ?? false));
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event, url) => {
    if (!allowNavigation(url, appOrigin)) event.preventDefault();
  });
  // NOTE: a server redirect does not fire will-navigate: without this, a same-origin request redirected
  // elsewhere would load a foreign page with the preload. Preventing it cancels the whole navigation.
  win.webContents.on('will-redirect', (event) => {
    if (!allowNavigation(event.url, appOrigin)) event.preventDefault();
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  // NOTE: loadURL's promise rejects whenever the page does not load (the hub down at boot); did-fail-load
  // retries it. Left unhandled, the rejection is an uncaught error: Electron's error dialog on a kiosk.
  const load = () => void win.loadURL(opts.url).catch(() => undefined);
  const reloadLater = (ms: number) => setTimeout(() => win.isDestroyed() || load(), ms);
  // A renderer hung for HANG_GRACE_MS is killed; render-process-gone then reloads the page.
  let hang: ReturnType<typeof setTimeout> | null = null;
  const cancelHang = () => {
    if (hang) clearTimeout(hang);
    hang = null;
  };
  win.webContents.on('unresponsive', () => {
    hang ??= setTimeout(() => {
      hang = null;
      if (!win.isDestroyed()) win.webContents.forcefullyCrashRenderer();
    }, HANG_GRACE_MS);
  });
  win.webContents.on('responsive', cancelHang);
  win.webContents.on('render-process-gone', () => {
    cancelHang();
    reloadLater(1000);
  });
  win.webContents.on('did-fail-load', (_e, _code, _desc, url, isMainFrame) => {
    // The hub is not reachable yet (power cut, boot order): keep trying; the app itself handles later drops.
    if (isMainFrame && allowNavigation(url, appOrigin)) reloadLater(HUB_RETRY_MS);
  });
  win.webContents.on('did-navigate', (_e, url, httpResponseCode) => {
    // NOTE: an HTTP error page with a body is a successful load for Electron (no did-fail-load,
    // electron/electron#37470); the hub answers 503 "starting" while it boots. did-navigate is main frame only.
    if (httpResponseCode >= 500 && allowNavigation(url, appOrigin)) reloadLater(HUB_RETRY_MS);
  });
  load();
  return win;
}
