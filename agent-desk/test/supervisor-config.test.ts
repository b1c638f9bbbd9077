import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium, screenshot } from '@turnero/hub/testing';
import { pageWatch } from './e2e/page-watch.ts';
import { buildConsole, consolePage, signInConsole, startSupOffice, type SupOffice } from './supervisor-fixtures.ts';

let browser: Browser;
let apps: Awaited<ReturnType<typeof buildConsole>>;
const watch = pageWatch(/WebSocket connection to .* failed/, { failedResponses: true });

beforeAll(async () => {
  apps = await buildConsole();
  browser = await launchChromium();
}, 180_000);

afterEach(async () => {
  expect(await watch.finish()).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  apps?.cleanup();
});

async function office(): Promise<SupOffice> {
  const o = await startSupOffice(apps.appsRoot);
  watch.track(() => o.close());
  return o;
}

/** The admin's console on the configuration tab, at `section`. */
async function configAs(o: SupOffice, section: 'services' | 'counters' | 'users' | 'rules'): Promise<Page> {
  const { context, page } = await consolePage(browser);
  watch.track(() => context.close());
  watch.watch(page);
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
});
