import type { Locator, Page } from 'playwright-core';

export type ScreenName = 'home' | 'long_wait' | 'preferential' | 'account' | 'ticket' | 'callback_form' | 'callback_done' | 'offline';

/** Drives the kiosk page the way a customer does: by its buttons (touch) or the keyboard. */
export class KioskPage {
  constructor(readonly page: Page) {}

  screen(name: ScreenName): Locator {
    return this.page.locator(`[data-screen="${name}"]`);
  }

  async on(name: ScreenName, timeout = 10_000): Promise<void> {
    await this.screen(name).waitFor({ timeout });
  }

  service(id: string): Locator {
    return this.page.locator(`[data-service="${id}"]`);
  }

  async chooseService(id: string): Promise<void> {
    await this.on('home');
    await this.service(id).click();
  }

  async choosePreferential(classId: string | null): Promise<void> {
    await this.on('preferential');
    await this.page.locator(`[data-class="${classId ?? 'none'}"]`).click();
  }

  /** Taps the digits on the on-screen pad. */
  async tapDigits(digits: string): Promise<void> {
    const pad = this.page.getByRole('group', { name: /Teclado numérico|Number pad/ });
    for (const d of digits) await pad.getByRole('button', { name: d, exact: true }).click();
  }

  /** The ticket on screen once the hub acknowledged it: its number and the QR's URL. */
  async ticket(): Promise<{ number: string; statusUrl: string }> {
    await this.on('ticket');
    const number = (await this.page.locator('[data-field="number"]').textContent())?.trim() ?? '';
    const statusUrl = (await this.page.locator('[data-status-url]').getAttribute('data-status-url')) ?? '';
    return { number, statusUrl };
  }

  /** Waits for the print to end: 'printed' or 'failed'. */
  async printed(timeout = 10_000): Promise<string> {
    const done = this.page.locator('[data-print="printed"], [data-print="failed"]');
    await done.waitFor({ timeout });
    return (await done.getAttribute('data-print')) ?? '';
  }

  /** The whole walk-in flow by touch; returns the ticket shown. */
  async takeTicket(serviceId: string, opts: { preferential?: string | null; account?: string } = {}): Promise<{ number: string; statusUrl: string }> {
    await this.chooseService(serviceId);
    await this.choosePreferential(opts.preferential ?? null);
    await this.on('account');
    if (opts.account) {
      await this.tapDigits(opts.account);
      await this.page.locator('[data-action="take"]').click();
    } else {
      await this.page.locator('[data-action="skip"]').click();
    }
    return this.ticket();
  }

  async done(): Promise<void> {
    await this.page.locator('[data-action="done"]').click();
    await this.on('home');
  }

  /** Presses Tab until the focused element matches `selector`; true if it got there with a visible focus ring. */
  async tabTo(selector: string, maxTabs = 60): Promise<boolean> {
    for (let i = 0; i < maxTabs; i++) {
      await this.page.keyboard.press('Tab');
      const hit = await this.page.evaluate((s) => {
        const el = document.activeElement;
        return el?.matches(s) ? el.matches(':focus-visible') : null;
      }, selector);
      if (hit !== null) return hit;
    }
    throw new Error(`Tab never reached ${selector}`);
  }
}
