import type { DisplayLogEntry, DisplayState } from '../state/display-state.svelte.ts';

/** What `window.__turneroDisplay` shows (read-only): for tests, benchmarks and whoever diagnoses a screen. */
export interface DisplayHook {
  /** performance.timeOrigin of this page load: a reload changes it. */
  readonly loadedAt: number;
  /** The announcement log: what was played and said, in order, and whether sound was blocked. */
  readonly log: readonly DisplayLogEntry[];
  /** 'electron' in the kiosk shell (its preload says so), 'browser' otherwise. */
  readonly shell: 'electron' | 'browser';
  readonly connection: string;
  readonly audio: string;
  readonly current: string | null;
  readonly history: readonly string[];
  readonly pending: number;
}

/** Installs the read-only diagnostics object on `target` (the window). */
export function installHook(target: object, display: DisplayState, sources: { connection: () => string; audio: () => string; loadedAt: number }): void {
  const hook: DisplayHook = Object.freeze({
    loadedAt: sources.loadedAt,
    shell: 'turneroShell' in target ? 'electron' : 'browser',
    get log() {
      return Object.freeze(display.log.map((e) => Object.freeze({ ...e })));
    },
    get connection() {
      return sources.connection();
    },
    get audio() {
      return sources.audio();
    },
    get current() {
      return display.current?.number ?? null;
    },
    get history() {
      return Object.freeze(display.history.map((c) => c.number));
    },
    get pending() {
      return display.pending;
    },
  });
  Object.defineProperty(target, '__turneroDisplay', { value: hook, writable: false, configurable: false, enumerable: false });
}
