import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ErrorCode, HubError } from '@turnero/protocol';
import { connect, launchChromium, pairDevice, screenshot, signIn, startTestHub, type TestHub } from '@turnero/hub/testing';
import { openCounter, signInDesk } from './e2e/desk-harness.ts';

/**
 * "Asesor en línea" end to end: the booth (kiosk in booth mode) and the agent desk in two Chromium
 * contexts with fake cameras, against the real hub (SPEC V1–V3, F1).
 */
const ROOT = join(import.meta.dirname, '..', '..');
let browser: Browser;
let t: TestHub;
let boothToken: string;
let intruderToken: string;
const problems: string[] = [];

interface CallProbe {
  state: string;
  muted: boolean;
  cameraOff: boolean;
  remoteMuted: boolean;
  remoteCameraOff: boolean;
  generation: number;
  endReason: string | null;
}
type Stats = { videoBytesReceived: number; audioBytesReceived: number } | null;

beforeAll(async () => {
  const build = (w: string) => promisify(execFile)('npm', ['run', 'build', '-w', w], { cwd: ROOT, timeout: 120_000 });
  await Promise.all([build('kiosk'), build('agent-desk')]);
  t = await startTestHub({ settings: { issueRatePerMinute: 600 } });
  boothToken = await pairDevice(t.hub.wsUrl, 'kiosk', 'Cabina de video');
  intruderToken = await pairDevice(t.hub.wsUrl, 'kiosk', 'Kiosco del hall');
  // NOTE: launchChromium({media: true}) adds the fake camera/microphone and --allow-loopback-in-peer-connection;
  // headless Chromium then gathers plain loopback host candidates and the two pages connect without STUN.
  // If a Chromium build hides them behind mDNS names, add --disable-features=WebRtcHideLocalIpsWithMdns.
  browser = await launchChromium({ media: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function open(viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'es-CO', timezoneId: 'America/Bogota' });
  context.setDefaultTimeout(15_000);
  await context.addInitScript(() => localStorage.setItem('turnero.testHooks', '1'));
  const page = await context.newPage();
  page.on('response', (r) => r.status() >= 400 && problems.push(`http ${r.status()} ${r.url()}`));
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/WebSocket connection to .* failed/.test(m.text())) problems.push(`console: ${m.text()} @ ${m.location().url}`);
  });
  return page;
}

const boothView = (p: Page) => p.evaluate(() => (window as unknown as { turneroBoothTest: { view(): CallProbe | null } }).turneroBoothTest.view());
const deskView = (p: Page) => p.evaluate(() => (window as unknown as { turneroDeskVideoTest: { view(): CallProbe } }).turneroDeskVideoTest.view());
const boothStats = (p: Page) => p.evaluate(() => (window as unknown as { turneroBoothTest: { stats(): Promise<Stats> } }).turneroBoothTest.stats());
const deskStats = (p: Page) => p.evaluate(() => (window as unknown as { turneroDeskVideoTest: { stats(): Promise<Stats> } }).turneroDeskVideoTest.stats());
/** The remote <video> has decoded frames and is playing. */
const playing = (p: Page, selector: string) =>
  p.waitForFunction((sel) => {
    const v = document.querySelector<HTMLVideoElement>(sel);
    return !!v && v.videoWidth > 0 && !v.paused && v.readyState >= 2;
  }, selector, { timeout: 20_000 });

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: T = await read();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 150));
    last = await read();
  }
  return last;
}

/** Video bytes keep arriving (read twice, a moment apart). */
async function mediaFlows(read: () => Promise<Stats>, what: string): Promise<void> {
  const first = await eventually(read, (s) => (s?.videoBytesReceived ?? 0) > 0, `${what}: inbound video bytes`);
  await eventually(read, (s) => (s?.videoBytesReceived ?? 0) > (first?.videoBytesReceived ?? 0), `${what}: more inbound video bytes`);
}

describe('Asesor en línea: booth and agent desk over WebRTC', () => {
  it('[V1–V3, F1] rings, connects both ways, toggles, refuses an intruder, recovers from a drop, ends, and the booth rates', async () => {
    const booth = await open({ width: 1080, height: 1920 });
    const desk = await open({ width: 1366, height: 768 });

    // The customer takes a video ticket at the booth (only video services are offered there).
    await booth.goto(`${t.hub.url}/kiosk/?mode=booth#token=${boothToken}`);
    await booth.locator('[data-screen="home"]').waitFor();
    expect(await booth.locator('[data-service]').evaluateAll((els) => els.map((e) => e.getAttribute('data-service')))).toEqual(['asesor-en-linea']);
    await booth.locator('[data-service="asesor-en-linea"]').click();
    await booth.locator('[data-class="none"]').click();
    await booth.locator('[data-action="skip"]').click();
    await booth.locator('[data-screen="booth-waiting"]').waitFor();
    const number = (await booth.locator('[data-field="number"]').textContent())?.trim() ?? '';
    expect(number).toMatch(/^[A-Z]+-?\d+$/);

    // The remote agent calls it at Módulo 4; the booth learns it from the live status and rings.
    await signInDesk(desk, t.hub.url, 'agente2');
    await openCounter(desk, 'modulo-4');
    await desk.getByTestId('action-call_next').click();
    await desk.getByTestId('video-panel').waitFor();
    expect(await desk.getByTestId('current-number').textContent()).toBe(number);
    await booth.locator('[data-screen="booth-ringing"]').waitFor();
    await screenshot(booth, 'video-booth-ringing');

    // The agent starts the call, the customer answers: both see and hear each other.
    await desk.getByTestId('video-start').click();
    await booth.locator('[data-action="accept"]').click();
    await eventually(() => deskView(desk), (v) => v.state === 'connected', 'desk connected');
    await eventually(() => boothView(booth), (v) => v?.state === 'connected', 'booth connected');
    await playing(booth, '[data-video="remote"]');
    await playing(desk, '[data-testid="video-remote"]');
    await mediaFlows(() => boothStats(booth), 'booth');
    await mediaFlows(() => deskStats(desk), 'desk');
    await booth.locator('[data-screen="booth-call"]').waitFor();
    await screenshot(booth, 'video-booth-call');
    await screenshot(desk, 'video-agent-call');

    // Mute and camera off reach the other side.
    await booth.locator('[data-action="mute"]').click();
    await desk.locator('[data-testid="video-panel"][data-remote-muted="true"]').waitFor();
    await desk.getByTestId('video-camera').click();
    await eventually(() => boothView(booth), (v) => v?.remoteCameraOff === true, 'booth sees the agent camera off');
    await booth.locator('[data-field="remote-media"]').waitFor();
    await booth.locator('[data-action="mute"]').click();
    await desk.getByTestId('video-camera').click();
    await desk.locator('[data-testid="video-panel"][data-remote-muted="false"]').waitFor();
    await eventually(() => boothView(booth), (v) => v?.remoteCameraOff === false, 'camera back on');

    // A third party cannot inject signalling (V2).
    const ticketId = await booth.evaluate(() => (window as unknown as { turneroBoothTest: { ticketId(): string | null } }).turneroBoothTest.ticketId());
    const current = t.hub.store.ticketById(ticketId ?? '')?.ticket;
    expect(current).toMatchObject({ number, status: 'called', counterId: 'modulo-4' });
    const intruder = await connect(t.hub.wsUrl, { kind: 'device', token: intruderToken });
    await expect(intruder.request('signal', { ticketId: current!.id, data: { t: 'bye' } })).rejects.toSatisfy((e) => e instanceof HubError && e.code === ErrorCode.FORBIDDEN);
    intruder.stop();
    const { client: otherAgent } = await signIn(t.hub.wsUrl, 'agente1');
    await expect(otherAgent.request('signal', { ticketId: current!.id, data: { t: 'sp', gen: 99, d: { type: 'offer', sdp: 'x' } } })).rejects.toSatisfy((e) => e instanceof HubError && e.code === ErrorCode.FORBIDDEN);
    otherAgent.stop();
    expect((await boothView(booth))?.state).toBe('connected');

    // The booth's hub link drops: media keeps flowing peer to peer and the screen stays.
    await booth.evaluate(() => (window as unknown as { turneroBoothTest: { dropHub(): void } }).turneroBoothTest.dropHub());
    await mediaFlows(() => boothStats(booth), 'booth after a hub drop');
    // The hub link drops and the peer fails at once: the booth asks again when back, the agent re-offers.
    const before = (await deskView(desk)).generation;
    await booth.evaluate(() => {
      const hooks = (window as unknown as { turneroBoothTest: { dropHub(): void; dropPeer(): void } }).turneroBoothTest;
      hooks.dropHub();
      hooks.dropPeer();
    });
    await eventually(() => boothView(booth), (v) => v?.state === 'reconnecting' || v?.generation !== before, 'booth reconnecting');
    const recovered = await eventually(() => deskView(desk), (v) => v.state === 'connected' && v.generation > before, 'desk re-connected with a new peer');
    await eventually(() => boothView(booth), (v) => v?.state === 'connected' && v.generation === recovered.generation, 'booth re-connected');
    await playing(booth, '[data-video="remote"]');
    await playing(desk, '[data-testid="video-remote"]');
    await mediaFlows(() => deskStats(desk), 'desk after recovery');
    await mediaFlows(() => boothStats(booth), 'booth after recovery');

    // The agent ends the call and finishes the ticket; the booth asks for the rating.
    await desk.getByTestId('video-hangup').click();
    await eventually(() => boothView(booth), (v) => v?.state === 'ended' && v.endReason === 'remote', 'booth sees the call ended');
    await booth.locator('[data-screen="booth-ended"]').waitFor();
    await desk.getByTestId('action-start').click();
    await desk.getByTestId('action-finish').click();
    await booth.locator('[data-screen="booth-rating"]').waitFor();
    await screenshot(booth, 'video-booth-rating');
    await booth.locator('[data-rating="9"]').click();
    await booth.locator('[data-screen="booth-thanks"]').waitFor();
    const stored = t.hub.store.ticketById(current!.id)?.ticket;
    expect(stored).toMatchObject({ status: 'done', rating: 9 });
    await booth.locator('[data-screen="home"]').waitFor({ timeout: 10_000 });
    expect(problems).toEqual([]);
    await booth.context().close();
    await desk.context().close();
  }, 180_000);

  it('a booth that is gone: the agent’s call ends as lost within the bound, says so, and the ticket is still actionable', async () => {
    const booth = await open({ width: 1080, height: 1920 });
    const desk = await open({ width: 1366, height: 768 });
    await booth.goto(`${t.hub.url}/kiosk/?mode=booth#token=${boothToken}`);
    await booth.locator('[data-service="asesor-en-linea"]').click();
    await booth.locator('[data-class="none"]').click();
    await booth.locator('[data-action="skip"]').click();
    await booth.locator('[data-screen="booth-waiting"]').waitFor();
    const ticketId = await booth.evaluate(() => (window as unknown as { turneroBoothTest: { ticketId(): string | null } }).turneroBoothTest.ticketId());

    await signInDesk(desk, t.hub.url, 'agente2');
    // agente2 still holds Módulo 4 from the first test.
    await desk.getByTestId('counter-name').or(desk.getByTestId('counter-modulo-4')).first().waitFor();
    if (await desk.getByTestId('counter-modulo-4').isVisible()) await openCounter(desk, 'modulo-4');
    await desk.getByTestId('action-call_next').click();
    await booth.locator('[data-action="accept"]').click();
    await desk.getByTestId('video-start').click();
    await eventually(() => deskView(desk), (v) => v.state === 'connected', 'desk connected');
    await playing(desk, '[data-testid="video-remote"]');

    // The booth disappears (power cut): no recovery is possible.
    const gone = Date.now();
    await booth.context().close();
    await eventually(() => deskView(desk), (v) => v.state === 'reconnecting', 'desk reconnecting', 15_000);
    await desk.getByText('Se perdió la conexión; reconectando…').waitFor();
    const ended = await eventually(() => deskView(desk), (v) => v.state === 'ended', 'call ended as lost', 40_000);
    expect(ended.endReason).toBe('lost');
    expect(Date.now() - gone).toBeLessThan(40_000);
    await desk.getByText(/No se pudo recuperar la conexión en 20 s/).waitFor();
    await desk.getByTestId('video-retry').waitFor();
    await screenshot(desk, 'video-agent-lost');
    // The ticket is not left hanging: the agent marks it as a no-show.
    await desk.getByTestId('action-no_show').click();
    await desk.getByTestId('video-panel').waitFor({ state: 'detached' });
    expect(t.hub.store.ticketById(ticketId ?? '')?.ticket.status).toBe('no_show');
    expect(problems).toEqual([]);
    await desk.context().close();
  }, 120_000);
});
