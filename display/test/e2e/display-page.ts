import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { until } from '@turnero/hub/testing';
import { TOKEN_KEY } from '../../renderer/lib/settings.ts';
import type { DisplayLogEntry } from '../../renderer/state/display-state.svelte.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Builds display/dist once when it is missing (the hub serves it at /display/). */
export function ensureDisplayBuilt(): void {
  if (existsSync(fileURLToPath(new URL('../../dist/index.html', import.meta.url)))) return;
  execFileSync('npm', ['run', 'build', '-w', 'display'], { cwd: ROOT, stdio: 'ignore' });
}

export interface DisplayPage {
  context: BrowserContext;
  page: Page;
  /** The display's announcement log, as it writes it to the console (read with no page evaluation). */
  log: DisplayLogEntry[];
  /** Connection states it went through. */
  states: string[];
  /** Resolves when the log has the speech entry for a ticket number (the announcement is over). */
  spoken(number: string, opts?: { recall?: boolean }): Promise<DisplayLogEntry>;
  close(): Promise<void>;
}

/**
 * A display page in its own browser context, paired beforehand (its token put in localStorage before
 * the app loads), ready when it is online. Nothing here clicks or evaluates in the page, so the
 * page's own record of user activation stays meaningful.
 */
export async function openDisplay(browser: Browser, hubUrl: string, token: string, opts: { viewport?: { width: number; height: number }; query?: string; beforeLoad?: (context: BrowserContext) => Promise<void> } = {}): Promise<DisplayPage> {
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1920, height: 1080 } });
  await context.addInitScript(([k, t]) => localStorage.setItem(k, t), [TOKEN_KEY, token] as const);
  await opts.beforeLoad?.(context);
  const page = await context.newPage();
  const log: DisplayLogEntry[] = [];
  const states: string[] = [];
  page.on('console', (message) => {
    const text = message.text();
    if (text.startsWith('turnero-display announce ')) log.push(JSON.parse(text.slice('turnero-display announce '.length)) as DisplayLogEntry);
    else if (text.startsWith('turnero-display connection ')) states.push(text.slice('turnero-display connection '.length));
  });
  await page.goto(`${hubUrl}/display/${opts.query ?? ''}`);
  await until(() => states.includes('online'), 15_000, 'the display to come online');
  const spoken = async (number: string, o: { recall?: boolean } = {}) => {
    const find = () => log.find((e) => e.number === number && e.step === 'speech' && (o.recall === undefined || e.recall === o.recall));
    await until(() => find() !== undefined, 20_000, `the announcement of ${number}`);
    return find()!;
  };
  return { context, page, log, states, spoken, close: () => context.close() };
}

/** Every announcement step starts after the previous one ended: nothing is ever said over anything else. */
export function overlaps(log: readonly DisplayLogEntry[]): string[] {
  const problems: string[] = [];
  for (let i = 1; i < log.length; i++) {
    const [prev, next] = [log[i - 1]!, log[i]!];
    if (next.startedAt < prev.endedAt) problems.push(`${next.number} ${next.step} started before ${prev.number} ${prev.step} ended`);
  }
  return problems;
}
