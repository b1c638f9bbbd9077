import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubEvent } from '@turnero/protocol';
import type { HubClient } from '@turnero/protocol/client';
import { launchChromium, pairDevice, screenshot, signIn, startTestHub, until, type TestHub } from '@turnero/hub/testing';
import { ensureDisplayBuilt, openDisplay, overlaps, type DisplayPage } from './display-page.ts';
import { AgentAtCounter, openKiosk } from './office.ts';

describe('hall display in Chromium against the real hub', () => {
  let hub: TestHub;
  let browser: Browser;
  let token: string;
  let display: DisplayPage;
  let agent1: AgentAtCounter;
  let agent2: AgentAtCounter;
  let supervisor: HubClient;
  let kioskClient: HubClient;
  /** Calls in the hub's order, as any subscriber sees them. */
  const hubCalls: string[] = [];

  beforeAll(async () => {
    ensureDisplayBuilt();
    hub = await startTestHub({ settings: { issueRatePerMinute: 10_000 } });
    const url = hub.hub.wsUrl;
    const kiosk = await openKiosk(url);
    kioskClient = kiosk.client;
    await kiosk.issue('facturacion', 8);
    await kiosk.issue('reclamos', 6);
    await kiosk.issue('pagos', 4);
    ({ client: supervisor } = await signIn(url, 'supervisor'));
    await supervisor.subscribe({ onEvent: (e: HubEvent) => void (e.type === 'ticket_called' && hubCalls.push(e.number)) });
    token = await pairDevice(url, 'display', 'TV sala');
    browser = await launchChromium({ autoplay: true });
    display = await openDisplay(browser, hub.hub.url, token);
    agent1 = await AgentAtCounter.open(url, 'agente1', 'modulo-1');
    agent2 = await AgentAtCounter.open(url, 'agente2', 'modulo-2');
  });

  afterAll(async () => {
    for (const c of [agent1, agent2]) c?.stop();
    supervisor?.stop();
    kioskClient?.stop();
    await browser?.close();
    await hub?.close();
  });

  it('shows an agent’s call very large: the number and the counter, and says it', async () => {
    await display.page.getByTestId('no-calls').waitFor();
    const ticket = await agent1.callNext();
    const card = display.page.locator(`[data-testid="current-call"] [data-number="${ticket.number}"]`);
    await card.waitFor({ timeout: 10_000 });
    expect(await display.page.getByTestId('current-number').textContent()).toBe(ticket.number);
    expect(await display.page.getByTestId('current-counter').textContent()).toBe('Módulo 1');
    const speech = await display.spoken(ticket.number);
    const digits = ticket.number.slice(2).split('');
    const words = ['intro', 'letter-f', ...digits.map((d) => `number-${Number(d)}`), 'counter', 'number-1'];
    expect(speech).toMatchObject({ engine: 'recorded', blocked: false, error: null, recall: false });
    expect(speech.detail).toBe(`Turno F ${digits.join(' ')}, módulo 1 [${words.join(' ')}]`);
    const chime = display.log.find((e) => e.number === ticket.number && e.step === 'chime');
    expect(chime).toMatchObject({ engine: 'synth', blocked: false, error: null });
    expect(chime!.endedAt).toBeLessThanOrEqual(speech.startedAt);
  });

  it('two calls within 100 ms: both shown at once, announced one after the other in the hub’s order', async () => {
    await agent1.finishCurrent();
    const before = hubCalls.length;
    // Sent together, from two counters: the hub commits them in the same moment.
    const [a, b] = await Promise.all([agent1.callNext(), agent2.callNext()]);
    await until(() => hubCalls.length === before + 2, 5000, 'both calls');
    const hubOrder = hubCalls.slice(before);
    expect([...hubOrder].sort()).toEqual([a.number, b.number].sort());
    // Both are on screen while the first is still being announced.
    await display.page.locator(`[data-number="${hubOrder[0]}"]`).first().waitFor({ timeout: 10_000 });
    await display.page.locator(`[data-number="${hubOrder[1]}"]`).first().waitFor({ timeout: 10_000 });
    await display.spoken(hubOrder[1]!);
    const steps = display.log.filter((e) => hubOrder.includes(e.number)).map((e) => `${e.number}:${e.step}`);
    expect(steps).toEqual([`${hubOrder[0]}:chime`, `${hubOrder[0]}:speech`, `${hubOrder[1]}:chime`, `${hubOrder[1]}:speech`]);
    expect(overlaps(display.log)).toEqual([]);
    expect(display.log.every((e) => !e.blocked && e.error === null)).toBe(true);
  });

  it('a recall is announced again and marked "Llamado de nuevo"', async () => {
    const ticket = await agent2.recall();
    await display.page.locator(`[data-testid="current-call"] [data-number="${ticket.number}"][data-recall="true"]`).waitFor({ timeout: 20_000 });
    expect(await display.page.getByTestId('current-recall').textContent()).toBe('Llamado de nuevo');
    const speech = await display.spoken(ticket.number, { recall: true });
    expect(speech.detail).toMatch(/^Llamado de nuevo\. Turno R( \d){3}, módulo 2 \[recall intro letter-r( number-\d){3} counter number-2\]$/);
    expect(display.log.filter((e) => e.number === ticket.number && e.step === 'speech').map((e) => e.recall)).toEqual([false, true]);
    expect(overlaps(display.log)).toEqual([]);
  });

  it('a call taken back at once (the wrong ticket) leaves the screen and its number is never said; the next call is', async () => {
    await agent1.finishCurrent();
    const { ticket: wrong } = await agent1.client.request('call_next', {});
    await agent1.client.request('requeue', { ticketId: wrong.id });
    // Voided, so that no later call in this file says its number either.
    await supervisor.request('cancel_ticket', { ticketId: wrong.id, reason: 'prueba', callback: false });
    const next = await agent1.callNext();
    await display.spoken(next.number);
    expect(await display.page.getByTestId('current-number').textContent()).toBe(next.number);
    expect(await display.page.locator(`[data-number="${wrong.number}"]`).count()).toBe(0);
    expect(display.log.filter((e) => e.number === wrong.number && e.step === 'speech')).toEqual([]);
    expect(overlaps(display.log)).toEqual([]);
  });

  it('autoplay: sound starts with no click at all, and real samples go out', async () => {
    // A fresh page: nothing in this test clicks or evaluates in it, so the page's userActivation is untouched.
    const fresh = await openDisplay(browser, hub.hub.url, token);
    try {
      const ticket = await agent1.callNext();
      const speech = await fresh.spoken(ticket.number);
      const heard = fresh.log.filter((e) => e.number === ticket.number);
      expect(heard.map((e) => e.step)).toEqual(['chime', 'speech']);
      for (const entry of heard) {
        expect(entry).toMatchObject({ blocked: false, error: null, userActivated: false });
        // Measured on the way to the speakers.
        expect(entry.peak).toBeGreaterThan(0.05);
      }
      expect(speech.engine).toBe('recorded');
      expect(fresh.log.every((e) => e.userActivated === false && !e.blocked)).toBe(true);
      // The page's own diagnostics agree (read last: evaluating counts as a user gesture).
      const hook = await fresh.page.evaluate(() => {
        const h = (window as unknown as { __turneroDisplay: { audio: string; shell: string; log: unknown[] } }).__turneroDisplay;
        return { audio: h.audio, shell: h.shell, entries: h.log.length };
      });
      expect(hook).toEqual({ audio: 'running', shell: 'browser', entries: fresh.log.length });
    } finally {
      await fresh.close();
    }
  });

  it('autoplay: without the autoplay policy the same page reports sound blocked (so the check above can fail)', async () => {
    const strict = await launchChromium({ autoplay: false });
    try {
      const blocked = await openDisplay(strict, hub.hub.url, token);
      const ticket = await agent2.callNext();
      const entry = await blocked.spoken(ticket.number);
      expect(entry).toMatchObject({ blocked: true, userActivated: false, engine: null, peak: null });
      await blocked.page.getByTestId('sound-blocked').waitFor();
      expect(await blocked.page.evaluate(() => (window as unknown as { __turneroDisplay: { audio: string } }).__turneroDisplay.audio)).toBe('suspended');
      // The hint takes a bar of its own: the waiting counts stay whole and visible above it.
      const hint = (await blocked.page.getByTestId('sound-blocked').boundingBox())!;
      const waiting = (await blocked.page.getByTestId('waiting').boundingBox())!;
      expect(waiting.y + waiting.height).toBeLessThanOrEqual(hint.y);
      expect(hint.y + hint.height).toBeLessThanOrEqual(blocked.page.viewportSize()!.height);
      await screenshot(blocked.page, 'display-sound-blocked');
    } finally {
      await strict.close();
    }
  });

  it('pairs through the pairing screen, then shows and speaks calls in English with ?lang=en', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const states: string[] = [];
    const log: { number: string; step: string; detail: string }[] = [];
    try {
      const page = await context.newPage();
      page.on('console', (m) => {
        const text = m.text();
        if (text.startsWith('turnero-display connection ')) states.push(text.slice('turnero-display connection '.length));
        if (text.startsWith('turnero-display announce ')) log.push(JSON.parse(text.slice('turnero-display announce '.length)) as (typeof log)[number]);
      });
      await page.goto(`${hub.hub.url}/display/?lang=en`);
      await page.getByRole('heading', { name: 'Pair this device' }).waitFor();
      const { client: admin } = await signIn(hub.hub.wsUrl, 'admin');
      const { code } = await admin.request('create_pairing_code', { kind: 'display', name: 'TV hall 2', counterId: null });
      admin.stop();
      await page.locator('input[name="code"]').fill(code);
      await screenshot(page, 'display-pairing');
      await page.getByRole('button', { name: 'Pair' }).click();
      await page.getByTestId('display-board').waitFor();
      expect(await page.getByRole('heading', { name: 'Recent calls' }).count()).toBe(1);
      expect(await page.evaluate(() => localStorage.getItem('turnero.display.token'))).toMatch(/^[A-Za-z0-9_-]{20,}$/);

      const ticket = await agent1.callNext();
      await page.locator(`[data-testid="current-call"] [data-number="${ticket.number}"]`).waitFor({ timeout: 20_000 });
      expect(await page.locator('[data-testid="current-call"] .label').textContent()).toBe('Ticket');
      await until(() => log.some((e) => e.number === ticket.number && e.step === 'speech'), 20_000, 'the English announcement');
      const speech = log.find((e) => e.number === ticket.number && e.step === 'speech')!;
      expect(speech.detail).toMatch(new RegExp(`^Ticket F( \\d){3}, counter 1 \\[intro letter-f`));
      expect(states).toContain('online');
    } finally {
      await context.close();
    }
  });

  it('a TV whose own clock is days off (dead clock battery, no time server) shows the hub’s time and date from the start', async () => {
    const skewed = await openDisplay(browser, hub.hub.url, token, {
      beforeLoad: async (context) => {
        await context.addInitScript(() => {
          const real = Date.now.bind(Date);
          Date.now = () => real() - (3 * 24 + 5) * 3_600_000;
        });
      },
    });
    try {
      const fmt = (at: number) => new Intl.DateTimeFormat('es-CO', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'America/Bogota' }).format(new Date(at));
      // No call is made: the hub's time comes with what it sends right after the display subscribes (the clock ticks each second).
      await expect.poll(() => skewed.page.locator('[data-testid="clock"] .date').textContent(), { timeout: 2_500 }).toSatisfy((shown) => [fmt(Date.now()), fmt(Date.now() - 60_000)].includes(shown ?? ''));
    } finally {
      await skewed.close();
    }
  });

  it('shows the supervisor’s message for the hall, live, without a reload', async () => {
    const state = hub.hub.engine.state('cucuta-centro');
    const message = 'Hoy atendemos hasta las 4:00 p. m. Traiga su última factura.';
    await supervisor.request('set_office_settings', { settings: { ...state.settings, displayMessage: message }, preferentialClasses: state.preferentialClasses });
    await display.page.getByTestId('display-message').filter({ hasText: message }).waitFor({ timeout: 10_000 });
  });

  it('screenshots of each layout with calls on screen (1920×1080, 1280×720, portrait 1080×1920)', async () => {
    const before = hubCalls.length;
    for (const agent of [agent1, agent2, agent1]) await agent.callNext();
    const recalled = await agent2.recall();
    await until(() => hubCalls.length === before + 3, 5000, 'the calls');
    // A screen switched on now: the calls are listed and the latest (a recall) is announced.
    const fresh = await openDisplay(browser, hub.hub.url, token);
    try {
      const page = fresh.page;
      await page.locator(`[data-testid="current-call"] [data-number="${recalled.number}"][data-recall="true"]`).waitFor({ timeout: 10_000 });
      for (const [width, height] of [
        [1920, 1080],
        [1280, 720],
        [1080, 1920],
      ] as const) {
        await page.setViewportSize({ width, height });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth > innerWidth || document.documentElement.scrollHeight > innerHeight);
        expect(overflow).toBe(false);
        await screenshot(page, `display-${width}x${height}`);
      }
    } finally {
      await fresh.close();
    }
  });
});
