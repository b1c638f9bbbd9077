/** Electron entry of the kiosk (bundled to dist-electron/main.cjs, next to preload.cjs). */
import { join } from 'node:path';
import { startKioskShell } from './kiosk-shell.ts';

void startKioskShell({ preloadPath: join(__dirname, 'preload.cjs'), argv: process.argv });
