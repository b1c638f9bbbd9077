/**
 * Bundles the desk's Electron main process and preload into agent-desk/dist-electron/ (CommonJS,
 * one file each). Workspace packages (.ts sources) are bundled in; the hardware package's npm
 * dependencies stay external (the serial port's native binding among them) and ship in
 * node_modules, packaged by electron-builder.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const hardware = JSON.parse(readFileSync(join(root, '..', 'hardware', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const external = ['electron', ...Object.keys(hardware.dependencies).filter((name) => !name.startsWith('@turnero/'))];

const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: true, logLevel: 'warning', absWorkingDir: root } as const;

await build({ ...common, entryPoints: ['main/main.ts'], outfile: 'dist-electron/main.cjs', external });
// A sandboxed preload may require only 'electron': everything else is in this one file.
await build({ ...common, entryPoints: ['preload/preload.ts'], outfile: 'dist-electron/preload.cjs', external: ['electron'] });
console.log('agent-desk: dist-electron/main.cjs, dist-electron/preload.cjs');
