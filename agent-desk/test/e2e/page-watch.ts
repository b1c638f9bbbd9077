import type { Page } from 'playwright-core';

/**
 * What each browser test opened (closed after it, whatever happened) and what its pages logged:
 * errors, warnings, uncaught exceptions and, when asked, failed HTTP responses. `finish()` closes
 * everything and returns the problems, which a test expects to be none.
 */
export function pageWatch(expected: RegExp, opts: { failedResponses?: boolean } = {}) {
  let cleanup: (() => Promise<unknown> | unknown)[] = [];
  let problems: string[] = [];
  return {
    track(fn: () => Promise<unknown> | unknown): void {
      cleanup.push(fn);
    },
    watch(p: Page): Page {
      p.on('console', (m) => {
        const where = m.location().url;
        if ((m.type() === 'error' || m.type() === 'warning') && !expected.test(m.text()) && !expected.test(where)) problems.push(`${m.type()}: ${m.text()} @ ${where}`);
      });
      p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      if (opts.failedResponses) {
        p.on('response', (r) => {
          if (r.status() >= 400 && !expected.test(r.url())) problems.push(`http ${r.status()}: ${r.url()}`);
        });
      }
      return p;
    },
    async finish(): Promise<string[]> {
      for (const fn of cleanup.reverse()) await Promise.resolve(fn()).catch(() => undefined);
      cleanup = [];
      const found = problems;
      problems = [];
      return found;
    },
  };
}
