import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadShellConfig, type ShellConfig } from '@turnero/app-kit/electron';
import { parsePrinterUri } from '@turnero/hardware';

/** The shared device config plus what only a kiosk has: its printer's paper width, and whether it is a video booth. */
export interface KioskConfig extends ShellConfig {
  paperWidth: 58 | 80;
  /** 'booth': a video booth ("Asesor en línea"), with camera and microphone allowed. */
  mode: 'tickets' | 'booth';
}

/** Parses the kiosk's own fields of turnero.json; never trusts a cast. */
export function parseKioskFields(raw: unknown): Pick<KioskConfig, 'paperWidth'> {
  const o = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  if (o.paperWidth === undefined) return { paperWidth: 80 };
  if (o.paperWidth !== 58 && o.paperWidth !== 80) throw new Error('config: paperWidth must be 58 or 80 (mm)');
  return { paperWidth: o.paperWidth };
}

/** Parses `mode` of turnero.json: "tickets" (default) or "booth". */
export function parseKioskMode(raw: unknown): Pick<KioskConfig, 'mode'> {
  const o = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  if (o.mode === undefined) return { mode: 'tickets' };
  if (o.mode !== 'tickets' && o.mode !== 'booth') throw new Error('config: mode must be "tickets" or "booth"');
  return { mode: o.mode };
}

/** Reads `<userData>/turnero.json` (hubUrl, display, printer, paperWidth, mode); `--hub=URL` overrides hubUrl. */
export function loadKioskConfig(userDataDir: string, argv: readonly string[]): KioskConfig {
  const shell = loadShellConfig(userDataDir, argv);
  let raw: unknown = {};
  try {
    raw = JSON.parse(readFileSync(join(userDataDir, 'turnero.json'), 'utf8'));
  } catch {
    // Missing file: defaults. A malformed one was already reported by loadShellConfig.
  }
  // A printer address that is no printer URI is a config error shown on screen, not a kiosk that
  // fails at its first ticket (or, thrown later at start, no window at all).
  if (shell.printer !== null) parsePrinterUri(shell.printer);
  return { ...shell, ...parseKioskFields(raw), ...parseKioskMode(raw) };
}
