/** Pure security decisions of the Electron shell (tested without Electron). */

/** The only permission a Turnero window may get is camera/microphone, for the video booth, from the app's own origin. */
export function allowPermission(permission: string, requestingUrl: string, appOrigin: string, allowMedia: boolean): boolean {
  if (!allowMedia) return false;
  if (permission !== 'media') return false;
  try {
    return new URL(requestingUrl).origin === appOrigin;
  } catch {
    return false;
  }
}

/** Navigation stays inside the app's origin; everything else (links, redirects, file://) is refused. */
export function allowNavigation(targetUrl: string, appOrigin: string): boolean {
  try {
    const u = new URL(targetUrl);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === appOrigin;
  } catch {
    return false;
  }
}

export interface ShellConfig {
  /** The hub's base URL, e.g. http://192.168.1.10:8080 */
  hubUrl: string;
  /** Which screen (index in the OS's list) the window opens on. */
  display: number;
  /** Kiosk only: the printer URI (tcp://host:9100 or /dev/usb/lp0); null prints through the hub. */
  printer: string | null;
  /** Agent desk only: the counter keypad's serial port; null when the counter has none. */
  keypadPort: string | null;
  /** Agent desk only: which counter the keypad belongs to. */
  counterId: string | null;
}

/** Parses the device's JSON config (userData/turnero.json), falling back to defaults; never trusts a cast. */
export function parseShellConfig(raw: unknown): ShellConfig {
  const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
  const hubUrl = str(o.hubUrl) ?? 'http://127.0.0.1:8080';
  let parsed: URL;
  try {
    parsed = new URL(hubUrl);
  } catch {
    throw new Error(`config: hubUrl "${hubUrl}" is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('config: hubUrl must be http(s)');
  const display = o.display === undefined ? 0 : Number(o.display);
  if (!Number.isInteger(display) || display < 0) throw new Error('config: display must be a screen index (0, 1, …)');
  return { hubUrl: parsed.origin, display, printer: str(o.printer), keypadPort: str(o.keypadPort), counterId: str(o.counterId) };
}
