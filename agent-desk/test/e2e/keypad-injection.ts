import { join } from 'node:path';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { openKeypadBridge, type KeypadBridge } from '../../main/keypad-bridge.ts';

const DESK_ROOT = join(import.meta.dirname, '..', '..');
let bundled: Promise<string> | null = null;

/**
 * The page side of the preload, for Chromium without Electron: the real `createKeypadApi` from
 * shared/, bundled, over two Playwright bindings instead of ipcRenderer.
 */
function pageScript(): Promise<string> {
  bundled ??= build({
    stdin: {
      contents: `
        import { createKeypadApi } from './shared/keypad-api.ts';
        const keypad = createKeypadApi({
          invoke: (operation) => window.__turneroKeypadInvoke(operation),
          listen: (listener) => { window.__turneroKeypadSignal = listener; },
        });
        window.turneroDesk = Object.freeze({ keypad: Object.freeze(keypad) });`,
      resolveDir: DESK_ROOT,
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2022',
  }).then((r) => r.outputFiles[0]?.text ?? '');
  return bundled;
}

/**
 * Gives `page` the desk's keypad bridge exactly as the Electron preload would, backed in the test
 * process by the real KeypadBridge over the real KeypadDriver on `portPath`. Call before `goto`.
 */
export async function attachKeypad(page: Page, portPath: string, counterId: string): Promise<KeypadBridge> {
  const bridge = openKeypadBridge({ keypadPort: portPath, counterId }, (signal) => {
    void page.evaluate((s) => (window as unknown as { __turneroKeypadSignal?: (s: unknown) => void }).__turneroKeypadSignal?.(s), signal).catch(() => undefined);
  }, { reconnect: { initialDelayMs: 50, maxDelayMs: 250 }, watchdogMs: 100 });
  if (!bridge) throw new Error('no keypad bridge');
  await page.exposeFunction('__turneroKeypadInvoke', (operation: unknown) => {
    switch (operation) {
      case 'status':
        return bridge.status;
      case 'prompt':
        return bridge.prompt();
      case 'stop':
        return bridge.done();
      default:
        throw new Error(`unknown keypad operation ${String(operation)}`);
    }
  });
  await page.addInitScript({ content: await pageScript() });
  return bridge;
}
