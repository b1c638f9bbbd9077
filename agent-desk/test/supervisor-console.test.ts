import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ErrorCode, HubError, type OfficeSnapshot } from '@turnero/protocol';
import { connect, key, screenshot, signIn } from '@turnero/hub/testing';
import { consoleSuite, signInConsole, type SupOffice } from './supervisor-fixtures.ts';

const { watch, office, page } = consoleSuite();

async function kiosk(o: SupOffice) {
  const k = await connect(o.t.hub.wsUrl, { kind: 'device', token: o.kioskToken });
  watch.track(() => k.stop());
  return k;
}

const text = (p: Page, testId: string) => () => p.getByTestId(testId).first().textContent();

/** An office, its supervisor's live board in Chromium, and a kiosk connected to it. */
async function boardWithKiosk() {
  const o = await office();
  const sup = await page();
  await signInConsole(sup, o.t.hub.url, 'supervisor');
  await sup.getByTestId('live-board').waitFor();
  return { o, sup, k: await kiosk(o) };
}

describe('supervisor console in Chromium against the real hub', () => {
  it('the live board shows a ticket issued at a kiosk, the counters, devices and alerts (paper out, offline)', async () => {
    const o = await office();
    const sup = await page();
    await signInConsole(sup, o.t.hub.url, 'supervisor');
    await sup.getByTestId('live-board').waitFor();
    await expect.poll(text(sup, 'queue-waiting-facturacion')).toBe('0');
    await expect.poll(text(sup, 'today-issued')).toBe('0');

    const k = await kiosk(o);
    const { ticket } = await k.request('issue_ticket', { serviceId: 'facturacion', preferentialClass: null, accountNumber: null, lang: 'es', idempotencyKey: key() });
    await expect.poll(text(sup, 'queue-waiting-facturacion')).toBe('1');
    await expect.poll(text(sup, 'today-issued')).toBe('1');

    const { client: agent } = await signIn(o.t.hub.wsUrl, 'agente1');
    watch.track(() => agent.stop());
    await agent.request('open_counter', { counterId: 'modulo-1' });
    await agent.request('call_next', {});
    await sup.getByTestId('board-counter-modulo-1').getByText('Laura Pérez').waitFor();
    await sup.getByTestId('board-counter-modulo-1').getByText(`Llama a ${ticket.number}`).waitFor();
    await expect.poll(text(sup, 'queue-waiting-facturacion')).toBe('0');
    for (const serviceId of ['reclamos', 'reclamos', 'pagos']) await k.request('issue_ticket', { serviceId, preferentialClass: null, accountNumber: null, lang: 'es', idempotencyKey: key() });
    await expect.poll(text(sup, 'queue-waiting-reclamos')).toBe('2');
    await expect.poll(text(sup, 'today-issued')).toBe('4');

    const deviceId = k.principal!.id;
    await k.request('report_health', { printer: { online: true, paperOut: true, paperNearEnd: true, coverOpen: false, errorCode: null } });
    await sup.locator(`[data-testid="alert-paper:${deviceId}"][data-active="true"]`).waitFor();
    await expect.poll(text(sup, `paper-${deviceId}`)).toBe('Sin papel');
    // The estimate comes with the hub's once-a-second queue figures: one open counter now serves Pagos.
    await expect.poll(text(sup, 'queue-estimate-pagos')).not.toBe('—');
    await screenshot(sup, 'supervisor-board');

    k.stop();
    // The active one: the history may also hold a cleared offline alert of this kiosk, raised if the
    // board listed it before its first connection was up.
    await sup.locator(`[data-testid="alert-offline:${deviceId}"][data-active="true"]`).waitFor();
    await expect.poll(() => sup.getByTestId(`device-${deviceId}`).getAttribute('data-online')).toBe('false');
    await sup.getByTestId('alerts').scrollIntoViewIfNeeded();
    await screenshot(sup, 'supervisor-alerts');

    // The supervisor can still work a counter: the agent view is one tab away.
    await sup.getByTestId('tab-desk').click();
    await sup.getByText('Elija su módulo').waitFor();
    // One header names the app and switches the language; the desk's own header keeps the rest.
    expect(await sup.locator('button.lang').count()).toBe(1);
    expect(await sup.getByText('Turnero · Puesto de atención').count()).toBe(0);
    await sup.getByTestId('desk-header').getByRole('button', { name: 'Salir' }).waitFor();
    await screenshot(sup, 'supervisor-desk-tab');

    // Working a counter, the supervisor glances at the board: the desk stays as it was (a rating
    // awaited, a video call go on), and its shortcuts do nothing meanwhile.
    await sup.getByTestId('counter-modulo-3').click();
    await sup.getByTestId('counter-name').waitFor();
    await sup.keyboard.press('F2');
    const called = await sup.getByTestId('current-number').textContent();
    await sup.keyboard.press('F4');
    await sup.getByText('Tiempo de atención').waitFor();
    await sup.keyboard.press('F5');
    await sup.getByText(`Esperando la calificación de ${called}`).waitFor();
    await sup.getByTestId('tab-board').click();
    await sup.getByTestId('live-board').waitFor();
    await sup.keyboard.press('F2'); // nothing to call at a desk not on screen
    await sup.getByTestId('tab-desk').click();
    await sup.getByText(`Esperando la calificación de ${called}`).waitFor();
    expect(await sup.getByTestId('current-number').count()).toBe(0);
  });

  it('[A8] a counter whose agent left is released from the board: the dialog names the ticket, it goes back to its queue, another agent may sit there', async () => {
    const { o, sup, k } = await boardWithKiosk();
    const { ticket } = await k.request('issue_ticket', { serviceId: 'reclamos', preferentialClass: null, accountNumber: null, lang: 'es', idempotencyKey: key() });
    // The agent's desk, at Módulo 2 serving the ticket; the agent walks away from it.
    const desk = await page();
    await signInConsole(desk, o.t.hub.url, 'agente1');
    await desk.getByTestId('counter-modulo-2').click();
    await desk.getByTestId('counter-name').waitFor();
    const { client: gone } = await signIn(o.t.hub.wsUrl, 'agente1');
    await gone.request('call_next', {});
    await gone.request('start_service', { ticketId: ticket.id });
    gone.stop();
    const counter = sup.getByTestId('board-counter-modulo-2');
    await counter.getByText(`Atiende ${ticket.number}`).waitFor();
    // A closed counter offers nothing to release.
    await expect(sup.getByTestId('board-counter-modulo-3').locator('[data-action="release-counter"]').count()).resolves.toBe(0);

    await counter.locator('[data-action="release-counter"]').click();
    const dialog = sup.getByRole('dialog', { name: '¿Liberar Módulo 2?' });
    // A ticket being served: the supervisor says whether it was served to the end before anything is released.
    await dialog.getByText(`¿Se terminó de atender el turno ${ticket.number}?`).waitFor();
    await expect(dialog.locator('[data-action="confirm-release"]').isDisabled()).resolves.toBe(true);
    await dialog.getByLabel('No: vuelve a la fila con su hora de llegada').check();
    await screenshot(sup, 'supervisor-release-counter');
    await dialog.locator('[data-action="confirm-release"]').click();
    await dialog.waitFor({ state: 'detached' });
    await sup.locator('[data-testid="board-counter-modulo-2"][data-state="closed"]').waitFor();
    await expect.poll(text(sup, 'queue-waiting-reclamos')).toBe('1');
    expect(o.t.hub.store.ticketById(ticket.id)?.ticket).toMatchObject({ status: 'waiting', counterId: null, arrivedAt: ticket.arrivedAt });
    // The desk left open goes back to choosing a counter, and says why.
    await desk.getByTestId('counter-modulo-2').waitFor();
    await expect.poll(text(desk, 'desk-notice')).toContain('Un supervisor liberó Módulo 2: elija un módulo para seguir atendiendo.');
    await screenshot(desk, 'desk-counter-released');

    const { client: next } = await signIn(o.t.hub.wsUrl, 'agente2');
    watch.track(() => next.stop());
    await next.request('open_counter', { counterId: 'modulo-2' });
    await expect(next.request('call_next', {})).resolves.toMatchObject({ ticket: { id: ticket.id } });
  });

  it('[T8] a supervisor cancels a waiting ticket from the board with a reason; one that left a phone goes to Te contactamos', async () => {
    const { o, sup, k } = await boardWithKiosk();
    const take = (phone: string | null) => k.request('issue_ticket', { serviceId: 'pagos', preferentialClass: null, accountNumber: null, phone, lang: 'es', idempotencyKey: key() });
    const kept = (await take(null)).ticket;
    const left = (await take('3001234567')).ticket;
    await sup.getByTestId(`sup-waiting-${left.number}`).waitFor();

    await sup.getByRole('button', { name: `Anular el turno ${left.number}` }).click();
    const dialog = sup.getByRole('dialog', { name: `¿Anular el turno ${left.number}?` });
    const callBack = dialog.getByLabel('Dejó un teléfono: devolverle la llamada (Te contactamos)');
    await expect(callBack.isChecked()).resolves.toBe(true);
    await expect(dialog.locator('[data-action="confirm-cancel"]').isDisabled()).resolves.toBe(true);
    // A duplicate is not called back; a customer who left is.
    await dialog.getByRole('button', { name: 'Turno duplicado' }).click();
    await expect(callBack.isChecked()).resolves.toBe(false);
    await dialog.getByRole('button', { name: 'El cliente se retiró' }).click();
    await expect(callBack.isChecked()).resolves.toBe(true);
    await screenshot(sup, 'supervisor-cancel-ticket');
    await dialog.locator('[data-action="confirm-cancel"]').click();
    await dialog.waitFor({ state: 'detached' });
    await sup.getByTestId(`sup-waiting-${left.number}`).waitFor({ state: 'detached' });
    await sup.getByTestId(`sup-waiting-${kept.number}`).waitFor();
    expect(o.t.hub.store.ticketById(left.id)?.ticket).toMatchObject({ status: 'cancelled' });
    const { client: admin } = await signIn(o.t.hub.wsUrl, 'supervisor');
    watch.track(() => admin.stop());
    const { callbacks } = await admin.request('list_callbacks', { status: 'open' });
    expect(callbacks).toEqual([expect.objectContaining({ phone: '3001234567', source: 'cancelled' })]);
    await expect.poll(text(sup, 'queue-waiting-pagos')).toBe('1');
  });

  it('[F3][F4] a callback is claimed and closed; nobody else may claim it meanwhile, and a supervisor may give it back', async () => {
    const o = await office();
    const sup = await page();
    await signInConsole(sup, o.t.hub.url, 'supervisor');
    await sup.getByTestId('tab-callbacks').click();
    await sup.getByText('No hay solicitudes por contactar.').waitFor();

    const k = await kiosk(o);
    const { callback } = await k.request('request_callback', { serviceId: 'reclamos', name: 'Marta Rincón', phone: '3001234567', reason: 'Cobro doble en la factura de octubre', accountNumber: '12345678', idempotencyKey: key() });
    const row = sup.getByTestId(`callback-${callback.id}`);
    await row.getByText('Cobro doble en la factura de octubre').waitFor();

    const other = await page();
    await signInConsole(other, o.t.hub.url, 'admin');
    await other.getByTestId('tab-callbacks').click();
    const otherRow = other.getByTestId(`callback-${callback.id}`);
    await otherRow.waitFor();

    await row.getByRole('button', { name: 'Tomar' }).click();
    await row.getByText('Tomado por usted').waitFor();
    await otherRow.getByText('Tomado por Ana Carrillo').waitFor();
    expect(await otherRow.getByRole('button', { name: 'Tomar' }).count()).toBe(0);
    await screenshot(sup, 'supervisor-callbacks');
    // Ana went home with it claimed: the admin gives it back to the worklist; Ana takes it again.
    await otherRow.getByRole('button', { name: 'Liberar' }).click();
    await row.getByRole('button', { name: 'Tomar' }).waitFor();
    await otherRow.getByRole('button', { name: 'Tomar' }).waitFor();
    await row.getByRole('button', { name: 'Tomar' }).click();
    await row.getByText('Tomado por usted').waitFor();

    await row.getByRole('button', { name: 'Registrar llamada' }).click();
    // No outcome chosen for the supervisor: Guardar waits for one.
    expect(await sup.getByRole('radio', { checked: true }).count()).toBe(0);
    expect(await sup.getByRole('button', { name: 'Guardar' }).isDisabled()).toBe(true);
    await sup.getByLabel('Resuelto').check();
    expect(await sup.getByRole('button', { name: 'Guardar' }).isEnabled()).toBe(true);
    await sup.getByLabel('Nota').fill('Se reversó el cobro');
    await sup.getByRole('button', { name: 'Guardar' }).click();
    await row.waitFor({ state: 'detached' });
    await otherRow.waitFor({ state: 'detached' });
    expect(o.t.hub.store.db.prepare('SELECT status FROM callbacks WHERE id = ?').pluck().get(callback.id)).toBe('closed');
    // One closed: the count agrees with it.
    await expect.poll(() => sup.locator('h2').filter({ hasText: 'Te contactamos' }).textContent()).toBe('Te contactamos · 1 cerrada');
  });

  it('[F2][F5] a rating of 3 opens a case the supervisor closes as recovered; the recovery rate shows', async () => {
    const o = await office();
    const sup = await page();
    await signInConsole(sup, o.t.hub.url, 'supervisor');
    await sup.getByTestId('live-board').waitFor();

    const k = await kiosk(o);
    const { ticket } = await k.request('issue_ticket', { serviceId: 'pagos', preferentialClass: null, accountNumber: '99887766', lang: 'es', idempotencyKey: key() });
    const { client: agent } = await signIn(o.t.hub.wsUrl, 'agente1');
    watch.track(() => agent.stop());
    await agent.request('open_counter', { counterId: 'modulo-1' });
    await agent.request('call_ticket', { ticketId: ticket.id, reason: 'prueba' });
    await agent.request('start_service', { ticketId: ticket.id });
    await agent.request('finish_service', { ticketId: ticket.id });
    await agent.request('rate_ticket', { ticketId: ticket.id, rating: 3, source: 'keypad' });
    await expect.poll(text(sup, 'today-open-cases')).toBe('1');
    await expect.poll(text(sup, 'today-rating')).toBe('3,0');

    await sup.getByTestId('tab-cases').click();
    const row = sup.getByTestId(`case-${ticket.number}`);
    await row.getByText('3/10').waitFor();
    await row.getByText('Laura Pérez').waitFor();
    await row.getByText('Pagos').waitFor();
    await screenshot(sup, 'supervisor-cases');
    await row.getByRole('button', { name: 'Registrar seguimiento' }).click();
    // No outcome chosen for the supervisor: Guardar waits for one.
    expect(await sup.getByRole('radio', { checked: true }).count()).toBe(0);
    expect(await sup.getByRole('button', { name: 'Guardar' }).isDisabled()).toBe(true);
    await sup.getByLabel('Recuperado', { exact: true }).check();
    await sup.getByLabel('Nota').fill('Se disculpó; quedó satisfecho');
    await sup.getByRole('button', { name: 'Guardar' }).click();
    await row.waitFor({ state: 'detached' });
    await expect.poll(text(sup, 'recovery-rate')).toBe('Tasa de recuperación: 100 % (1 de 1 cerrado)');
    await sup.getByTestId('tab-board').click();
    await expect.poll(text(sup, 'today-recovery')).toBe('100 %');
    await expect.poll(text(sup, 'today-open-cases')).toBe('0');
  });

  it('a board left open over midnight starts the new day’s figures at zero (the office’s midnight, not the browser’s)', async () => {
    // 23:00 in Cúcuta; the hub's clock is moved by hand.
    let now = Date.UTC(2026, 11, 6, 4, 0);
    const o = await office({ clock: () => now });
    const sup = await page();
    await signInConsole(sup, o.t.hub.url, 'supervisor');
    await sup.getByTestId('live-board').waitFor();
    const k = await kiosk(o);
    const issue = () => k.request('issue_ticket', { serviceId: 'pagos', preferentialClass: null, accountNumber: null, lang: 'es', idempotencyKey: key() });
    await issue();
    await issue();
    await expect.poll(text(sup, 'today-issued')).toBe('2');
    now += 2 * 3_600_000; // 01:00 the next day
    await issue(); // its time tells the page the hub's clock moved
    await expect.poll(text(sup, 'today-issued')).toBe('1');
  });

  it('the board warns when the day’s database copy cannot be made (the backup folder gone), in words, with the folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'turnero-e2e-'));
    watch.track(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'usb'), 'not a folder');
    const backupDir = join(dir, 'usb', 'turnero');
    const o = await office({ backup: { dir: backupDir, keep: 7 } });
    const sup = await page();
    await signInConsole(sup, o.t.hub.url, 'supervisor');
    const alert = sup.locator('[data-testid="alert-backup"][data-active="true"]');
    await alert.waitFor();
    expect(await alert.textContent()).toContain(`La copia de seguridad del día falló: revise la carpeta de copias (${backupDir}) o avise al administrador.`);
    await screenshot(sup, 'supervisor-backup-alert');
  });

  it('[K1][K3][K4] a service created in configuration appears on a connected kiosk without reload; validation errors are shown; rules saved; a pairing code is shown large', async () => {
    const o = await office();
    const kioskPage = await page();
    await kioskPage.goto(`${o.t.hub.url}/kiosk/#token=${o.kioskToken}`);
    await kioskPage.locator('[data-service="facturacion"]').waitFor();
    const snapshots: OfficeSnapshot[] = [];
    const k = await kiosk(o);
    await k.subscribe({ onSnapshot: (s) => snapshots.push(s) });

    const admin = await page();
    await signInConsole(admin, o.t.hub.url, 'admin');
    await admin.getByTestId('tab-config').click();
    // Nothing configured yet: the audit says so instead of showing bare column titles.
    await admin.getByTestId('config-audit').click();
    await expect.poll(text(admin, 'audit-empty')).toBe('Ningún cambio de configuración registrado todavía.');
    await admin.getByTestId('config-services').click();
    await admin.getByTestId('svc-new').click();
    const form = admin.getByTestId('svc-form');
    await form.getByLabel('Identificador').fill('medidores');
    await form.getByLabel('Prefijo').fill('F');
    await form.getByLabel('Nombre (español)').fill('Medidores');
    await form.getByLabel('Nombre (inglés)').fill('Meters');
    // The icon is picked from the drawings the kiosk has (a radio group), not typed.
    await form.getByRole('radio', { name: 'Energía' }).check();
    await form.getByRole('button', { name: 'Guardar' }).click();
    // K1: the prefix F is taken by Facturación: the hub says so next to the form, in the console's language.
    await expect.poll(text(admin, 'form-error')).toBe('El prefijo F ya lo usa Facturación: elija otra letra.');
    await screenshot(admin, 'supervisor-config-services');
    await form.getByLabel('Prefijo').fill('M');
    await form.getByRole('button', { name: 'Guardar' }).click();
    await admin.getByTestId('svc-medidores').waitFor();

    await kioskPage.locator('[data-service="medidores"]').getByText('Medidores').waitFor();
    // The kiosk draws the picture the supervisor picked.
    await kioskPage.locator('[data-service="medidores"] svg[data-icon="bolt"]').waitFor();
    await admin.locator('[data-testid="svc-medidores"] svg[data-icon="bolt"]').waitFor();
    await expect.poll(() => snapshots.some((s) => s.services.some((x) => x.id === 'medidores'))).toBe(true);

    await admin.getByTestId('config-devices').click();
    await admin.getByTestId('pair-kind').selectOption('display');
    await admin.getByTestId('pair-name').fill('Pantalla sala');
    await admin.getByTestId('pair-create').click();
    await expect.poll(async () => (await admin.getByTestId('pairing-code').locator('strong').textContent())?.replace(/\s/g, '')).toMatch(/^\d{6}$/);
    await screenshot(admin, 'supervisor-config-devices');

    await admin.getByTestId('config-rules').click();
    await admin.getByTestId('rules-threshold').fill('5');
    await admin.getByLabel('Turnos por minuto por kiosco').fill('600');
    await admin.getByRole('button', { name: 'Guardar' }).click();
    await admin.getByText('Guardado.').waitFor();
    await expect.poll(() => snapshots.at(-1)?.ratingThreshold).toBe(5);
    expect(snapshots.at(-1)?.preferentialClasses.map((c) => c.id)).toEqual(['older_adult', 'pregnant', 'disability', 'child_in_arms']);

    await admin.getByTestId('config-audit').click();
    await expect.poll(() => admin.getByTestId('audit-row').count()).toBeGreaterThan(0);
    expect(await admin.getByTestId('audit-empty').count()).toBe(0);
    // Who made the change, by name (the admin's display name), not by user id.
    // The latest change (the rules) in words, and the service created above by its name, not its id.
    expect(await admin.getByTestId('audit-row').first().textContent()).toContain('Administración');
    expect(await admin.getByTestId('audit-row').first().textContent()).toContain('Cambió las reglas');
    expect(await admin.getByTestId('audit-row').first().textContent()).toContain('CENS Cúcuta — Oficina Centro');
    await admin.getByTestId('audit-row').filter({ hasText: 'Creó un servicio' }).filter({ hasText: 'Medidores' }).waitFor();
    await screenshot(admin, 'supervisor-config-audit');
  });

  it('an agent does not get the supervisor console, and the hub refuses an agent’s supervisor requests (FORBIDDEN)', async () => {
    const o = await office();
    const p = await page();
    await signInConsole(p, o.t.hub.url, 'agente1');
    await p.getByText('Elija su módulo').waitFor();
    expect(await p.getByTestId('supervisor-console').count()).toBe(0);
    expect(await p.getByTestId('sup-tabs').count()).toBe(0);

    const { client: agent } = await signIn(o.t.hub.wsUrl, 'agente1');
    watch.track(() => agent.stop());
    const refusals = await Promise.all([
      agent.request('list_cases', { status: 'all' }).catch((e: unknown) => e),
      agent.request('list_audit', { limit: 10 }).catch((e: unknown) => e),
      agent.request('report', { from: '2026-01-01', to: '2026-01-01' }).catch((e: unknown) => e),
      agent.request('create_pairing_code', { kind: 'kiosk', name: 'x', counterId: null }).catch((e: unknown) => e),
    ]);
    for (const r of refusals) expect(r).toBeInstanceOf(HubError);
    expect(refusals.map((r) => (r as HubError).code)).toEqual([ErrorCode.FORBIDDEN, ErrorCode.FORBIDDEN, ErrorCode.FORBIDDEN, ErrorCode.FORBIDDEN]);
  });

  it('[R1–R3] report numbers of a seeded day match the hand-computed figures', async () => {
    // 2026-03-10, 08:00 in Bogotá (UTC-5).
    let now = Date.UTC(2026, 2, 10, 13, 0);
    const at = (hh: number, mm: number) => (now = Date.UTC(2026, 2, 10, 13 + hh - 8, mm));
    const o = await office({ clock: () => now });
    const k = await kiosk(o);
    const { client: agent } = await signIn(o.t.hub.wsUrl, 'agente1');
    watch.track(() => agent.stop());
    await agent.request('open_counter', { counterId: 'modulo-1' });
    const issue = async (serviceId: string) => (await k.request('issue_ticket', { serviceId, preferentialClass: null, accountNumber: null, lang: 'es', idempotencyKey: key() })).ticket;
    const serve = async (id: string, calledAt: [number, number], doneAt: [number, number], rating: number | null) => {
      at(...calledAt);
      await agent.request('call_ticket', { ticketId: id, reason: 'prueba' });
      await agent.request('start_service', { ticketId: id });
      at(...doneAt);
      await agent.request('finish_service', { ticketId: id });
      if (rating !== null) await agent.request('rate_ticket', { ticketId: id, rating, source: 'keypad' });
    };
    at(8, 0);
    const t1 = await issue('facturacion');
    at(8, 2);
    const t2 = await issue('facturacion');
    at(8, 5);
    const t3 = await issue('facturacion');
    await serve(t1.id, [8, 4], [8, 10], 9); // waited 4 min
    await serve(t2.id, [8, 10], [8, 15], 3); // waited 8 min
    at(8, 15);
    await agent.request('call_ticket', { ticketId: t3.id, reason: 'prueba' }); // waited 10 min
    at(8, 16);
    await agent.request('mark_no_show', { ticketId: t3.id });
    at(9, 0);
    const t4 = await issue('pagos');
    at(9, 1);
    await issue('pagos'); // still waiting: issued, no wait sample
    await serve(t4.id, [9, 2], [9, 5], null); // waited 2 min
    // Issued 5, served 3, no-shows 1; waits [2, 4, 8, 10] min: p50 = 2nd = 4:00, p90 = 4th = 10:00 (nearest rank); mean rating (9 + 3) / 2.

    const sup = await page();
    await signInConsole(sup, o.t.hub.url, 'supervisor');
    await sup.getByTestId('tab-reports').click();
    await sup.getByTestId('report-from').fill('2026-03-10');
    await sup.getByTestId('report-to').fill('2026-03-10');
    await sup.getByTestId('report-run').click();
    await expect.poll(() => sup.getByTestId('report').getAttribute('data-from')).toBe('2026-03-10');
    const cell = (col: string) => text(sup, `report-office`)().then(() => sup.getByTestId('report-office').locator(`[data-col="${col}"]`).textContent());
    expect(await cell('issued')).toBe('5');
    expect(await cell('served')).toBe('3');
    expect(await cell('noShows')).toBe('1');
    expect(await cell('waitP50')).toBe('4:00');
    expect(await cell('waitP90')).toBe('10:00');
    expect(await cell('rating')).toBe('6,0');
    expect(await cell('abandonment')).toBe('20 %');
    // The rating of 3 opened a case: each count agrees with its number.
    expect(await text(sup, 'report-cases')()).toBe('Casos: 1 abierto, 0 cerrados, 0 recuperados');
    expect(await text(sup, 'report-callbacks')()).toBe('Te contactamos: 0 solicitadas, 0 cerradas, 0 resueltas');
    const hour = (h: string, col: string) => sup.getByTestId('report-hours').locator(`[data-key="${h}"] [data-col="${col}"]`).textContent();
    expect(await hour('08', 'issued')).toBe('3');
    expect(await hour('08', 'waitP50')).toBe('8:00');
    expect(await hour('09', 'issued')).toBe('2');
    expect(await hour('09', 'waitP50')).toBe('2:00');
    expect(await sup.getByTestId('chart-wait').locator('rect').count()).toBe(2);
    expect(await sup.getByTestId('chart-ratings').locator('rect').count()).toBe(10);
    await screenshot(sup, 'supervisor-reports');

    // The CSV download is the hub's export of the same day, fetched with the session token.
    const [download] = await Promise.all([sup.waitForEvent('download'), sup.getByRole('button', { name: 'Descargar reporte (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe('turnero-report-2026-03-10_2026-03-10.csv');
    for (const id of ['report-services-empty', 'report-agents-empty', 'report-hours-empty', 'chart-wait-empty', 'chart-ratings-empty']) expect(await sup.getByTestId(id).count()).toBe(0);

    // The day before had no tickets: each table and chart says so instead of standing empty.
    await sup.getByTestId('report-from').fill('2026-03-09');
    await sup.getByTestId('report-to').fill('2026-03-09');
    await sup.getByTestId('report-run').click();
    await expect.poll(() => sup.getByTestId('report').getAttribute('data-from')).toBe('2026-03-09');
    expect(await cell('issued')).toBe('0');
    for (const id of ['report-services-empty', 'report-agents-empty', 'report-hours-empty']) expect(await sup.getByTestId(id).textContent()).toBe('Sin turnos en estas fechas.');
    expect(await sup.getByTestId('chart-wait-empty').textContent()).toBe('Ningún turno fue llamado en estas fechas: no hay esperas.');
    expect(await sup.getByTestId('chart-ratings-empty').textContent()).toBe('Sin calificaciones en estas fechas.');
    await screenshot(sup, 'supervisor-reports-empty');
  });
});
