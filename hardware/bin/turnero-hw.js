#!/usr/bin/env node
// Launcher: Node 20 cannot run TypeScript, so register tsx's ESM loader and import the CLI.
import { register } from 'tsx/esm/api';

register();
const { runFromProcess } = await import('../src/cli.ts');
process.exit(await runFromProcess());
