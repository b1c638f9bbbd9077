import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_CENTRAL_USERS, DEMO_OFFICE_ID, DEMO_USERS, DemoRefusedError, seedCentral, seedDemo } from './demo.ts';
import { demoDeviceLinks, startDemoPrinter } from './demo-devices.ts';
import { HubStartError, startHub } from './hub.ts';
import { InitError, initOffice } from './init-office.ts';
import { StoreOpenError } from './store/database-lock.ts';
import { MigrationError } from './store/migrations/index.ts';

const USAGE = `turnero hub

  --db PATH      SQLite file (default data/turnero.db)
  --host HOST    listen address (default 127.0.0.1)
  --port PORT    listen port (default 8080)
  --init FILE    create a real office from FILE (see hub/office.example.json) and its first admin
  --demo         create the demo office on first run (with --central: the central's demo people);
                 refused on a database holding an office the demo did not create
  --central      run as the central hub: offices sync to it on /sync
  --central-url URL --central-token TOKEN --office ID
                 forward office ID's event log to a central hub (ws://central:8080/sync)
  --backup-dir DIR   a copy of the database every day, in DIR, which must exist (default: backups/
                     beside --db, created; better on another disk: a USB drive, a network share)
  --backup-keep N    how many daily copies to keep (default 7; 0 turns backups off)
  --help`;

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        db: { type: 'string', default: 'data/turnero.db' },
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '8080' },
        demo: { type: 'boolean', default: false },
        init: { type: 'string' },
        central: { type: 'boolean', default: false },
        'central-url': { type: 'string' },
        'central-token': { type: 'string' },
        office: { type: 'string' },
        'backup-dir': { type: 'string' },
        'backup-keep': { type: 'string', default: '7' },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (args.help) return void console.log(USAGE);
  const port = Number(args.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be 0..65535\n\n${USAGE}`);
    process.exit(2);
  }
  if (args.init && args.demo) {
    console.error(`--init creates a real office, --demo a demo one: not both\n\n${USAGE}`);
    process.exit(2);
  }
  const syncArgs = [args['central-url'], args['central-token'], args.office];
  if (syncArgs.some(Boolean) && !syncArgs.every(Boolean)) {
    console.error(`--central-url, --central-token and --office go together\n\n${USAGE}`);
    process.exit(2);
  }
  const keep = Number(args['backup-keep']);
  if (!Number.isInteger(keep) || keep < 0) {
    console.error(`--backup-keep must be a whole number (0 turns backups off)\n\n${USAGE}`);
    process.exit(2);
  }
  const dbPath = resolve(args.db);
  mkdirSync(dirname(dbPath), { recursive: true });
  const backupDir = resolve(args['backup-dir'] ?? join(dirname(dbPath), 'backups'));
  let seeded = false;
  const hub = await startHub({
    dbPath,
    host: args.host,
    port,
    central: args.central,
    // The default folder beside the database is created; a named one must be there (a drive not mounted must not pass for one).
    ...(keep > 0 ? { backup: { dir: backupDir, keep, create: args['backup-dir'] === undefined } } : {}),
    ...(args['central-url'] ? { sync: { url: args['central-url'], token: args['central-token'] as string, officeId: args.office as string } } : {}),
    prepare: async (store) => {
      if (args.init) {
        let raw: unknown;
        try {
          raw = JSON.parse(readFileSync(resolve(args.init), 'utf8'));
        } catch (error) {
          throw new InitError(`${args.init}: ${(error as Error).message}`);
        }
        const admin = await initOffice(store, raw, Date.now());
        console.log(`Office "${admin.officeId}" created. First sign-in: ${admin.username} / ${admin.password} (shown once; change it in Configuración → Usuarios).`);
      }
      if (args.central) seeded = await seedCentral(store, Date.now(), args.demo);
      else if (args.demo) seeded = await seedDemo(store, `http://${args.host}:${port}`, Date.now());
    },
  });
  console.log(`Turnero hub listening on ${hub.url} (database ${dbPath})`);
  console.log(keep > 0 ? `Daily database copies in ${backupDir} (the newest ${keep} kept)` : 'Daily database copies are off (--backup-keep 0)');
  let printer: Awaited<ReturnType<typeof startDemoPrinter>> | null = null;
  if (args.central) console.log(`Central hub: offices sync to ws://${args.host}:${hub.port}/sync${seeded ? ' (central office created)' : ''}`);
  if (hub.syncClient) console.log(`Forwarding office ${args.office} to ${args['central-url']}`);
  if (args.demo && args.central) {
    console.log('  Central demo sign-ins:');
    for (const u of DEMO_CENTRAL_USERS) console.log(`    ${u.role.padEnd(10)} ${u.username.padEnd(19)} ${u.password}`);
  } else if (args.demo) {
    console.log(seeded ? `Demo office "${DEMO_OFFICE_ID}" created.` : `Demo office already in the database.`);
    printer = await startDemoPrinter(resolve(dirname(dbPath), 'printed'), (line) => console.log(line));
    console.log(`Simulated ticket printer on ${printer.uri} (printed tickets are saved as PNG in ${resolve(dirname(dbPath), 'printed')})`);
    console.log('\n  Open these links (each pairs its device; new links on every start):');
    for (const d of demoDeviceLinks(hub.store, hub.url, printer.uri, Date.now())) console.log(`    ${d.name.padEnd(40)} ${d.url}`);
    console.log(`\n  Agent desk and supervisor:                ${hub.url}/agent/\n  Health:                                   ${hub.url}/health\n`);
    console.log('  Demo sign-ins (public demo passwords; never expose this hub beyond localhost):');
    for (const u of DEMO_USERS) console.log(`    ${u.role.padEnd(10)} ${u.username.padEnd(11)} ${u.password}`);
  }
  const stop = (signal: string) => {
    console.log(`\n${signal}: closing`);
    Promise.all([hub.close(), printer?.stop()]).then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

/** Refusals a person can act on are said in one line; anything else with its stack. */
const explained = (error: unknown) => error instanceof InitError || error instanceof StoreOpenError || error instanceof MigrationError || error instanceof HubStartError || error instanceof DemoRefusedError;

main().catch((error: unknown) => {
  console.error(explained(error) ? `turnero hub: ${(error as Error).message}` : error);
  process.exit(1);
});
