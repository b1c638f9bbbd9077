/**
 * Benchmark (not a test): how long from an agent's `call_next` leaving the agent's process to the
 * ticket number being in the hall display's DOM. The real hub runs as its own process; the display
 * is the built app in Chromium. Both timestamps are wall-clock times on this machine
 * (performance.timeOrigin + performance.now() in Node and in the page).
 *
 *   npx tsx display/bench/render-latency.ts        (CALLS=200 for more samples)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort, launchChromium, pairDevice, spawnHub, until, waitExit } from '@turnero/hub/testing';
import { ensureDisplayBuilt, openDisplay } from '../test/e2e/display-page.ts';
import { AgentAtCounter, openKiosk, seedDemoDatabase } from '../test/e2e/office.ts';

const CALLS = Number(process.env.CALLS ?? 100);

/** Nearest-rank percentile (as the hub's reports). */
function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** Installed before the app loads: the first moment each ticket number appears anywhere in the DOM. */
function watchNumbers(): void {
  const seen = new Map<string, number>();
  new MutationObserver(() => {
    const t = performance.timeOrigin + performance.now();
    for (const el of document.querySelectorAll('[data-number]')) {
      const n = el.getAttribute('data-number');
      if (n && !seen.has(n)) {
        seen.set(n, t);
        (window as unknown as { __rendered: (n: string, t: number) => void }).__rendered(n, t);
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-number'] });
}

async function main(): Promise<void> {
  ensureDisplayBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'turnero-display-bench-'));
  const dbPath = join(dir, 'hub.db');
  await seedDemoDatabase(dbPath);
  const port = await freePort();
  const hub = await spawnHub(dbPath, port);
  const wsUrl = `ws://127.0.0.1:${port}/ws`;
  const browser = await launchChromium({ autoplay: true });
  const rendered = new Map<string, number>();
  try {
    const kiosk = await openKiosk(wsUrl);
    await kiosk.issue('facturacion', CALLS);
    kiosk.client.stop();
    const token = await pairDevice(wsUrl, 'display', 'TV bench');
    await openDisplay(browser, `http://127.0.0.1:${port}`, token, {
      beforeLoad: async (context) => {
        await context.exposeFunction('__rendered', (n: string, t: number) => void rendered.set(n, t));
        await context.addInitScript(watchNumbers);
      },
    });
    const agent = await AgentAtCounter.open(wsUrl, 'agente1', 'modulo-1');
    const latencies: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      await agent.finishCurrent();
      const sentAt = performance.timeOrigin + performance.now();
      const ticket = await agent.callNext();
      await until(() => rendered.has(ticket.number), 10_000, `${ticket.number} on the display`);
      latencies.push(rendered.get(ticket.number)! - sentAt);
    }
    agent.stop();
    const ms = (n: number) => n.toFixed(1);
    console.log('| measure | calls | p50 (ms) | p99 (ms) | max (ms) |');
    console.log('|---|---|---|---|---|');
    console.log(`| call_next sent → number in the display's DOM (hub process + Chromium) | ${CALLS} | ${ms(percentile(latencies, 50))} | ${ms(percentile(latencies, 99))} | ${ms(Math.max(...latencies))} |`);
  } finally {
    await browser.close();
    hub.kill('SIGTERM');
    await waitExit(hub);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
