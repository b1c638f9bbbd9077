/**
 * The hub's WebSocket URL for a page: the hub that served it, or `?hub=ws://same-host:port/ws` — another
 * port of the same host only (tests; a second hub on the box). Never another host: the page sends its
 * stored session or device token (and a typed password) to that hub, and a link must not send them away.
 */
export function hubUrl(location: { protocol: string; host: string; hostname: string; search: string }): string {
  const served = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  const explicit = new URLSearchParams(location.search).get('hub');
  if (!explicit) return served;
  try {
    const url = new URL(explicit);
    const sameHost = url.hostname === location.hostname && url.username === '' && url.password === '';
    if ((url.protocol === 'ws:' || url.protocol === 'wss:') && sameHost) return url.href;
  } catch {
    // not a URL: the hub that served the page
  }
  return served;
}
