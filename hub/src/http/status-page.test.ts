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
    await agent.client.request('mark_no_show', { ticketId: mine.ticket.id });
    await page.locator('[data-field="card"][data-status="no_show"]').waitFor({ timeout: 5000 });
    await agent.client.request('close_counter', {});
    agent.client.stop();
    await page.close();
  });
});
