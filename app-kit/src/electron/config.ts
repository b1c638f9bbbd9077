import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseShellConfig, type ShellConfig } from './policy.ts';

/** Reads `<userData>/turnero.json`; a missing file means the defaults, a malformed one is an error with the reason. */
export function loadShellConfig(userDataDir: string, argv: readonly string[]): ShellConfig {
  let raw: unknown = {};
  const file = join(userDataDir, 'turnero.json');
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${file}: ${(error as Error).message}`);
  }
  const hubArg = argv.find((a) => a.startsWith('--hub='));
  return parseShellConfig(hubArg ? { ...(raw as object), hubUrl: hubArg.slice('--hub='.length) } : raw);
}
