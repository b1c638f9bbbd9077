import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Ticket } from '@turnero/protocol';
import { connect, key, pairDevice, startTestHub, type TestHub } from '@turnero/hub/testing';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** `npm run build -w agent-desk`: the hub serves agent-desk/dist at /agent/. */
export async function buildDesk(): Promise<void> {
  await promisify(execFile)('npm', ['run', 'build', '-w', 'agent-desk'], { cwd: ROOT, timeout: 120_000 });
}

export const DESK_VIEWPORT = { width: 1366, height: 768 };
export const TABLET_VIEWPORT = { width: 1280, height: 800 };

/** A real hub with the demo office and a paired kiosk to issue tickets from. */
export interface Office {
  t: TestHub;
  kioskToken: string;
  close(): Promise<void>;
}

export async function startOffice(opts: Parameters<typeof startTestHub>[0] = {}): Promise<Office> {
  const t = await startTestHub({ settings: { issueRatePerMinute: 600 }, ...opts });
  const kioskToken = await pairDevice(t.hub.wsUrl, 'kiosk', 'Kiosco de pruebas');
  return { t, kioskToken, close: () => t.close() };
}

/** A kiosk issues a ticket. */
export async function issue(office: Office, serviceId: string, opts: { accountNumber?: string; preferentialClass?: string } = {}): Promise<Ticket> {
  const kiosk = await connect(office.t.hub.wsUrl, { kind: 'device', token: office.kioskToken });
  try {
    const { ticket } = await kiosk.request('issue_ticket', { serviceId, preferentialClass: opts.preferentialClass ?? null, accountNumber: opts.accountNumber ?? null, lang: 'es', idempotencyKey: key() });
    return ticket;
  } finally {
    kiosk.stop();
  }
}

/** A page in its own browser context (its own localStorage: one desk per context). */
export async function newPage(browser: Browser, viewport = DESK_VIEWPORT): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'es-CO', timezoneId: 'America/Bogota' });
  return { context, page: await context.newPage() };
}

/** The desk, signed in as a demo user (the sign-in form, as a person would). */
export async function signInDesk(page: Page, url: string, username: string, password = `${username}-demo`): Promise<void> {
  await page.goto(`${url}/agent/`);
  await page.getByLabel('Usuario').fill(username);
  await page.getByLabel('Contraseña').fill(password);
  await page.getByRole('button', { name: 'Ingresar' }).click();
}

/** Opens a counter from the counter choice and waits for the desk. */
export async function openCounter(page: Page, counterId: string): Promise<void> {
  await page.getByTestId(`counter-${counterId}`).click();
  await page.getByTestId('counter-name').waitFor();
}

/** The number on the current-ticket card, or null when there is none. */
export async function currentNumber(page: Page): Promise<string | null> {
  const n = page.getByTestId('current-number');
  return (await n.count()) > 0 ? n.textContent() : null;
}
