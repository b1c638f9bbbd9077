export { hubUrl } from './hub-url.ts';
export { adoptHashToken, localTokenStore, type TokenStore } from './token-store.ts';
export { I18n, type Dictionary } from './i18n.svelte.ts';
export { HubConnection, type HubConnectionOptions } from './hub-connection.svelte.ts';
export { HubClock } from './hub-clock.ts';
export { reloadWhenOutdated } from './outdated-reload.ts';
export { realTimers, type Timers } from './timers.ts';
export * from './video/index.ts';
