import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_KEY } from '../../renderer/lib/settings.ts';
import { freePort, launchChromium, otherVersionHub, pairDevice, screenshot, spawnHub, until, waitExit } from '@turnero/hub/testing';
import { ensureDisplayBuilt, openDisplay, overlaps } from './display-page.ts';
import { AgentAtCounter, openKiosk, seedDemoDatabase } from './office.ts';

describe('hall display when the hub or the network goes away', () => {
  let dir: string;
  let dbPath: string;
  let port: number;
  let hubProcess: ChildProcess;
  let browser: Browser;
  let token: string;
  let agent: AgentAtCounter;
  let stopKiosk: () => void = () => {};

  beforeAll(async () => {
    ensureDisplayBuilt();
    dir = mkdtempSync(join(tmpdir(), 'turnero-display-restart-'));
    dbPath = join(dir, 'hub.db');
    await seedDemoDatabase(dbPath);
    port = await freePort();
    hubProcess = await spawnHub(dbPath, port);
    const wsUrl = `ws://127.0.0.1:${port}/ws`;
    const kiosk = await openKiosk(wsUrl);
    await kiosk.issue('facturacion', 6);
    stopKiosk = () => kiosk.client.stop();
    token = await pairDevice(wsUrl, 'display', 'TV sala');
    agent = await AgentAtCounter.open(wsUrl, 'agente1', 'modulo-1');
    browser = await launchChromium({ autoplay: true });
  });

  afterAll(async () => {
    agent?.stop();
    stopKiosk();
    await browser?.close();
    if (hubProcess && hubProcess.exitCode === null) {
      hubProcess.kill('SIGKILL');
      await waitExit(hubProcess);
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('hub killed (SIGKILL) and restarted on the same port and database: offline badge, then back by itself without a reload, showing the next call', async () => {
    const display = await openDisplay(browser, `http://127.0.0.1:${port}`, token);
    const { page } = display;
    const first = await agent.callNext();
    await page.locator(`[data-testid="current-call"] [data-number="${first.number}"]`).waitFor({ timeout: 10_000 });
    await page.evaluate(() => Object.assign(window, { __e2eMarker: 'set at load' }));
    const loadedAt = await page.evaluate(() => (window as unknown as { __turneroDisplay: { loadedAt: number } }).__turneroDisplay.loadedAt);

    hubProcess.kill('SIGKILL');
    await waitExit(hubProcess);
    await page.getByTestId('offline-badge').waitFor({ timeout: 10_000 });
    expect(display.states).toContain('offline');
    // Beside the clock, in the header: the bottom edge is the waiting strip's (and the sound hint's).
    const badge = (await page.getByTestId('offline-badge').boundingBox())!;
    const header = (await page.getByTestId('display-header').boundingBox())!;
    expect(badge.y).toBeGreaterThanOrEqual(header.y);
    expect(badge.y + badge.height).toBeLessThanOrEqual(header.y + header.height);
    const officeName = (await page.getByTestId('office-name').boundingBox())!;
    expect(badge.x).toBeGreaterThanOrEqual(officeName.x + officeName.width);
    // The office name is not cut short for it, in landscape or in portrait (where the badge goes under the clock).
    const nameWhole = () => page.getByTestId('office-name').evaluate((h) => h.scrollHeight <= h.clientHeight + 1);
    expect(await nameWhole()).toBe(true);
    await screenshot(page, 'display-offline');
    await page.setViewportSize({ width: 1080, height: 1920 });
    expect(await nameWhole()).toBe(true);
    const portraitBadge = (await page.getByTestId('offline-badge').boundingBox())!;
    const portraitHeader = (await page.getByTestId('display-header').boundingBox())!;
    expect(portraitBadge.y + portraitBadge.height).toBeLessThanOrEqual(portraitHeader.y + portraitHeader.height);
    await screenshot(page, 'display-offline-portrait');
    await page.setViewportSize({ width: 1920, height: 1080 });

    hubProcess = await spawnHub(dbPath, port);
    await page.getByTestId('offline-badge').waitFor({ state: 'detached', timeout: 20_000 });
    await until(() => agent.client.state === 'online', 15_000, 'the agent to reconnect');
    const next = await agent.callNext();
    await page.locator(`[data-testid="current-call"] [data-number="${next.number}"]`).waitFor({ timeout: 15_000 });
    expect(await page.locator(`[data-testid="recent-calls"] [data-number="${first.number}"]`).count()).toBe(1);
    const speech = await display.spoken(next.number);
    expect(speech).toMatchObject({ blocked: false, error: null, engine: 'recorded' });

    // The same page all along: no reload happened.
    expect(await page.evaluate(() => (window as unknown as { __e2eMarker?: string }).__e2eMarker)).toBe('set at load');
    expect(await page.evaluate(() => (window as unknown as { __turneroDisplay: { loadedAt: number } }).__turneroDisplay.loadedAt)).toBe(loadedAt);
    expect(display.states.at(-1)).toBe('online');
    await display.close();
  });

  it('calls made while the display was cut off are all listed when it is back; only the latest is announced', async () => {
    let cut = false;
    const routes = new Set<WebSocketRoute>();
    const display = await openDisplay(browser, `http://127.0.0.1:${port}`, token, {
      // The display's own connection goes through this switch; the hub and the agent stay up.
      beforeLoad: (context) =>
        context.routeWebSocket(/\/ws$/, (route) => {
          if (cut) return void route.close({ code: 1006, reason: 'network down' }).catch(() => undefined);
          routes.add(route);
          route.connectToServer();
        }),
    });
    await agent.callNext();
    const onlineBefore = display.states.length;
    cut = true;
    for (const route of routes) await route.close({ code: 1006, reason: 'network down' }).catch(() => undefined);
    routes.clear();
    await until(() => display.states.slice(onlineBefore).includes('offline'), 10_000, 'the display to notice');
    await display.page.getByTestId('offline-badge').waitFor();

    const missed = [await agent.callNext(), await agent.callNext(), await agent.callNext()];
    cut = false;
    await display.page.getByTestId('offline-badge').waitFor({ state: 'detached', timeout: 20_000 });
    for (const ticket of missed) await display.page.locator(`[data-number="${ticket.number}"]`).first().waitFor({ timeout: 10_000 });
    const latest = missed.at(-1)!;
    await display.page.locator(`[data-testid="current-call"] [data-number="${latest.number}"]`).waitFor();
    await display.spoken(latest.number);
    const announced = display.log.filter((e) => e.step === 'speech').map((e) => e.number);
    expect(announced).toContain(latest.number);
    expect(announced).not.toContain(missed[0]!.number);
    expect(announced).not.toContain(missed[1]!.number);
    expect(overlaps(display.log)).toEqual([]);
    await display.close();
  });

  it('a server speaking another protocol version: the badge says the display must be updated, beside the clock', async () => {
    const other = await otherVersionHub();
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    await context.addInitScript(([k, t]) => localStorage.setItem(k, t), [TOKEN_KEY, token] as const);
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${port}/display/?hub=${other.wsUrl}`);
    const badge = page.getByTestId('offline-badge');
    await badge.getByText('Versión incompatible con el servidor: actualice').waitFor({ timeout: 10_000 });
    const box = (await badge.boundingBox())!;
    const header = (await page.getByTestId('display-header').boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(header.y + header.height);
    expect(box.x + box.width).toBeLessThanOrEqual(header.x + header.width);
    await screenshot(page, 'display-outdated');
    await context.close();
    await other.close();
  });
});
