import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { KeypadSimulator } from '@turnero/hardware';
import { connect, key, otherVersionHub, screenshot, signIn, startTestHub, until } from '@turnero/hub/testing';
import { formatClock } from '../renderer/shared/format.ts';
import { buildDesk, currentNumber, issue, newPage, openCounter, signInDesk, startOffice, TABLET_VIEWPORT, type Office } from './e2e/desk-harness.ts';
import { attachKeypad } from './e2e/keypad-injection.ts';
import { browserSuite } from './e2e/browser-suite.ts';

// NOTE: Chromium logs each refused WebSocket reconnect while the hub is down; that one is expected.
/** What each test opened, and the errors and warnings its pages logged (Svelte's among them): none are expected. */
const suite = browserSuite({ prepare: buildDesk, expected: /WebSocket connection to .* failed/ });
const { watch } = suite;

async function office(opts: Parameters<typeof startOffice>[0] = {}): Promise<Office> {
  const o = await startOffice(opts);
  watch.track(() => o.close());
  return o;
}

async function page(viewport?: { width: number; height: number }): Promise<Page> {
  const { context, page: p } = await newPage(suite.browser(), viewport);
  context.setDefaultTimeout(10_000);
  watch.track(() => context.close());
  return watch.watch(p);
}

/** A new facturación ticket, called at the desk with F2 (it shows as the desk's current ticket). */
async function callNextIssued(o: Office, desk: Page): ReturnType<typeof issue> {
  const ticket = await issue(o, 'facturacion');
  await desk.keyboard.press('F2');
  await expect.poll(() => currentNumber(desk)).toBe(ticket.number);
  return ticket;
}

/** A desk page signed in as `username`, holding `counterId` when given. */
async function deskAt(o: Office, username: string, counterId: string | null): Promise<Page> {
  const p = await page();
  await signInDesk(p, o.t.hub.url, username);
  if (counterId) await openCounter(p, counterId);
  return p;
}

/** A desk page (not signed in yet) with `counterId`'s keypad attached, a simulated one on a real PTY. */
async function deskWithKeypad(counterId: string): Promise<{ desk: Page; sim: KeypadSimulator }> {
  const sim = await KeypadSimulator.start();
  watch.track(() => sim.stop());
  const desk = await page();
  const bridge = await attachKeypad(desk, sim.hostPath, counterId);
  watch.track(() => bridge.close());
  return { desk, sim };
}

const action = (p: Page, id: string) => p.getByTestId(`action-${id}`);
const textOf = (p: Page, testId: string) => () => p.getByTestId(testId).textContent();

describe('agent desk in Chromium against the real hub', () => {
  it('1. signs in, opens a counter, calls, serves, finishes, and the counter keypad rates it (a 3 opens a case)', async () => {
    const o = await office();
    const hub = o.t.hub;
    // An earlier visit of the same customer, rated 9, and an open callback: the desk shows them.
    const { client: other } = await signIn(hub.wsUrl, 'agente2');
    await other.request('open_counter', { counterId: 'modulo-3' });
    const past = await issue(o, 'pagos', { accountNumber: '12345678' });
    await other.request('call_ticket', { ticketId: past.id, reason: 'prueba' });
    await other.request('start_service', { ticketId: past.id });
    await other.request('finish_service', { ticketId: past.id });
    await other.request('rate_ticket', { ticketId: past.id, rating: 9, source: 'keypad' });
    await other.request('close_counter', {});
    other.stop();
    const kiosk = await connect(hub.wsUrl, { kind: 'device', token: o.kioskToken });
    await kiosk.request('request_callback', { serviceId: 'reclamos', name: 'Marta Rincón', phone: '3001234567', reason: 'Cobro doble en la factura de octubre', accountNumber: '12345678', idempotencyKey: key() });
    kiosk.stop();

    const { desk, sim } = await deskWithKeypad('modulo-1');

    await desk.goto(`${hub.url}/agent/`);
    await desk.getByLabel('Usuario').fill('agente1');
    await screenshot(desk, 'desk-sign-in');
    await desk.getByLabel('Contraseña').fill('agente1-demo');
    await desk.getByRole('button', { name: 'Ingresar' }).click();
    await desk.getByText('Elija su módulo').waitFor();
    await desk.getByTestId('counter-modulo-1').getByText('Teclado de este puesto').waitFor();
    await screenshot(desk, 'desk-counter-choice');
    await openCounter(desk, 'modulo-1');

    const ticket = await issue(o, 'facturacion', { accountNumber: '12345678', preferentialClass: 'older_adult' });
    await issue(o, 'pagos');
    await issue(o, 'facturacion');
    await desk.getByTestId(`waiting-${ticket.number}`).waitFor();
    await screenshot(desk, 'desk-idle');

    await desk.keyboard.press('F2');
    await expect.poll(() => currentNumber(desk)).toBe(ticket.number);
    await desk.getByTestId('customer-history').getByText(past.number).waitFor();
    await desk.getByTestId('customer-history').getByText('Cobro doble en la factura de octubre').waitFor();
    await expect.poll(textOf(desk, 'ticket-account')).toContain('12345678');
    await screenshot(desk, 'desk-called-history');

    await desk.keyboard.press('F4');
    await desk.getByText('Tiempo de atención').waitFor();
    await expect.poll(textOf(desk, 'ticket-timer'), { timeout: 5000 }).toMatch(/0:0[2-9]/);
    await screenshot(desk, 'desk-serving-timer');
    expect(await action(desk, 'call_next').isDisabled()).toBe(true);

    await desk.keyboard.press('F5');
    await sim.waitForLamp(true, 5000);
    await desk.getByText(`Esperando la calificación de ${ticket.number} en el teclado`).waitFor();
    await sim.press(3);
    await desk.getByTestId('rating-case').waitFor();
    await expect.poll(textOf(desk, 'rating-result')).toContain('calificación 3/10');
    await sim.waitForLamp(false, 5000);
    await expect.poll(textOf(desk, 'day-served')).toBe('1');
    await screenshot(desk, 'desk-rating-received');

    expect(hub.store.ticketById(ticket.id)?.ticket).toMatchObject({ status: 'done', rating: 3, counterId: 'modulo-1' });
    const { client: sup } = await signIn(hub.wsUrl, 'supervisor');
    const { cases } = await sup.request('list_cases', { status: 'open' });
    sup.stop();
    expect(cases.map((c) => [c.ticketId, c.rating])).toContainEqual([ticket.id, 3]);
  }, 60_000);

  it('2. [T7] a transfer to another counter keeps the arrival time, shown at the target with the note', async () => {
    const o = await office();
    const a = await deskAt(o, 'agente1', 'modulo-1');
    const b = await deskAt(o, 'agente2', 'modulo-2');
    const ticket = await issue(o, 'facturacion');

    await a.keyboard.press('F2');
    await expect.poll(() => currentNumber(a)).toBe(ticket.number);
    await a.keyboard.press('F4');
    await action(a, 'transfer').and(a.locator(':enabled')).waitFor();
    await a.keyboard.press('F7');
    const dialog = a.getByRole('dialog');
    await dialog.getByLabel('Módulo 2').check();
    // Counters nobody holds are not offered: nobody would call the customer there.
    expect(await dialog.getByLabel('Módulo 3').count()).toBe(0);
    await dialog.getByLabel('Nota para quien lo atienda').fill('Revisar la lectura del medidor');
    await screenshot(a, 'desk-transfer-dialog');
    await dialog.getByRole('button', { name: 'Transferir' }).click();
    await expect.poll(textOf(a, 'desk-notice')).toContain(`${ticket.number} transferido a Módulo 2`);
    expect(await currentNumber(a)).toBeNull();

    await b.getByTestId(`waiting-${ticket.number}`).getByText('Para este módulo').waitFor();
    await b.keyboard.press('F2');
    await expect.poll(() => currentNumber(b)).toBe(ticket.number);
    await expect.poll(textOf(b, 'ticket-notes')).toContain('Revisar la lectura del medidor');
    const arrived = formatClock(ticket.arrivedAt, 'America/Bogota', 'es');
    await expect.poll(textOf(b, 'ticket-arrived')).toBe(`Llegó a las ${arrived}`);
    expect(o.t.hub.store.ticketById(ticket.id)?.ticket).toMatchObject({ arrivedAt: ticket.arrivedAt, transfers: 1, counterId: 'modulo-2', status: 'called' });
  }, 60_000);

  it('2b. [A8] a transfer dialog whose ticket a supervisor finished by releasing the counter goes away, and F2 calls again once the counter is reopened', async () => {
    const o = await office();
    const a = await deskAt(o, 'agente1', 'modulo-1');
    const ticket = await callNextIssued(o, a);
    await a.keyboard.press('F4');
    await action(a, 'transfer').and(a.locator(':enabled')).waitFor();
    await a.keyboard.press('F7');
    await a.getByRole('dialog').waitFor();

    const { client: sup } = await signIn(o.t.hub.wsUrl, 'supervisor');
    const agentId = o.t.hub.store.ticketById(ticket.id)?.ticket.agentId ?? '';
    await sup.request('release_counter', { counterId: 'modulo-1', agentId, ticketId: ticket.id, servingTicket: 'finish' });
    sup.stop();
    await a.getByTestId('desk-notice').getByText('Módulo 1').waitFor();
    expect(await a.getByRole('dialog').count()).toBe(0);

    await openCounter(a, 'modulo-1');
    const next = await issue(o, 'facturacion');
    await action(a, 'call_next').and(a.locator(':enabled')).waitFor();
    await a.keyboard.press('F2');
    await expect.poll(() => currentNumber(a)).toBe(next.number);
    // Serving the next one does not bring the old transfer dialog back.
    await a.keyboard.press('F4');
    await action(a, 'transfer').and(a.locator(':enabled')).waitFor();
    expect(await a.getByRole('dialog').count()).toBe(0);
  }, 60_000);

  it('3. [C7][R1] a ticket called out of order with a reason; calling again past the recall limit (2) makes it a no-show; sign out', async () => {
    const o = await office();
    const desk = await page();
    await signInDesk(desk, o.t.hub.url, 'agente1');
    await openCounter(desk, 'modulo-1');
    const first = await issue(o, 'facturacion');
    const ticket = await issue(o, 'facturacion');
    await desk.getByRole('button', { name: `Llamar ${ticket.number} fuera de orden` }).click();
    const dialog = desk.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Cita previa' }).click();
    await dialog.getByRole('button', { name: 'Llamar', exact: true }).click();
    await expect.poll(() => currentNumber(desk)).toBe(ticket.number);
    expect(o.t.hub.store.ticketById(first.id)?.ticket.status).toBe('waiting');
    const calls = o.t.hub.store.eventsSince('cucuta-centro', 0, 100).map((e) => e.event).filter((e) => e.type === 'ticket_called');
    expect(calls).toEqual([expect.objectContaining({ ticketId: ticket.id, rule: 'manual', manualReason: 'Cita previa' })]);

    for (const n of [1, 2]) {
      await desk.keyboard.press('F3');
      await expect.poll(textOf(desk, 'desk-notice')).toContain(`(${n} de 2 rellamados)`);
    }
    await desk.getByText('Llamado 3 de 3 veces').waitFor();
    await desk.keyboard.press('F3');
    await expect.poll(textOf(desk, 'desk-notice')).toContain(`${ticket.number} no se presentó: alcanzó el límite de 2 rellamados`);
    expect(await currentNumber(desk)).toBeNull();
    expect(o.t.hub.store.ticketById(ticket.id)?.ticket.status).toBe('no_show');

    await desk.getByRole('button', { name: 'Salir' }).click();
    await expect.poll(textOf(desk, 'sign-in-notice')).toBe('Sesión cerrada. ¡Hasta pronto!');
    expect(o.t.hub.engine.state('cucuta-centro').sessions.has('modulo-1')).toBe(false);
    expect(await desk.evaluate(() => localStorage.getItem('turnero.desk.session'))).toBeNull();
  }, 60_000);

  it('3b. [R1] F3 held down recalls once: the key’s auto-repeat does not recall again (past the limit into a no-show)', async () => {
    const o = await office();
    const desk = await deskAt(o, 'agente1', 'modulo-1');
    const ticket = await callNextIssued(o, desk);
    await desk.keyboard.down('F3');
    await expect.poll(textOf(desk, 'desk-notice')).toContain('(1 de 2 rellamados)');
    // Still held: the browser repeats the key (repeat: true) once the first recall has settled.
    await desk.keyboard.down('F3');
    await desk.keyboard.down('F3');
    await desk.keyboard.up('F3');
    // Keys are handled in order: once F4 has started the service, the repeats were handled too.
    await desk.keyboard.press('F4');
    await desk.getByText('En atención').waitFor();
    expect(o.t.hub.store.ticketById(ticket.id)?.ticket).toMatchObject({ status: 'serving', recalls: 1 });
  }, 60_000);

  it('4. [A3] a paused agent gets no calls: Llamar siguiente is disabled and the ticket goes to another counter', async () => {
    const o = await office();
    const a = await deskAt(o, 'agente1', 'modulo-1');
    const b = await deskAt(o, 'agente2', 'modulo-3');

    await a.getByLabel('Pausa').selectOption('lunch');
    await a.getByTestId('paused-card').waitFor();
    await expect.poll(textOf(a, 'agent-status')).toBe('En pausa: Almuerzo');
    const ticket = await issue(o, 'facturacion');
    await a.getByTestId(`waiting-${ticket.number}`).waitFor();
    expect(await action(a, 'call_next').isDisabled()).toBe(true);
    expect(await a.getByRole('button', { name: `Llamar ${ticket.number} fuera de orden` }).isDisabled()).toBe(true);
    await a.keyboard.press('F2');
    await screenshot(a, 'desk-paused');

    await b.keyboard.press('F2');
    await expect.poll(() => currentNumber(b)).toBe(ticket.number);
    expect(o.t.hub.store.ticketById(ticket.id)?.ticket.counterId).toBe('modulo-3');

    await a.getByRole('button', { name: 'Volver a disponible' }).click();
    await expect.poll(textOf(a, 'agent-status')).toBe('Disponible');
    await action(a, 'call_next').and(a.locator(':enabled')).waitFor();

    // A reload keeps the session (stored token) and the counter the agent holds.
    await a.reload();
    await expect.poll(textOf(a, 'counter-name')).toBe('Módulo 1');
    await action(a, 'call_next').and(a.locator(':enabled')).waitFor();
  }, 60_000);

  it('5. an expired session sends the desk back to sign-in with a plain message', async () => {
    let now = Date.now();
    const o = await office({ clock: () => now, sessionTtlMs: 60_000 });
    const desk = await page();
    await signInDesk(desk, o.t.hub.url, 'agente1');
    await openCounter(desk, 'modulo-1');
    expect(await desk.evaluate(() => localStorage.getItem('turnero.desk.session'))).not.toBeNull();

    now += 61_000;
    await desk.keyboard.press('F2');
    await expect.poll(textOf(desk, 'sign-in-notice')).toBe('Su sesión venció. Ingrese de nuevo.');
    await desk.getByRole('button', { name: 'Ingresar' }).waitFor();
    expect(await desk.evaluate(() => localStorage.getItem('turnero.desk.session'))).toBeNull();
    await screenshot(desk, 'desk-session-expired');
  }, 60_000);

  it('6. [A4] a second desk cannot take a counter another agent holds (COUNTER_HELD shown plainly)', async () => {
    const o = await office();
    await deskAt(o, 'agente1', 'modulo-1');
    const b = await deskAt(o, 'agente2', null);
    await b.getByTestId('counter-modulo-1').getByText('Ocupado por Laura Pérez').waitFor();
    await b.getByTestId('counter-modulo-1').click();
    await expect.poll(textOf(b, 'desk-notice')).toContain('Módulo 1 está ocupado por Laura Pérez. Elija otro módulo.');
    await screenshot(b, 'desk-counter-held');
    expect(await b.getByTestId('counter-name').count()).toBe(0);
    await b.getByRole('button', { name: 'Cambiar idioma a inglés' }).click();
    await b.getByRole('heading', { name: 'Choose your counter' }).waitFor();
    await expect.poll(textOf(b, 'desk-notice')).toContain('Módulo 1 is held by Laura Pérez. Choose another counter.');
    expect(o.t.hub.engine.state('cucuta-centro').sessions.get('modulo-1')?.agentId).toBe('user-agente1');
  }, 60_000);

  it('7. [F1] the counter’s on-screen pad rates a ticket finished there, while the keypad is unplugged', async () => {
    const o = await office();
    const hub = o.t.hub;
    const pad = await page(TABLET_VIEWPORT);
    await pad.goto(`${hub.url}/agent/#/pad`);
    const { client: admin } = await signIn(hub.wsUrl, 'admin');
    const { code } = await admin.request('create_pairing_code', { kind: 'keypad_station', name: 'Tableta módulo 1', counterId: 'modulo-1' });
    admin.stop();
    await pad.getByLabel('Código').fill(code);
    await pad.getByRole('button', { name: 'Vincular' }).click();
    await pad.getByText('Gracias por su visita').waitFor();
    expect(await pad.evaluate(() => localStorage.getItem('turnero.pad.token'))).not.toBeNull();

    const { desk, sim } = await deskWithKeypad('modulo-1');
    await signInDesk(desk, hub.url, 'agente1');
    await openCounter(desk, 'modulo-1');
    await sim.unplug();
    await desk.getByTestId('keypad-unplugged').waitFor();

    const ticket = await callNextIssued(o, desk);
    await desk.keyboard.press('F4');
    await action(desk, 'finish').and(desk.locator(':enabled')).waitFor();
    await desk.keyboard.press('F5');
    await desk.getByText(`Esperando la calificación de ${ticket.number} en la pantalla del cliente`).waitFor();
    await pad.getByText('¿Cómo fue su atención?').waitFor();
    await pad.getByText(`Turno ${ticket.number}`).waitFor();
    await screenshot(pad, 'desk-pad');

    // This customer reads English; the next one finds the pad in Spanish again, and the desk's saved language is not touched.
    await pad.getByRole('button', { name: 'Cambiar idioma a inglés' }).click();
    await pad.getByText('How was your service?').waitFor();
    await pad.getByRole('button', { name: 'Rate 8' }).click();
    await pad.getByText('Thank you for your rating!').waitFor();
    await expect.poll(textOf(desk, 'rating-result')).toContain('calificación 8/10 · en la pantalla');
    expect(hub.store.ticketById(ticket.id)?.ticket.rating).toBe(8);
    await pad.getByText('Gracias por su visita').waitFor({ timeout: 10_000 });
    expect(await pad.evaluate(() => localStorage.getItem('turnero.desk.lang'))).toBeNull();
  }, 60_000);

  it('7b. [F1] the agent closes the counter right after finishing: the customer’s key still rates the ticket (a 2 opens a case)', async () => {
    const o = await office();
    const hub = o.t.hub;
    const { desk, sim } = await deskWithKeypad('modulo-1');
    await signInDesk(desk, hub.url, 'agente1');
    await openCounter(desk, 'modulo-1');
    const ticket = await issue(o, 'facturacion');
    await desk.getByTestId(`waiting-${ticket.number}`).waitFor();
    await desk.keyboard.press('F2');
    await expect.poll(() => currentNumber(desk)).toBe(ticket.number);
    await desk.keyboard.press('F4');
    await desk.getByText('Tiempo de atención').waitFor();
    await desk.keyboard.press('F5');
    await sim.waitForLamp(true, 5000);
    // Lunch: the counter is closed before the customer has pressed a key.
    await desk.getByRole('button', { name: 'Cerrar módulo' }).click();
    await desk.getByText('Elija su módulo').waitFor();
    await sim.press(2);
    await sim.waitForLamp(false, 5000);
    await until(() => hub.store.ticketById(ticket.id)?.ticket.rating === 2, 5000, 'the rating stored');
    const { client: sup } = await signIn(hub.wsUrl, 'supervisor');
    const { cases } = await sup.request('list_cases', { status: 'open' });
    sup.stop();
    expect(cases.map((c) => [c.ticketId, c.rating])).toContainEqual([ticket.id, 2]);
  }, 60_000);

  it('8. hub down: a full-width banner, actions blocked; hub back: the ticket being served is there again', async () => {
    // NOTE: not office(): its database must outlive the first hub, which this test stops itself.
    const o = await startOffice();
    const first = o.t.hub;
    let firstRunning = true;
    watch.track(() => (firstRunning ? o.close() : rmSync(o.t.dir, { recursive: true, force: true })));

    const desk = await page();
    await signInDesk(desk, first.url, 'agente1');
    await openCounter(desk, 'modulo-1');
    const ticket = await callNextIssued(o, desk);
    await desk.keyboard.press('F4');
    await action(desk, 'finish').and(desk.locator(':enabled')).waitFor();

    await first.close();
    firstRunning = false;
    await desk.getByTestId('hub-down').waitFor();
    expect(await action(desk, 'finish').isDisabled()).toBe(true);
    expect(await action(desk, 'transfer').isDisabled()).toBe(true);
    await desk.keyboard.press('F5');
    await screenshot(desk, 'desk-hub-down');

    const second = await startTestHub({ dbPath: join(o.t.dir, 'hub.db'), port: first.port });
    watch.track(() => second.close());
    await desk.getByTestId('hub-down').waitFor({ state: 'detached', timeout: 15_000 });
    await expect.poll(() => currentNumber(desk)).toBe(ticket.number);
    await desk.getByText('Tiempo de atención').waitFor();
    await action(desk, 'finish').and(desk.locator(':enabled')).waitFor();
    await desk.keyboard.press('F5');
    await expect.poll(() => second.hub.store.ticketById(ticket.id)?.ticket.status).toBe('done');
  }, 60_000);

  it('a server speaking another protocol version: the banner says the desk must be updated', async () => {
    const o = await office();
    const other = await otherVersionHub();
    watch.track(() => other.close());
    const desk = await page();
    await desk.goto(`${o.t.hub.url}/agent/?hub=${other.wsUrl}`);
    await desk.getByTestId('hub-down').getByText('hay que actualizar la aplicación del puesto').waitFor();
    await screenshot(desk, 'desk-outdated');
  }, 60_000);
});
