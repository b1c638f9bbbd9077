import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { PrinterSimulator, receiptText } from '@turnero/hardware';
import type { HubEvent } from '@turnero/protocol';
import type { HubClient } from '@turnero/protocol/client';
import { startHub, type Hub } from '@turnero/hub';
import { connect, key, launchChromium, otherVersionHub, pairDevice, screenshot, signIn, startTestHub, until, type TestHub } from '@turnero/hub/testing';
import { qrDataUrl } from '../renderer/lib/qr.ts';
import { KioskPage } from './kiosk-page.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PORTRAIT = { width: 1080, height: 1920 };

let t: TestHub;
/** The running hub (replaced when the hub-down test restarts it on the same port and database). */
let hub: Hub;
let sim: PrinterSimulator;
let browser: Browser;
let context: BrowserContext;
let admin: HubClient;
let supervisor: HubClient;
/** A second kiosk, paired over the protocol, that fills queues. */
let helper: HubClient;
let kioskId = '';
const seen: HubEvent[] = [];

beforeAll(async () => {
  execFileSync('npm', ['run', 'build', '-w', 'kiosk'], { cwd: ROOT, stdio: 'pipe' });
  t = await startTestHub({ settings: { issueRatePerMinute: 600 }, printerTimeoutMs: 1000, printTimeoutMs: 3000 });
  hub = t.hub;
  sim = await PrinterSimulator.start({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: PORTRAIT });
  admin = (await signIn(hub.wsUrl, 'admin')).client;
  supervisor = (await signIn(hub.wsUrl, 'supervisor')).client;
  await supervisor.subscribe({ onEvent: (e) => seen.push(e) });
  helper = await connect(hub.wsUrl, { kind: 'device', token: await pairDevice(hub.wsUrl, 'kiosk', 'Kiosco auxiliar') });
}, 120_000);

afterAll(async () => {
  for (const c of [admin, supervisor, helper]) c?.stop();
  await browser?.close();
  await sim?.stop();
  await hub?.close();
  if (t) rmSync(t.dir, { recursive: true, force: true });
});

async function openKiosk(): Promise<KioskPage> {
  const page = await context.newPage();
  await page.goto(`${hub.url}/kiosk/`);
  return new KioskPage(page);
}

/** Tickets for the queues, from the helper kiosk. */
async function fillQueue(serviceId: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await helper.request('issue_ticket', { serviceId, preferentialClass: null, accountNumber: null, lang: 'es', idempotencyKey: key() });
}

const issuedByKiosk = () => seen.filter((e): e is Extract<HubEvent, { type: 'ticket_issued' }> => e.type === 'ticket_issued' && e.deviceId === kioskId);
const tokenOf = (statusUrl: string) => statusUrl.split('/t/')[1] ?? '';

describe('kiosk in Chromium against the real hub and printer simulator', () => {
  it('is paired on screen, then gives a ticket without preferential class or account: printed with the same number and QR', async () => {
    const kiosk = await openKiosk();
    const { page } = kiosk;
    await page.getByRole('heading', { name: 'Vincular dispositivo' }).waitFor();
    await screenshot(page, 'kiosk-pairing');
    const { code } = await admin.request('create_pairing_code', { kind: 'kiosk', name: 'Kiosco entrada', counterId: null });
    await page.locator('input[name="code"]').fill(code);
    await page.locator('input[name="name"]').fill('Kiosco entrada');
    await page.getByRole('button', { name: 'Vincular' }).click();
    await kiosk.on('home');
    const { devices } = await admin.request('list_devices', {});
    kioskId = devices.find((d) => d.name === 'Kiosco entrada' && d.kind === 'kiosk')!.id;
    await admin.request('configure_device', { deviceId: kioskId, printerUri: sim.uri, paperWidth: 80 });

    const agent = (await signIn(hub.wsUrl, 'agente1')).client;
    await agent.request('open_counter', { counterId: 'modulo-1' });
    await fillQueue('facturacion', 2);
    await fillQueue('pagos', 1);
    await kiosk.service('facturacion').getByText('Espera aprox. 12 min · 2 personas en fila').waitFor();
    // The video service is not offered here: the lobby kiosk points to the booth for it.
    expect(await page.getByTestId('home-at-booth').textContent()).toContain('¿Busca Asesor en línea? Es atención por video con un asesor: use la cabina de video de esta oficina.');
    await screenshot(page, 'kiosk-home');

    await kiosk.chooseService('facturacion');
    await kiosk.on('preferential');
    await screenshot(page, 'kiosk-preferential');
    await kiosk.choosePreferential(null);
    await kiosk.on('account');
    const next = sim.nextReceipt(10_000);
    await page.locator('[data-action="skip"]').click();
    const { number, statusUrl } = await kiosk.ticket();
    expect(number).toMatch(/^F-\d{3}$/);
    expect(await kiosk.printed()).toBe('printed');
    const receipt = await next;
    expect(receiptText(receipt)).toContain(number);
    expect(receipt.qr).toEqual([statusUrl]);
    expect(await page.locator('[data-status-url] img').getAttribute('src')).toBe(await qrDataUrl(statusUrl));
    await expect(page.getByRole('status').filter({ hasText: `Su turno es el ${number}` }).count()).resolves.toBe(1);
    await expect(page.locator('[data-field="ahead"]').textContent()).resolves.toBe('2 personas antes que usted');
    await screenshot(page, 'kiosk-ticket');
    const stored = hub.store.ticketByStatusToken(tokenOf(statusUrl));
    expect(stored).toMatchObject({ number, serviceId: 'facturacion', preferentialClass: null, accountNumber: null });
    await until(() => seen.some((e) => e.type === 'print_reported' && e.ticketId === stored?.id && e.outcome === 'printed'));
    await agent.request('close_counter', {});
    agent.stop();
    await page.close();
  });

  it('gives a preferential ticket with an account number, in English; the paper says the same', async () => {
    const kiosk = await openKiosk();
    const { page } = kiosk;
    await kiosk.on('home');
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByText('Touch the service you need').waitFor();
    await kiosk.chooseService('reclamos');
    await kiosk.choosePreferential('older_adult');
    await kiosk.on('account');
    await kiosk.tapDigits('12345');
    await page.getByRole('button', { name: 'Delete' }).click();
    await kiosk.tapDigits('678');
    await expect(page.locator('[data-field="account"]').inputValue()).resolves.toBe('1234678');
    await screenshot(page, 'kiosk-account');
    const next = sim.nextReceipt(10_000);
    await page.locator('[data-action="take"]').click();
    const { number, statusUrl } = await kiosk.ticket();
    expect(await kiosk.printed()).toBe('printed');
    await page.getByText('Priority service: Older adult').waitFor();
    const text = receiptText(await next);
    expect(text).toContain(number);
    expect(text).toContain('Complaints');
    expect(text).toContain('Older adult');
    expect(text).not.toContain('1234678');
    expect(hub.store.ticketByStatusToken(tokenOf(statusUrl))).toMatchObject({ number, serviceId: 'reclamos', preferentialClass: 'older_adult', accountNumber: '1234678' });
    await page.close();
  });

  it('paper out: says so plainly and keeps the number and QR on screen; after a refill it prints again', async () => {
    const kiosk = await openKiosk();
    const { page } = kiosk;
    sim.setPaper('out');
    const before = sim.receipts.length;
    const { number, statusUrl } = await kiosk.takeTicket('pagos');
    expect(await kiosk.printed()).toBe('failed');
    await page.getByRole('alert').getByText('No pudimos imprimir su turno; tome una foto del código o recuerde su número.').waitFor();
    await page.getByText('La impresora se quedó sin papel. Su turno es válido.').waitFor();
    await expect(page.locator('[data-field="number"]').textContent()).resolves.toBe(number);
    expect(await page.locator('[data-status-url] img').isVisible()).toBe(true);
    await screenshot(page, 'kiosk-print-failed');
    const ticketId = hub.store.ticketByStatusToken(tokenOf(statusUrl))!.id;
    await until(() => seen.some((e) => e.type === 'print_reported' && e.ticketId === ticketId && e.outcome === 'failed' && e.errorCode === 'PRINTER_PAPER_OUT'));
    expect(sim.receipts.length).toBe(before);

    sim.setPaper('ok');
    const next = sim.nextReceipt(10_000);
    await page.locator('[data-action="retry-print"]').click();
    expect(await kiosk.printed()).toBe('printed');
    expect(receiptText(await next)).toContain(number);
    await kiosk.done();
    await page.close();
  });

  it('a print in doubt on the kiosk’s own printer (the roll ran out mid-job): the number stays and the customer is asked “¿Salió su turno?”; “Sí” ends it printed, recorded at the hub', async () => {
    const page = await context.newPage();
    // The Electron preload's bridge, as a device printer that took the job and then ran out of paper.
    await page.addInitScript(() => {
      const jobs: unknown[] = [];
      Object.assign(window, {
        printJobs: jobs,
        turneroKiosk: {
          printTicket: async (job: unknown) => {
            jobs.push(job);
            return { ok: false, code: 'PRINTER_PAPER_OUT', message: 'printer is out of paper while printing', sent: true };
          },
          printCallbackReceipt: async () => ({ ok: true, verified: true, warning: null }),
          printerStatus: async () => ({ configured: true, status: { online: false, paperOut: true, paperNearEnd: true, coverOpen: false, errorCode: 'PRINTER_PAPER_OUT' } }),
        },
      });
    });
    await page.goto(`${hub.url}/kiosk/`);
    const kiosk = new KioskPage(page);
    const { number, statusUrl } = await kiosk.takeTicket('pagos');
    expect(await kiosk.printed()).toBe('failed');
    await page.getByRole('alert').getByText('¿Salió su turno?', { exact: true }).waitFor();
    await page.getByText('La impresora se quedó sin papel. Revise la bandeja: puede que haya salido, o que salga cuando la impresora se recupere. Su turno es válido.').waitFor();
    await expect(page.locator('[data-field="number"]').textContent()).resolves.toBe(number);
    expect(await page.locator('[data-status-url] img').isVisible()).toBe(true);
    await expect(page.locator('[data-action="retry-print"]').textContent()).resolves.toBe('No, imprimir de nuevo');
    await screenshot(page, 'kiosk-print-in-doubt');
    const ticketId = hub.store.ticketByStatusToken(tokenOf(statusUrl))!.id;
    await until(() => seen.some((e) => e.type === 'print_reported' && e.ticketId === ticketId && e.outcome === 'failed' && e.errorCode === 'PRINTER_PAPER_OUT'));

    await page.locator('[data-action="confirm-printed"]').click();
    expect(await kiosk.printed()).toBe('printed');
    await until(() => seen.some((e) => e.type === 'print_reported' && e.ticketId === ticketId && e.outcome === 'printed'));
    expect(await page.evaluate(() => (window as unknown as { printJobs: unknown[] }).printJobs.length)).toBe(1);
    await kiosk.done();
    // Said to be on paper: a restart has nothing to bring back.
    await page.reload();
    await kiosk.on('home');
    await page.close();
  });

  it('restarted before its ticket came out on paper (a crash, a power blip): the kiosk shows that ticket again and prints it', async () => {
    const kiosk = await openKiosk();
    const { page } = kiosk;
    await sim.setOffline('silent');
    const { number } = await kiosk.takeTicket('pagos');
    await page.locator('[data-print="printing"]').waitFor();
    await page.reload();
    // The same customer's number, back on screen by itself.
    expect((await kiosk.ticket()).number).toBe(number);
    await screenshot(page, 'kiosk-resumed-ticket');
    await sim.setOffline(false);
    const paper = sim.nextReceipt(20_000);
    // Its print after the restart went to a printer still hung: the customer (or staff) prints it again.
    if ((await kiosk.printed(15_000)) === 'failed') await page.locator('[data-action="retry-print"]').click();
    expect(await kiosk.printed(15_000)).toBe('printed');
    expect(receiptText(await paper)).toContain(number);
    await kiosk.done();
    // On paper and done: a later restart starts at the services.
    await page.reload();
    await kiosk.on('home');
    await page.close();
  });

  it('double tap on the final confirm makes one ticket, printed once', async () => {
    const kiosk = await openKiosk();
    const { page } = kiosk;
    const issuedBefore = issuedByKiosk().length;
    const printedBefore = sim.receipts.length;
    await kiosk.chooseService('pagos');
    await kiosk.choosePreferential(null);
    await kiosk.on('account');
    await page.locator('[data-action="skip"]').dblclick();
    const first = await kiosk.ticket();
    expect(await kiosk.printed()).toBe('printed');
    await kiosk.done();
    // A second customer's ticket: every request of the first was sent before it on the same socket.
    const second = await kiosk.takeTicket('pagos');
    expect(await kiosk.printed()).toBe('printed');
    await until(() => issuedByKiosk().length >= issuedBefore + 2);
    expect(issuedByKiosk().slice(issuedBefore).map((e) => e.ticket.number)).toEqual([first.number, second.number]);
    expect(sim.receipts.slice(printedBefore).map((r) => receiptText(r).includes(first.number))).toEqual([true, false]);
    await page.close();
  });

  it('works with the keyboard alone, with a visible focus', async () => {
    const kiosk = await openKiosk();
    const { page } = kiosk;
    await kiosk.on('home');
    // The heading focused for screen readers as the screen opens gets no ring (it is not operable; on a
    // kiosk just started, before any touch, Chromium would draw one); what the keyboard reaches does.
    const focused = () => page.evaluate(() => [document.activeElement?.id ?? '', getComputedStyle(document.activeElement!).outlineStyle]);
    await expect.poll(focused).toEqual(['home-title', 'none']);
    expect(await kiosk.tabTo('[data-service="pagos"]')).toBe(true);
    expect((await focused())[1]).toBe('solid');
    await page.keyboard.press('Enter');
    await kiosk.on('preferential');
    expect(await kiosk.tabTo('[data-class="pregnant"]')).toBe(true);
    await page.keyboard.press('Enter');
    await kiosk.on('account');
    expect(await kiosk.tabTo('[data-field="account"]')).toBe(true);
    await page.keyboard.type('55443322');
    expect(await kiosk.tabTo('[data-action="take"]')).toBe(true);
    await page.keyboard.press('Enter');
    const { statusUrl } = await kiosk.ticket();
    expect(hub.store.ticketByStatusToken(tokenOf(statusUrl))).toMatchObject({ serviceId: 'pagos', preferentialClass: 'pregnant', accountNumber: '55443322' });
    // NOTE: a page closed mid-print leaves its ticket in the journal, and the next page (the same
    // storage) shows it again as a restarted kiosk would: the next test would start on this ticket.
    expect(await kiosk.printed()).toBe('printed');
    await page.close();
  });

  it('"Prefiero que me llamen" when the wait is over the target: the hub records it and the receipt has its reference', async () => {
    const agent = (await signIn(hub.wsUrl, 'agente2')).client;
    await agent.request('open_counter', { counterId: 'modulo-2' });
    await fillQueue('reclamos', 3);
    const kiosk = await openKiosk();
    const { page } = kiosk;
    await kiosk.service('reclamos').getByText(/Espera aprox\. \d+ min/).waitFor();
    await kiosk.chooseService('reclamos');
    await kiosk.on('long_wait');
    await screenshot(page, 'kiosk-callback-offer');
    await page.locator('[data-action="callback"]').click();
    await kiosk.on('callback_form');
    const keyboard = page.getByRole('group', { name: 'Teclado' });
    for (const k of ['M', 'A', 'R', 'Í', 'A', 'Espacio', 'N', 'Ú', 'Ñ', 'E', 'Z']) await keyboard.getByRole('button', { name: k, exact: true }).click();
    await page.locator('input[name="phone"]').click();
    await kiosk.tapDigits('30012');
    await page.locator('[data-action="send-callback"]').click();
    await expect(page.locator('#cb-phone-problem').textContent()).resolves.toBe('Escriba un teléfono de 7 a 15 dígitos.');
    await page.locator('input[name="phone"]').click();
    await kiosk.tapDigits('34567');
    await page.locator('[data-reason="billing"]').click();
    await expect(page.locator('input[name="name"]').inputValue()).resolves.toBe('María Núñez');
    await page.locator('input[name="name"]').click();
    await keyboard.waitFor();
    await screenshot(page, 'kiosk-callback-form');
    const next = sim.nextReceipt(10_000);
    await page.locator('[data-action="send-callback"]').click();
    await kiosk.on('callback_done');
    const reference = (await page.locator('[data-field="reference"]').textContent())?.trim();
    await until(() => seen.some((e) => e.type === 'callback_requested' && e.callback.reference === reference));
    const requested = seen.find((e): e is Extract<HubEvent, { type: 'callback_requested' }> => e.type === 'callback_requested' && e.callback.reference === reference)!;
    expect(requested.callback).toMatchObject({ serviceId: 'reclamos', name: 'María Núñez', phone: '3001234567', reason: 'Revisión de factura', source: 'kiosk' });
    expect(await kiosk.printed()).toBe('printed');
    const text = receiptText(await next);
    expect(text).toContain(reference);
    expect(text).not.toContain('3001234567');
    await page.getByText('Retire su comprobante impreso.').waitFor();
    await screenshot(page, 'kiosk-callback-receipt');
    await agent.request('close_counter', {});
    agent.stop();
    await page.close();
  });

  it('the live ticket page (the QR link) updates when an agent calls the ticket', async () => {
    const kiosk = await openKiosk();
    const { number, statusUrl } = await kiosk.takeTicket('facturacion');
    const phone = await browser.newPage({ viewport: { width: 390, height: 780 } });
    await phone.goto(new URL(new URL(statusUrl).pathname, hub.url).href);
    await phone.locator('[data-field="number"]', { hasText: number }).waitFor();
    const agent = (await signIn(hub.wsUrl, 'agente1')).client;
    await agent.request('open_counter', { counterId: 'modulo-1' });
    const ticketId = hub.store.ticketByStatusToken(tokenOf(statusUrl))!.id;
    await agent.request('call_ticket', { ticketId, reason: 'prueba del kiosco' });
    await phone.locator('[data-field="card"][data-status="called"]').waitFor({ timeout: 5000 });
    expect(await phone.locator('[data-field="detail"]').textContent()).toContain('Módulo 1');
    await agent.request('mark_no_show', { ticketId });
    await agent.request('close_counter', {});
    agent.stop();
    await phone.close();
    await kiosk.page.close();
  });

  it('hub down: a full "Sin conexión" screen and no ticket; the hub restarts and the kiosk recovers by itself', async () => {
    const kiosk = await openKiosk();
    const { page } = kiosk;
    await kiosk.on('home');
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    const { port } = hub;
    await hub.close();
    await kiosk.on('offline');
    await page.getByRole('heading', { name: 'Sin conexión' }).waitFor();
    expect(await page.locator('[data-service]').count()).toBe(0);
    expect(await kiosk.screen('ticket').count()).toBe(0);
    await screenshot(page, 'kiosk-offline');

    hub = await startHub({ dbPath: join(t.dir, 'hub.db'), port, log: () => {}, printerTimeoutMs: 1000, printTimeoutMs: 3000 });
    await kiosk.on('home', 20_000);
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    const next = sim.nextReceipt(10_000);
    const { number } = await kiosk.takeTicket('pagos');
    expect(await kiosk.printed()).toBe('printed');
    expect(receiptText(await next)).toContain(number);
    await page.close();
  }, 60_000);

  it('a server speaking another protocol version: the kiosk says it must be updated (not just "offline"), and keeps retrying', async () => {
    const other = await otherVersionHub();
    const fresh = await browser.newContext({ viewport: PORTRAIT });
    const page = await fresh.newPage();
    await page.goto(`${hub.url}/kiosk/?hub=${other.wsUrl}#token=${'k'.repeat(40)}`);
    const kiosk = new KioskPage(page);
    await kiosk.on('offline');
    await page.getByTestId('offline-outdated').waitFor();
    expect(await page.getByTestId('offline-outdated').textContent()).toContain('hay que actualizar el kiosco');
    await screenshot(page, 'kiosk-outdated');
    const before = other.hellos();
    await until(() => other.hellos() > before, 10_000, 'another hello');
    await fresh.close();
    await other.close();
  }, 60_000);
});
