/**
 * The hub's WebSocket URL for a page: `?hub=ws://host:port/ws` when given (Electron shells and tests),
 * otherwise the hub that served the page.
 */
export function hubUrl(location: { protocol: string; host: string; search: string }): string {
  const explicit = new URLSearchParams(location.search).get('hub');
  if (explicit && /^wss?:\/\/[^\s]+$/.test(explicit)) return explicit;
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}
