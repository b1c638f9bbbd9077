/** How long an outdated page waits before it reloads: long enough to read the badge, short enough for a hall nobody tends. */
export const OUTDATED_RELOAD_MS = 60_000;

/**
 * Whether reloading would bring this page up to the hub's protocol: only when the hub it talks to is
 * the one that served it (a page given another hub with `?hub=` would load the same old build again).
 */
export function reloadHelps(location: { protocol: string; host: string }, hubWsUrl: string): boolean {
  try {
    const hub = new URL(hubWsUrl);
    const pageWs = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return hub.protocol === pageWs && hub.host === location.host;
  } catch {
    return false;
  }
}

/**
 * A page the hub refuses as outdated (the hub was upgraded) reloads itself once after `delayMs`
 * when that brings the hub's new build: a hall display or kiosk has nobody to press F5. Returns the
 * function to call when the connection finds it is outdated.
 */
export function reloadWhenOutdated(page: { location: { protocol: string; host: string; reload(): void } }, hubWsUrl: string, delayMs = OUTDATED_RELOAD_MS, schedule: (fn: () => void, ms: number) => unknown = setTimeout): () => void {
  let scheduled = false;
  return () => {
    if (scheduled || !reloadHelps(page.location, hubWsUrl)) return;
    scheduled = true;
    schedule(() => page.location.reload(), delayMs);
  };
}
