/**
 * Node flags the hub is started with (`npm start`, the README's commands, the tests' and the
 * benchmark's child hubs). A 64 MB young generation (V8's default tops out at 16 MB a semi-space)
 * means about a quarter as many scavenges during a burst of tickets, each of which pauses every
 * request in flight; the space only grows that large while the hub allocates that fast.
 */
export const HUB_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
