/** Which app this page is: the agent desk, or a counter's on-screen rating pad (`#/pad`). */
export type Route = 'desk' | 'pad';

/** The route of a location hash; `#/pad&token=…` (a pairing link) is the pad too. */
export function routeOf(hash: string): Route {
  return hash.replace(/^#\/?/, '').split(/[/&?]/)[0] === 'pad' ? 'pad' : 'desk';
}
