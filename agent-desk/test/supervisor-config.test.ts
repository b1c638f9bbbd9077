import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { connect, screenshot, signIn } from '@turnero/hub/testing';
import { consoleSuite, signInConsole, type SupOffice } from './supervisor-fixtures.ts';

const { watch, office, page: consolePage } = consoleSuite();

/** The admin's console on the configuration tab, at `section`. */
async function configAs(o: SupOffice, section: 'services' | 'counters' | 'users' | 'rules' | 'devices'): Promise<Page> {
  const page = await consolePage();
  await signInConsole(page, o.t.hub.url, 'admin');
  await page.getByTestId('tab-config').click();
  await page.getByTestId(`config-${section}`).click();
  return page;
}

const valid = (input: Locator) => input.evaluate((el) => (el as HTMLInputElement).checkValidity());

describe('configuration forms in Chromium against the real hub', () => {
  it('a field the hub’s schema refuses is named in the console’s words, and the inputs carry the schema’s limits', async () => {
    const o = await office();
    const page = await configAs(o, 'users');
    await page.getByRole('button', { name: 'Nuevo' }).click();
    const username = page.getByTestId('usr-username');
    const password = page.getByTestId('usr-password');
    // The browser holds back what the hub would refuse: an uppercase name with a space, a short password, none at all for a new user.
    await username.fill('Ana López');
    expect(await valid(username)).toBe(false);
    await username.fill('ana.lopez');
    expect(await valid(username)).toBe(true);
    expect(await valid(password)).toBe(false);
    await password.fill('corta');
    expect(await valid(password)).toBe(false);
    await password.fill('una-clave-larga');
    expect(await valid(password)).toBe(true);
    // A name of blanks passes `required` but not the hub (it trims): the refusal names the field, not the request.
    await page.getByTestId('usr-name').fill('   ');
    await page.getByRole('button', { name: 'Guardar' }).click();
    await expect.poll(() => page.getByTestId('form-error').textContent()).toBe('Revise estos datos: Nombre.');
    await screenshot(page, 'supervisor-config-invalid-field');

    await page.getByTestId('config-rules').click();
    const normal = page.getByTestId('rules-normal');
    await normal.fill('');
    expect(await valid(normal)).toBe(false);
    await page.getByTestId('config-services').click();
    await page.getByTestId('svc-new').click();
    const id = page.getByTestId('svc-form').getByLabel('Identificador');
    await id.fill('facturación nueva');
    expect(await valid(id)).toBe(false);
    await id.fill('facturacion-2');
    expect(await valid(id)).toBe(true);
  });

  it('“Nuevo” starts a counter at the first free modulo-N, and a new counter, service or group with an id already listed is refused before anything is sent', async () => {
    const o = await office();
    // A gap: modulo-1..4 and modulo-6. Five counters, so a count would offer modulo-6 and save over it.
    const { client: admin } = await signIn(o.t.hub.wsUrl, 'admin');
    watch.track(() => admin.stop());
    await admin.request('upsert_counter', { counter: { id: 'modulo-6', name: 'Módulo seis', serviceIds: ['pagos'] } });
    const page = await configAs(o, 'counters');
    await page.getByTestId('ctr-modulo-6').waitFor();
    await page.getByRole('button', { name: 'Nuevo' }).click();
    const id = page.getByLabel('Identificador');
    expect(await id.inputValue()).toBe('modulo-5');
    expect(await page.getByLabel('Nombre', { exact: true }).inputValue()).toBe('Módulo 5');
    await id.fill('modulo-6');
    await page.getByRole('button', { name: 'Guardar' }).click();
    await expect.poll(() => page.getByTestId('form-error').textContent()).toBe('Ya hay uno con el identificador modulo-6: guardarlo lo reemplazaría. Elija otro identificador.');
    await screenshot(page, 'supervisor-config-id-taken');
    // Nothing was sent: modulo-6 keeps its name and services.
    expect(await page.getByTestId('ctr-modulo-6').textContent()).toContain('Módulo seis');

    await page.getByTestId('config-services').click();
    await page.getByTestId('svc-new').click();
    const form = page.getByTestId('svc-form');
    await form.getByLabel('Identificador').fill('facturacion');
    await form.getByLabel('Nombre (español)').fill('Otra');
    await form.getByLabel('Nombre (inglés)').fill('Other');
    await form.getByRole('button', { name: 'Guardar' }).click();
    await expect.poll(() => form.getByTestId('form-error').textContent()).toBe('Ya hay uno con el identificador facturacion: guardarlo lo reemplazaría. Elija otro identificador.');
    await form.getByRole('button', { name: 'Cancelar' }).click();

    await page.getByRole('button', { name: 'Nuevo' }).nth(1).click();
    const group = page.locator('form').filter({ has: page.getByLabel('Orden') });
    await group.getByLabel('Identificador').fill('presencial');
    await group.getByLabel('Nombre (español)').fill('Otro');
    await group.getByLabel('Nombre (inglés)').fill('Other');
    await group.getByRole('button', { name: 'Guardar' }).click();
    await expect.poll(() => group.getByTestId('form-error').textContent()).toBe('Ya hay uno con el identificador presencial: guardarlo lo reemplazaría. Elija otro identificador.');
    // Neither was sent: both keep their names.
    expect(await page.getByTestId('svc-facturacion').textContent()).toContain('Facturación');
    await page.getByText('Atención presencial').waitFor();
  });

  it('a device last seen on an earlier day is shown with that day, on the board and in configuration (a bare clock time read as today)', async () => {
    let now = Date.UTC(2026, 11, 5, 15, 0); // 10:00 on 5 December in Bogotá
    const o = await office({ clock: () => now });
    const k = await connect(o.t.hub.wsUrl, { kind: 'device', token: o.kioskToken });
    k.stop();
    // Its going away is recorded (seen then) before the clock moves on.
    const { client: admin } = await signIn(o.t.hub.wsUrl, 'admin');
    watch.track(() => admin.stop());
    await expect.poll(async () => (await admin.request('list_devices', {})).devices.find((d) => d.name === 'Kiosco entrada')?.online).toBe(false);
    now = Date.UTC(2026, 11, 6, 14, 0); // 09:00 the next day
    const page = await configAs(o, 'devices');
    await expect.poll(() => page.locator('li').filter({ hasText: 'Kiosco entrada' }).textContent()).toContain('Visto 05/12 10:00');
    await page.getByTestId('tab-board').click();
    const row = page.locator('[data-testid^="device-"]').filter({ hasText: 'Kiosco entrada' });
    await expect.poll(() => row.textContent()).toContain('Visto 05/12 10:00');
  });

  it('disabling another user keeps the “Nuevo” form being filled, with its own answer; a form opened again does not show the last one’s answer', async () => {
    const o = await office();
    const page = await configAs(o, 'users');
    await page.getByRole('button', { name: 'Nuevo' }).click();
    await page.getByTestId('usr-username').fill('ana.lopez');
    await page.getByTestId('usr-name').fill('Ana López');
    const carlos = page.getByTestId('user-agente2');
    await carlos.getByRole('button', { name: 'Desactivar' }).click();
    await carlos.getByText('Inactivo').waitFor();
    // The form is still there, as filled, and says nothing of the toggle.
    expect(await page.getByTestId('usr-username').inputValue()).toBe('ana.lopez');
    expect(await page.getByTestId('usr-name').inputValue()).toBe('Ana López');
    const form = page.locator('form');
    expect(await form.getByText('Guardado.').count()).toBe(0);
    await screenshot(page, 'supervisor-config-users-toggle');
    await form.getByRole('button', { name: 'Cancelar' }).click();

    // Saved, then another opened: its form starts without "Guardado." (users, counters, groups).
    await page.getByTestId('user-agente1').getByRole('button', { name: 'Editar' }).click();
    await form.getByRole('button', { name: 'Guardar' }).click();
    await form.waitFor({ state: 'detached' });
    await page.getByTestId('user-supervisor').getByRole('button', { name: 'Editar' }).click();
    await form.waitFor();
    expect(await form.getByText('Guardado.').count()).toBe(0);

    await page.getByTestId('config-counters').click();
    await page.getByTestId('ctr-modulo-1').getByRole('button', { name: 'Editar' }).click();
    await page.locator('form').getByRole('button', { name: 'Guardar' }).click();
    await page.locator('form').waitFor({ state: 'detached' });
    await page.getByTestId('ctr-modulo-2').getByRole('button', { name: 'Editar' }).click();
    await page.locator('form').waitFor();
    expect(await page.locator('form').getByText('Guardado.').count()).toBe(0);

    await page.getByTestId('config-services').click();
    const groupRow = page.locator('li').filter({ hasText: 'Atención presencial' });
    await groupRow.getByRole('button', { name: 'Editar' }).click();
    await page.locator('form').getByRole('button', { name: 'Guardar' }).click();
    await page.locator('form').waitFor({ state: 'detached' });
    await groupRow.getByRole('button', { name: 'Editar' }).click();
    await page.locator('form').waitFor();
    expect(await page.locator('form').getByText('Guardado.').count()).toBe(0);
  });
});
