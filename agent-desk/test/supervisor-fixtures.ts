import type { Device, RecoveryCase, ReportRow } from '@turnero/protocol';
import { T0 } from './fixtures.ts';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { pairDevice, startTestHub, type TestHub } from '@turnero/hub/testing';
import { browserSuite } from './e2e/browser-suite.ts';

/** A paired device as the hub lists it. */
export function device(id: string, patch: Partial<Device> = {}): Device {
  return { id, officeId: 'o1', kind: 'kiosk', name: `Kiosco ${id}`, counterId: null, pairedAt: T0, revoked: false, lastSeenAt: T0, online: true, health: {}, printerUri: null, paperWidth: 80, ...patch };
}

export function recoveryCase(id: string, patch: Partial<RecoveryCase> = {}): RecoveryCase {
  return { id, officeId: 'o1', ticketId: `t-${id}`, number: `F-${id}`, serviceId: 'facturacion', counterId: 'modulo-1', agentId: 'user-agente1', accountNumber: null, rating: 3, openedAt: T0, status: 'open', followUps: [], outcome: null, closedAt: null, ...patch };
}

export function reportRow(key: string, patch: Partial<ReportRow> = {}): ReportRow {
  return { key, issued: 0, served: 0, noShows: 0, cancelled: 0, abandonmentRate: null, waitP50Ms: null, waitP90Ms: null, serviceP50Ms: null, serviceP90Ms: null, ratings: Array(10).fill(0) as number[], meanRating: null, ...patch };
}

// ---- End to end: the console built once into its own apps folder, pages signed in. ----


const ROOT = join(import.meta.dirname, '..', '..');

/**
 * Builds the desk renderer into a private apps folder (agent-desk/dist inside it; kiosk/ linked to
 * the repository's built kiosk) and returns the folder, for the hub's `appsRoot`. NOTE: the other
 * e2e file of this package builds agent-desk/dist in place at the same time; a private output keeps
 * the two from emptying each other's folder mid-test.
 */
export async function buildConsole(): Promise<{ appsRoot: string; cleanup: () => void }> {
  const appsRoot = mkdtempSync(join(tmpdir(), 'turnero-sup-apps-'));
  mkdirSync(join(appsRoot, 'agent-desk'));
  await promisify(execFile)('npx', ['vite', 'build', '--outDir', join(appsRoot, 'agent-desk', 'dist'), '--emptyOutDir', '--logLevel', 'error'], { cwd: join(ROOT, 'agent-desk'), timeout: 120_000 });
  if (existsSync(join(ROOT, 'kiosk', 'dist'))) symlinkSync(join(ROOT, 'kiosk'), join(appsRoot, 'kiosk'));
  return { appsRoot, cleanup: () => rmSync(appsRoot, { recursive: true, force: true }) };
}

export interface SupOffice {
  t: TestHub;
  kioskToken: string;
  close(): Promise<void>;
}

/** The demo office on a real hub serving the console, with a paired kiosk. */
export async function startSupOffice(appsRoot: string, opts: Parameters<typeof startTestHub>[0] = {}): Promise<SupOffice> {
  const t = await startTestHub({ settings: { issueRatePerMinute: 600 }, appsRoot, ...opts });
  const kioskToken = await pairDevice(t.hub.wsUrl, 'kiosk', 'Kiosco entrada');
  return { t, kioskToken, close: () => t.close() };
}

export const CONSOLE_VIEWPORT = { width: 1366, height: 768 };

/** A page in its own context (own localStorage), Spanish, in Bogotá time. */
export async function consolePage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: CONSOLE_VIEWPORT, locale: 'es-CO', timezoneId: 'America/Bogota' });
  context.setDefaultTimeout(10_000);
  return { context, page: await context.newPage() };
}

/** Signs in on the desk's form as a person would. */
export async function signInConsole(page: Page, url: string, username: string, password = `${username}-demo`): Promise<void> {
  await page.goto(`${url}/agent/`);
  await page.getByLabel('Usuario').fill(username);
  await page.getByLabel('Contraseña').fill(password);
  await page.getByRole('button', { name: 'Ingresar' }).click();
}

/**
 * One browser suite of the console (call once, at a test file's top level): a browserSuite that
 * builds the console. `office()` is a hub serving the console, `page()` a watched console page,
 * both closed after their test; `watch.track` closes anything else.
 */
export function consoleSuite() {
  // NOTE: Chromium logs refused WebSocket reconnects when a hub closes: expected.
  const suite = browserSuite({ prepare: buildConsole, dispose: (apps) => apps.cleanup(), expected: /WebSocket connection to .* failed/, failedResponses: true });
  const { watch } = suite;
  return {
    watch,
    async office(opts: Parameters<typeof startSupOffice>[1] = {}): Promise<SupOffice> {
      const o = await startSupOffice(suite.prepared().appsRoot, opts);
      watch.track(() => o.close());
      return o;
    },
    async page(): Promise<Page> {
      const { context, page } = await consolePage(suite.browser());
      watch.track(() => context.close());
      return watch.watch(page);
    },
  };
}
