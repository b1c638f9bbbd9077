import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Hub } from '@turnero/hub';
import { askUntil, connect, key, launchChromium, pairDevice, screenshot, signIn, startLinkedOffice, until } from '@turnero/hub/testing';
import { buildConsole, consolePage, signInConsole } from './supervisor-fixtures.ts';

let browser: Browser;
let apps: Awaited<ReturnType<typeof buildConsole>>;
const dir = mkdtempSync(join(tmpdir(), 'turnero-sup-central-'));
const hubs: Hub[] = [];

beforeAll(async () => {
  apps = await buildConsole();
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  for (const h of hubs.reverse()) await h.close().catch(() => undefined);
  apps?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** The central and the demo office linked to it (their databases in their own folder of `dir`), both serving the console, closed after the file. */
async function linkedOffice(name: string) {
  const folder = join(dir, name);
  mkdirSync(folder);
  const { central, office, admin } = await startLinkedOffice(folder, { appsRoot: apps.appsRoot, officeSettings: { issueRatePerMinute: 600 } });
  hubs.push(central, office);
  return { central, office, centralAdmin: admin };
}

/** A console page signed in at `url` as `username`, collecting the console's errors and warnings in `problems`. */
async function watchedConsole(url: string, username: string) {
  const { context, page } = await consolePage(browser);
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await signInConsole(page, url, username);
  return { context, page, problems };
}

describe('[S5] the central board across offices', () => {
  it('a central supervisor sees the office on the Oficinas board with its counts and drills into its live board and reports', async () => {
    const { central, office, centralAdmin } = await linkedOffice('board');

    const kiosk = await connect(office.wsUrl, { kind: 'device', token: await pairDevice(office.wsUrl, 'kiosk', 'Kiosco entrada') });
    const issue = async (serviceId: string) => (await kiosk.request('issue_ticket', { serviceId, preferentialClass: null, accountNumber: null, lang: 'es', idempotencyKey: key() })).ticket;
    const served = await issue('facturacion');
    await issue('facturacion');
    await issue('reclamos');
    const { client: agent } = await signIn(office.wsUrl, 'agente1');
    await agent.request('open_counter', { counterId: 'modulo-1' });
    await agent.request('call_ticket', { ticketId: served.id, reason: 'prueba' });
    await agent.request('start_service', { ticketId: served.id });
    await agent.request('finish_service', { ticketId: served.id });
    await agent.request('rate_ticket', { ticketId: served.id, rating: 9, source: 'keypad' });

    // The office's log reaches the central (store-and-forward).
    const watcher = await connect(central.wsUrl);
    const { token: supToken } = await watcher.request('login', { username: 'central-supervisor', password: 'central-supervisor-demo' });
    await watcher.authenticate({ kind: 'session', token: supToken });
    await askUntil(() => watcher.request('offices_overview', {}), (r) => r.offices.find((o) => o.officeId === 'cucuta-centro')?.today.served === 1, 10_000, 'the office synced to the central');
    watcher.stop();

    // Configuration pushed to the office: one it refuses (its counter serves a service the office does not have), one it applies.
    const refusedPush = await centralAdmin.request('push_config', { officeId: 'cucuta-centro', changes: [{ kind: 'counter', counter: { id: 'modulo-9', name: 'Módulo 9', serviceIds: ['recaudo-movil'] } }] });
    const appliedPush = await centralAdmin.request('push_config', { officeId: 'cucuta-centro', changes: [{ kind: 'counter', counter: { id: 'modulo-5', name: 'Módulo 5', serviceIds: ['pagos', 'facturacion'] } }] });
    await askUntil(() => centralAdmin.request('config_pushes', { officeId: 'cucuta-centro', limit: 10 }), (r) => r.pushes.filter((p) => p.doneAt !== null).length === 2, 10_000, 'the office answered both pushes');

    const { context, page, problems } = await watchedConsole(central.url, 'central-supervisor');
    try {
      const row = page.getByTestId('office-cucuta-centro');
      await row.getByText('CENS Cúcuta — Oficina Centro').waitFor();
      await expect.poll(() => row.getByTestId('office-waiting').textContent()).toBe('2');
      await expect.poll(() => row.getByTestId('office-served').textContent()).toBe('1');
      await row.getByText('Conectada').waitFor();
      expect(await page.getByTestId('tab-board').count()).toBe(0);
      // The office's row flags the refused push (the applied one needs nothing).
      await expect.poll(() => row.getByTestId('pushes-refused').textContent()).toBe('1 envío rechazado');
      expect(await row.getByTestId('pushes-pending').count()).toBe(0);
      await screenshot(page, 'supervisor-central-offices');

      await row.getByRole('button', { name: 'Ver oficina' }).click();
      const drill = page.getByTestId('office-drill');
      await expect.poll(() => drill.getByTestId('queue-waiting-facturacion').textContent()).toBe('1');
      await expect.poll(() => drill.getByTestId('queue-waiting-reclamos').textContent()).toBe('1');
      await expect.poll(() => drill.getByTestId('today-served').textContent()).toBe('1');
      await drill.getByTestId('board-counter-modulo-1').getByText('Laura Pérez').waitFor();
      // Pushing configuration is the central admin's: a supervisor's drill-down has no Configuración tab.
      expect(await drill.getByTestId('drill-config').count()).toBe(0);
      // Live: a ticket issued at the office reaches the drilled-down board through the central.
      await issue('reclamos');
      await expect.poll(() => drill.getByTestId('queue-waiting-reclamos').textContent(), { timeout: 10_000 }).toBe('2');
      await screenshot(page, 'supervisor-central-drill');

      // The office's pushes, newest first: what each changes, when, and the office's answer (a refusal in its words).
      const pushes = drill.getByTestId('office-pushes');
      const applied = pushes.getByTestId(`push-${appliedPush.pushId}`);
      const refused = pushes.getByTestId(`push-${refusedPush.pushId}`);
      await applied.waitFor();
      expect(await pushes.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')))).toEqual([`push-${appliedPush.pushId}`, `push-${refusedPush.pushId}`]);
      expect(await applied.getAttribute('data-status')).toBe('applied');
      expect(await applied.getByTestId('push-changes').textContent()).toBe('Módulo modulo-5');
      await applied.getByText('Aplicado').waitFor();
      expect(await applied.locator('td').first().textContent()).toMatch(/^\d{2}:\d{2}$/);
      expect(await refused.getAttribute('data-status')).toBe('refused');
      expect(await refused.getByTestId('push-changes').textContent()).toBe('Módulo modulo-9');
      await refused.getByText('Rechazado').waitFor();
      // Worded in the console's language from the office's refusal, not the office's English message.
      expect(await refused.getByTestId('push-reason').textContent()).toBe('Motivo dado por la oficina: Estos servicios no existen: recaudo-movil.');

      await drill.getByRole('button', { name: 'Reportes de esta oficina' }).click();
      await page.getByText('Reporte de CENS Cúcuta — Oficina Centro').waitFor();
      await expect.poll(() => page.getByTestId('report-office').locator('[data-col="issued"]').textContent()).toBe('4');
      expect(await page.getByTestId('report-office').locator('[data-col="served"]').textContent()).toBe('1');
      // Named as the office names them (the central's own book has neither its services nor its agents).
      const reportServices = page.getByTestId('report-services');
      expect(await reportServices.locator('[data-key="facturacion"] [data-col="label"]').textContent()).toBe('Facturación');
      expect(await reportServices.locator('[data-key="reclamos"] [data-col="label"]').textContent()).toBe('Reclamos');
      expect(await page.getByTestId('report-agents').locator('[data-col="label"]').allTextContents()).toEqual(['Laura Pérez']);
      await screenshot(page, 'supervisor-central-report');
      // Both CSVs are the hub's export of that office (named by officeId, which the hub takes from central staff), as one's own office gets them.
      const csv = async (kind: 'report' | 'tickets', button: string) => {
        const [response, download] = await Promise.all([
          page.waitForResponse((r) => new URL(r.url()).pathname === `/api/${kind}.csv`),
          page.waitForEvent('download'),
          page.getByRole('button', { name: button }).click(),
        ]);
        expect([new URL(response.url()).searchParams.get('officeId'), response.status()]).toEqual(['cucuta-centro', 200]);
        return readFileSync(await download.path(), 'utf8').split('\r\n');
      };
      const reportCsv = await csv('report', 'Descargar reporte (CSV)');
      expect(reportCsv[0]).toBe(`section,key,issued,served,no_shows,cancelled,abandonment_rate,wait_p50_s,wait_p90_s,service_p50_s,service_p90_s,mean_rating,${Array.from({ length: 10 }, (_, i) => `rating_${i + 1}`).join(',')},value`);
      // The office row in seconds with its ratings (one 9), and the callback and case figures after the slices.
      expect(reportCsv[1]).toMatch(/^office,[^,]*,4,1,0,0,[^,]*,\d+,\d+,\d+,\d+,9,0,0,0,0,0,0,0,0,1,0,$/);
      expect(reportCsv.filter((l) => /^(callbacks|cases),/.test(l)).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['callbacks,requested', 'callbacks,closed', 'callbacks,resolved', 'cases,opened', 'cases,closed', 'cases,recovered', 'cases,recovery_rate']);
      const ticketsCsv = await csv('tickets', 'Descargar turnos (CSV)');
      expect(ticketsCsv[0]).toMatch(/^day,number,service_id,status,/);
      expect(ticketsCsv.filter((l) => l !== '').length).toBe(1 + 4);

      // The office's link goes down: its row says so and gives its figures as of when it was last heard from.
      kiosk.stop();
      agent.stop();
      await office.close();
      // A push made while the office is away waits for it (sent again when it connects).
      const waitingPush = await centralAdmin.request('push_config', { officeId: 'cucuta-centro', changes: [{ kind: 'counter', counter: { id: 'modulo-6', name: 'Módulo 6', serviceIds: ['pagos'] } }] });
      await page.getByTestId('tab-offices').click();
      await row.getByText('Desconectada').waitFor({ timeout: 20_000 });
      await expect.poll(() => row.getByTestId('pushes-pending').textContent()).toBe('1 envío pendiente');
      expect(await row.getByTestId('pushes-refused').textContent()).toBe('1 envío rechazado');
      await expect.poll(() => row.getByTestId('office-as-of').textContent()).toMatch(/^hasta \d{1,2}:\d{2}$/);
      expect(await row.getByTestId('office-waiting').textContent()).toBe('3');
      await screenshot(page, 'supervisor-central-office-offline');
      await row.getByRole('button', { name: 'Ver oficina' }).click();
      await expect.poll(() => page.getByTestId('office-stale').textContent()).toMatch(/^Sin enlace con esta oficina desde \d{1,2}:\d{2}:/);
      // The drill-down lists it as pending above the two answered ones.
      const waiting = page.getByTestId(`push-${waitingPush.pushId}`);
      await expect.poll(() => waiting.getAttribute('data-status')).toBe('pending');
      await waiting.getByText('Pendiente').waitFor();
      expect(await page.getByTestId('office-pushes').locator('tbody tr').count()).toBe(3);
      await page.getByTestId('office-pushes').scrollIntoViewIfNeeded();
      await screenshot(page, 'supervisor-central-pushes');
      expect(problems).toEqual([]);
    } finally {
      kiosk.stop();
      agent.stop();
      centralAdmin.stop();
      await context.close();
    }
  });

  it('the central admin edits an office’s service and counters in the console: each save is a push the office applies, answered in the list; a form is not saved over an office change made since it opened; a push to an office away is kept and its id taken', async () => {
    const { central, office, centralAdmin } = await linkedOffice('push');
    const officeState = () => office.engine.state('cucuta-centro');
    const { context, page, problems } = await watchedConsole(central.url, 'central-admin');
    try {
      const row = page.getByTestId('office-cucuta-centro');
      await row.getByText('Conectada').waitFor();
      await row.getByRole('button', { name: 'Ver oficina' }).click();
      const drill = page.getByTestId('office-drill');
      await drill.getByTestId('drill-config').click();
      const config = drill.getByTestId('office-config');
      const pushes = drill.getByTestId('office-pushes');
      await pushes.getByText('No se ha enviado configuración a esta oficina.').waitFor();

      // A service's target wait, edited in the office's own form as the central last heard it.
      await config.getByTestId('svc-reclamos').getByRole('button', { name: 'Editar' }).click();
      const form = config.getByTestId('svc-form');
      expect(await form.getByLabel('Meta de espera (min)').inputValue()).toBe(String(officeState().services.get('reclamos')!.targetWaitMinutes));
      await form.getByLabel('Meta de espera (min)').fill('25');
      await form.getByRole('button', { name: 'Guardar' }).click();
      await config.getByText('Enviado a la oficina. Su respuesta aparece en la lista de envíos.').waitFor();
      await until(() => officeState().services.get('reclamos')?.targetWaitMinutes === 25, 10_000, 'the office applied the pushed service');
      // The office's answer shows without waiting for the board's next poll, and the form's list shows the office's new value once it synced back.
      const first = pushes.locator('tbody tr').first();
      await expect.poll(() => first.getAttribute('data-status'), { timeout: 5_000 }).toBe('applied');
      expect(await first.getByTestId('push-changes').textContent()).toBe('Servicio reclamos');
      await expect.poll(() => config.getByTestId('svc-reclamos').textContent(), { timeout: 10_000 }).toContain('25 min');
      await screenshot(page, 'supervisor-central-config');

      // A form opened before the office changed the same service is not saved over that change.
      await config.getByTestId('svc-reclamos').getByRole('button', { name: 'Editar' }).click();
      const { client: officeAdmin } = await signIn(office.wsUrl, 'admin');
      await officeAdmin.request('upsert_service', { service: { ...officeState().services.get('reclamos')!, targetWaitMinutes: 30 } });
      officeAdmin.stop();
      await expect.poll(() => config.getByTestId('svc-reclamos').textContent(), { timeout: 10_000 }).toContain('30 min');
      await form.getByLabel('Meta de espera (min)').fill('35');
      await form.getByRole('button', { name: 'Guardar' }).click();
      await expect.poll(() => form.getByTestId('form-error').textContent()).toBe('reclamos cambió desde que abrió este formulario: guardarlo desharía ese cambio. Cancele y vuelva a abrirlo para ver lo actual.');
      await form.getByRole('button', { name: 'Cancelar' }).click();
      expect(officeState().services.get('reclamos')!.targetWaitMinutes).toBe(30);

      // A new counter serving Pagos, pushed with "apply over the office's own changes" ticked: the central records that it was asked for.
      await config.getByTestId('office-config-counters').click();
      await config.getByRole('button', { name: 'Nuevo' }).click();
      expect(await config.getByLabel('Identificador').inputValue()).toBe('modulo-5');
      await config.getByLabel('Agregar servicio').selectOption('pagos');
      await config.getByRole('button', { name: '+' }).click();
      await config.getByTestId('push-overwrite').check();
      await config.getByRole('button', { name: 'Guardar' }).click();
      await until(() => officeState().counters.get('modulo-5')?.serviceIds.join() === 'pagos', 10_000, 'the office applied the pushed counter');
      await expect.poll(() => first.getByTestId('push-changes').textContent(), { timeout: 5_000 }).toBe('Módulo modulo-5');
      await expect.poll(() => first.getAttribute('data-status'), { timeout: 5_000 }).toBe('applied');
      // The box is for one push: unticked once it is sent.
      expect(await config.getByTestId('push-overwrite').isChecked()).toBe(false);
      const { entries } = await centralAdmin.request('list_audit', { limit: 10 });
      expect(entries.filter((e) => e.action === 'push_config').map((e) => (e.after as { kinds: string[]; overwrite: boolean }))).toEqual([
        { pushId: expect.any(String), kinds: ['counter'], overwrite: true },
        { pushId: expect.any(String), kinds: ['service'], overwrite: false },
      ]);

      // A form half filled in survives a look at the board.
      await config.getByRole('button', { name: 'Nuevo' }).click();
      expect(await config.getByLabel('Identificador').inputValue()).toBe('modulo-6');
      await config.getByLabel('Nombre').fill('Módulo 6 — caja');
      await drill.getByTestId('drill-board').click();
      await drill.getByTestId('queue-waiting-facturacion').waitFor();
      await drill.getByTestId('drill-config').click();
      expect(await config.getByLabel('Nombre').inputValue()).toBe('Módulo 6 — caja');

      // The office's link goes down: the push is kept at the central (said so), and the next new counter does not take its id.
      await office.close();
      await askUntil(() => centralAdmin.request('offices_overview', {}), (r) => r.offices.some((o) => o.officeId === 'cucuta-centro' && !o.connected), 20_000, 'the central saw the office go');
      await config.getByLabel('Agregar servicio').selectOption('pagos');
      await config.getByRole('button', { name: '+' }).click();
      await config.getByRole('button', { name: 'Guardar' }).click();
      await config.getByText('Guardado en la central: la oficina no tiene enlace ahora y lo recibe cuando se conecte.').waitFor();
      await expect.poll(() => first.getAttribute('data-status')).toBe('pending');
      expect(await first.getByTestId('push-changes').textContent()).toBe('Módulo modulo-6');
      await config.getByRole('button', { name: 'Nuevo' }).click();
      expect(await config.getByLabel('Identificador').inputValue()).toBe('modulo-7');
      expect(problems).toEqual([]);
    } finally {
      centralAdmin.stop();
      await context.close();
    }
  });
});
