import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { connect, key, launchChromium, pairDevice, screenshot, signIn, startTestHub, type TestHub } from '../../test/index.ts';

let t: TestHub;
let browser: Browser;
let kioskToken: string;

beforeAll(async () => {
  t = await startTestHub();
  kioskToken = await pairDevice(t.hub.wsUrl, 'kiosk', 'Kiosco');
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t.close();
});

async function issue(serviceId = 'facturacion') {
  const kiosk = await connect(t.hub.wsUrl, { kind: 'device', token: kioskToken });
  const r = await kiosk.request('issue_ticket', { serviceId, preferentialClass: null, accountNumber: '55443322', lang: 'es', idempotencyKey: key() });
  kiosk.stop();
  return r;
}

describe('live ticket page (the QR link)', () => {
  it('answers 404 for unknown or malformed tokens, and never shows the account number', async () => {
    expect((await fetch(`${t.hub.url}/api/ticket-status/nope`)).status).toBe(404);
    expect((await fetch(`${t.hub.url}/api/ticket-status/${'A'.repeat(22)}`)).status).toBe(404);
    const r = await issue();
    const token = r.statusUrl.split('/t/')[1]!;
    const view = await (await fetch(`${t.hub.url}/api/ticket-status/${token}`)).json();
    expect(view).toMatchObject({ number: r.ticket.number, status: 'waiting', serviceName: { es: 'Facturación' } });
    expect(JSON.stringify(view)).not.toContain('55443322');
  });

  it('updates live in a phone-sized page: position, then the call with the counter', async () => {
    await issue();
    const mine = await issue();
    const token = mine.statusUrl.split('/t/')[1]!;
    const page = await browser.newPage({ viewport: { width: 390, height: 780 }, deviceScaleFactor: 2 });
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`));
    // Count the buzzes instead of making them, and track a touch the way a phone's browser does
    // (automated Chromium reports the page as already activated).
    await page.addInitScript({
      content: `(() => {
        window.__buzzes = 0;
        navigator.vibrate = () => ((window.__buzzes += 1), true);
        let touched = false;
        addEventListener('pointerdown', () => (touched = true), true);
        Object.defineProperty(navigator, 'userActivation', { value: { get hasBeenActive() { return touched; }, get isActive() { return touched; } } });
      })();`,
    });
    const buzzes = () => page.evaluate<number>('window.__buzzes');
    await page.goto(`${t.hub.url}/t/${token}`);
    await page.locator('[data-field="number"]', { hasText: mine.ticket.number }).waitFor();
    const ahead = await page.locator('[data-field="headline"]').textContent();
    expect(ahead).toMatch(/personas? antes que usted/);
    await screenshot(page, 'ticket-page-waiting');

    const agent = await signIn(t.hub.wsUrl, 'agente1');
    await agent.client.request('open_counter', { counterId: 'modulo-1' });
    await agent.client.request('call_ticket', { ticketId: mine.ticket.id, reason: 'prueba' });
    await page.locator('[data-field="card"][data-status="called"]').waitFor({ timeout: 5000 });
    expect(await page.locator('[data-field="detail"]').textContent()).toContain('Módulo 1');
    await screenshot(page, 'ticket-page-called');
    // Not touched yet: no buzz (the browser would refuse it). Touched, then recalled: one buzz, and
    // switching the language while called does not buzz again.
    expect(await buzzes()).toBe(0);
    await page.locator('[data-field="number"]').click();
    await agent.client.request('recall', { ticketId: mine.ticket.id });
    await page.locator('[data-field="headline"]', { hasText: 'Lo estamos llamando de nuevo' }).waitFor({ timeout: 5000 });
    expect(await buzzes()).toBe(1);
    await page.locator('[data-field="lang"]').click();
    await page.locator('[data-field="headline"]', { hasText: 'We are calling you again' }).waitFor();
    expect(await buzzes()).toBe(1);
    await agent.client.request('mark_no_show', { ticketId: mine.ticket.id });
    await page.locator('[data-field="card"][data-status="no_show"]').waitFor({ timeout: 5000 });
    expect(problems).toEqual([]);
    await agent.client.request('close_counter', {});
    agent.client.stop();
    await page.close();
  });
});
