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

/**
 * The booth page with its live-status requests answered by `answer` (null: the hub's own answer), after
 * `delayMs`. `camera`: the page's camera requests are counted (`turneroCameraAsks`) and never answered.
 */
async function openBooth(answer: () => number | null, delayMs = 0, opts: { clock?: boolean; camera?: boolean } = {}): Promise<{ page: Page; streams: () => number }> {
  const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
  if (opts.clock) await page.clock.install();
  if (opts.camera) {
    await page.addInitScript(() => {
      const w = window as unknown as { turneroCameraAsks: number };
      w.turneroCameraAsks = 0;
      const getUserMedia = () => {
        w.turneroCameraAsks++;
        return new Promise<MediaStream>(() => undefined);
      };
      Object.defineProperty(navigator, 'mediaDevices', { value: { getUserMedia }, configurable: true });
    });
  }
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
      const { ticket } = await agent.request('call_next', {});
      await page.locator('[data-screen="booth-ringing"]').waitFor({ timeout: 15_000 });
      await agent.request('mark_no_show', { ticketId: ticket.id }); // the agent is free for the next test
    } finally {
      await page.close();
    }
  });

  it('a customer who answers before the advisor starts the video call is not filmed: the booth waits with its camera off, and opens it on the advisor’s ring', async () => {
    const { page } = await openBooth(() => null, 0, { camera: true });
    const cameraAsks = () => page.evaluate(() => (window as unknown as { turneroCameraAsks: number }).turneroCameraAsks);
    try {
      await takeVideoTicket(page);
      const { ticket } = await agent.request('call_next', {});
      await page.locator('[data-screen="booth-ringing"]').waitFor({ timeout: 15_000 });
      await page.locator('[data-action="accept"]').click();
      await page.locator('[data-screen="booth-call"][data-call-state="connecting"]').waitFor();
      expect(await page.locator('[data-field="waiting-advisor"]').textContent()).toBe('Esperando a su asesor…');
      expect(await page.locator('[data-field="camera-soon"]').textContent()).toBe('Su cámara se encenderá cuando su asesor inicie la videollamada.');
      expect(await page.locator('[data-video="local"]').count()).toBe(0);
      await new Promise((r) => setTimeout(r, 500));
      expect(await cameraAsks()).toBe(0);
      await agent.request('signal', { ticketId: ticket.id, data: { t: 'ring' } }); // "Iniciar videollamada"
      await page.waitForFunction(() => (window as unknown as { turneroCameraAsks: number }).turneroCameraAsks > 0, undefined, { timeout: 10_000 });
      expect(await cameraAsks()).toBe(1);
      await agent.request('mark_no_show', { ticketId: ticket.id });
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
