import { HubConnection, hubUrl, reloadWhenOutdated, type TokenStore } from '@turnero/app-kit/renderer';
import type { WebSocketLike } from '@turnero/protocol/client';

/** What of the page the connection reads: where it was served from, and a way to reload it. */
export interface KioskPage {
  location: { protocol: string; host: string; hostname: string; search: string; reload(): void };
}

/**
 * The kiosk's hub connection. A hub upgraded to another protocol refuses this page as outdated: the
 * page then reloads the hub's new build after a minute showing "update" (OUTDATED_RELOAD_MS), as the
 * hall display does — nobody presses F5 on a kiosk, and an Electron kiosk window has no way to.
 */
export function kioskConnection(page: KioskPage, tokens: TokenStore, createSocket?: (url: string) => WebSocketLike): HubConnection {
  const url = hubUrl(page.location);
  return new HubConnection({ url, tokens, kind: 'device', onOutdated: reloadWhenOutdated(page, url), ...(createSocket ? { createSocket } : {}) });
}
