/**
 * Bundles the Electron main process and preload into kiosk/dist-electron/ (CommonJS, one file each).
 * Workspace packages (.ts sources) are bundled in; the hardware package's npm dependencies stay
 * external (native serial bindings, printer driver) and ship in node_modules, packaged by electron-builder.
 */
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const root = new URL('../', import.meta.url);
const hardware = JSON.parse(readFileSync(new URL('../hardware/package.json', root), 'utf8')) as { dependencies: Record<string, string> };
const external = ['electron', ...Object.keys(hardware.dependencies).filter((name) => !name.startsWith('@turnero/'))];

const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: true, logLevel: 'warning' } as const;

await build({ ...common, entryPoints: { main: new URL('main/main.ts', root).pathname }, outfile: new URL('dist-electron/main.cjs', root).pathname, external });
// The sandboxed preload may require only 'electron': everything else is bundled in.
await build({ ...common, entryPoints: { preload: new URL('preload/preload.ts', root).pathname }, outfile: new URL('dist-electron/preload.cjs', root).pathname, external: ['electron'] });
console.log('kiosk: dist-electron/main.cjs, dist-electron/preload.cjs');
