import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { HubClient } from '@turnero/protocol/client';
import { launchChromium, pairDevice, signIn, startTestHub, until, type TestHub } from '@turnero/hub/testing';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

let t: TestHub;
let browser: Browser;
let boothToken: string;
let agent: HubClient;

beforeAll(async () => {
  execFileSync('npm', ['run', 'build', '-w', 'kiosk'], { cwd: ROOT, stdio: 'pipe' });
  t = await startTestHub({ settings: { issueRatePerMinute: 600 } });
  boothToken = await pairDevice(t.hub.wsUrl, 'kiosk', 'Cabina de video');
  ({ client: agent } = await signIn(t.hub.wsUrl, 'agente2'));
  await agent.request('open_counter', { counterId: 'modulo-4' });
  browser = await launchChromium();
});

afterAll(async () => {
  agent?.stop();
  await browser?.close();
  await t?.close();
});

/** The booth page with its live-status requests answered by `answer` (null: the hub's own answer), after `delayMs`. */
async function openBooth(answer: () => number | null, delayMs = 0, opts: { clock?: boolean } = {}): Promise<{ page: Page; streams: () => number }> {
  const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
  if (opts.clock) await page.clock.install();
  let streams = 0;
  await page.route('**/api/ticket-status/**', async (route) => {
    if (route.request().url().endsWith('/events')) streams++;
    const status = answer();
    await new Promise((r) => setTimeout(r, delayMs));
    if (status === null) await route.continue();
    else await route.fulfill({ status, contentType: 'application/json', body: JSON.stringify({ error: status === 404 ? 'NOT_FOUND' : 'BAD_GATEWAY' }) });
  });
  await page.goto(`${t.hub.url}/kiosk/?mode=booth#token=${boothToken}`);
  return { page, streams: () => streams };
}

async function takeVideoTicket(page: Page): Promise<void> {
  await page.locator('[data-screen="home"]').waitFor();
  await page.locator('[data-service="asesor-en-linea"]').click();
  await page.locator('[data-class="none"]').click();
  await page.locator('[data-action="skip"]').click();
  await page.locator('[data-screen="booth-waiting"]').waitFor();
}

describe('the video booth’s live ticket status in Chromium against the real hub', () => {
  it('a status stream refused with an HTTP error (a proxy’s 502 while the hub restarts) is opened again: the agent’s call still rings', async () => {
    let answer: number | null = 502;
    const { page, streams } = await openBooth(() => answer);
    try {
      await takeVideoTicket(page);
      await until(() => streams() >= 2, 10_000, 'the stream opened again after the 502');
      answer = null;
      await agent.request('call_next', {});
      await page.locator('[data-screen="booth-ringing"]').waitFor({ timeout: 15_000 });
    } finally {
      await page.close();
    }
  });

  it('a customer waiting at the booth untouched keeps their language: the kiosk’s 30 s idle time does not run behind the booth’s screens', async () => {
    const { page } = await openBooth(() => null, 0, { clock: true });
    try {
      await page.locator('[data-screen="home"]').waitFor();
      await page.locator('button.lang').click();
      await page.waitForFunction(() => document.documentElement.lang === 'en');
      await takeVideoTicket(page);
      await page.clock.runFor(35_000); // waiting for the advisor, touching nothing
      await page.locator('[data-screen="booth-waiting"]').waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    } finally {
      await page.close();
    }
  });

  it('a ticket the hub no longer knows (404): the booth goes home instead of waiting for good', async () => {
    // Answered after a second, so that the test sees the booth waiting first.
    const { page, streams } = await openBooth(() => 404, 1000);
    try {
      await takeVideoTicket(page);
      await page.locator('[data-screen="home"]').waitFor({ timeout: 10_000 });
      expect(streams()).toBe(1);
    } finally {
      await page.close();
    }
  });
});
