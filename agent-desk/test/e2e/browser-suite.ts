import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { launchChromium } from '@turnero/hub/testing';
import { pageWatch } from './page-watch.ts';

/**
 * One browser test file's frame (call once, at its top level): `prepare` (the build it serves) and
 * Chromium before the file's tests; after each test, what it tracked closed and its pages' problems
 * (pageWatch; `expected` is what they may log) expected to be none; after the last, Chromium closed
 * and `dispose` run.
 */
export function browserSuite<T>(opts: { prepare: () => Promise<T>; dispose?: (prepared: T) => unknown; expected: RegExp; failedResponses?: boolean }) {
  let browser: Browser | null = null;
  let prepared: { value: T } | null = null;
  const watch = pageWatch(opts.expected, { failedResponses: opts.failedResponses === true });
  beforeAll(async () => {
    prepared = { value: await opts.prepare() };
    browser = await launchChromium();
  }, 180_000);
  afterEach(async () => {
    expect(await watch.finish()).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    if (prepared) await opts.dispose?.(prepared.value);
  });
  const started = <V>(v: V | null): V => {
    if (v === null) throw new Error('the browser suite has not started (its beforeAll failed?)');
    return v;
  };
  return {
    watch,
    /** Chromium, once started. */
    browser: (): Browser => started(browser),
    /** What `prepare` returned. */
    prepared: (): T => started(prepared).value,
  };
}
