/** Electron entry of the hall display (bundled to dist-electron/main.cjs, next to preload.cjs). */
import { join } from 'node:path';
import { startDisplayShell } from './display-shell.ts';

void startDisplayShell({ preloadPath: join(__dirname, 'preload.cjs'), argv: process.argv });
