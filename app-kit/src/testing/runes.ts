/**
 * Vitest runs here without the Svelte compiler, so `$state` fields of the `*.svelte.ts` classes are
 * plain fields: their logic is tested in Node; their reactivity in the browser tests.
 */
const state = <T>(value: T): T => value;
state.raw = state;
Object.assign(globalThis, { $state: state });
