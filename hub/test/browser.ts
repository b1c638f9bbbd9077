import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ARTIFACTS = join(ROOT, 'artifacts');

export interface LaunchOptions {
  /** Fake camera and microphone, granted without a prompt (video booth tests). */
  media?: boolean;
  /** Sound without a user gesture (the hall display). */
  autoplay?: boolean;
}

/** Debian's Chromium, headless, with the flags this closed network needs and a fresh profile. */
export function launchChromium(opts: LaunchOptions = {}): Promise<Browser> {
  const args = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
  ];
  if (opts.media) args.push('--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection');
  if (opts.autoplay) args.push('--autoplay-policy=no-user-gesture-required');
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args, timeout: 60_000 });
}

/**
 * Saves a screenshot under artifacts/screenshots/ (look at them); with UPDATE_DOCS_IMAGES=1 also
 * into docs/images/, where the README shows them.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = join(ARTIFACTS, 'screenshots', `${name}.png`);
  mkdirSync(dirname(file), { recursive: true });
  await page.screenshot({ path: file });
  if (process.env.UPDATE_DOCS_IMAGES === '1') {
    const doc = join(ROOT, 'docs', 'images', `${name}.png`);
    mkdirSync(dirname(doc), { recursive: true });
    copyFileSync(file, doc);
  }
  return file;
}
