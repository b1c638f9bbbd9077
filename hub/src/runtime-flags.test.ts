import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HUB_NODE_FLAGS } from './runtime-flags.ts';

const root = new URL('../../', import.meta.url);

describe('the hub is started with the same Node flags everywhere', () => {
  it('npm start and every hub command in the README pass HUB_NODE_FLAGS (the tests and the bench spawn with them)', () => {
    const start = (JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { scripts: Record<string, string> }).scripts.start!;
    const readmeCommands = readFileSync(new URL('README.md', root), 'utf8')
      .split('\n')
      .filter((line) => line.includes('hub/src/main.ts') && line.trim().startsWith('npx'));
    expect(readmeCommands.length).toBeGreaterThan(0);
    for (const command of [start, ...readmeCommands]) for (const flag of HUB_NODE_FLAGS) expect(command).toContain(flag);
  });
});
