/** Test helpers for every package's tests: a real hub, real clients, Chromium. */
export * from './helpers.ts';
export * from './child-hub.ts';
export * from './browser.ts';
