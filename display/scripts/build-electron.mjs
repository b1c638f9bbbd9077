// Bundles the Electron main process and the preload into dist-electron/, one CommonJS file each.
import { build } from 'esbuild';
import { fileURLToPath, URL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// NOTE: the banner keeps ESLint off generated bundles (the root config ignores dist/, not dist-electron/).
const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning', absWorkingDir: root };

await build({ ...common, entryPoints: ['main/main.ts'], outfile: 'dist-electron/main.cjs', external: ['electron'] });
// A sandboxed preload may only require('electron'): everything it uses is in this one file.
await build({ ...common, entryPoints: ['preload/preload.ts'], outfile: 'dist-electron/preload.cjs', external: ['electron'] });
console.log('display: dist-electron/main.cjs, dist-electron/preload.cjs');
