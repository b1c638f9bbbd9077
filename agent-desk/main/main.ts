/** Electron entry of the agent desk (bundled to dist-electron/main.cjs, next to preload.cjs). */
import { join } from 'node:path';
import { startDeskShell } from './desk-shell.ts';

void startDeskShell({ preloadPath: join(__dirname, 'preload.cjs'), argv: process.argv });
