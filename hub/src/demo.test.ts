import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CENTRAL_OFFICE_ID } from './gateway/central-handlers.ts';
import { DEMO_OFFICE_ID, DemoRefusedError, seedCentral, seedDemo } from './demo.ts';
import { demoDeviceLinks } from './demo-devices.ts';
import { initOffice } from './init-office.ts';
import { SqliteStore } from './store/sqlite-store.ts';

const OFFICE_EXAMPLE = JSON.parse(readFileSync(fileURLToPath(new URL('../office.example.json', import.meta.url)), 'utf8')) as unknown;
const count = (store: SqliteStore, table: string) => store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();

describe('the demo only ever touches what it created', () => {
  it('creates its office marked as its own, pairs its devices there, and leaves it as it is on the next start', async () => {
    const store = new SqliteStore({ path: ':memory:' });
    expect(await seedDemo(store, 'http://127.0.0.1', 0)).toBe(true);
    expect(store.isDemoOffice(DEMO_OFFICE_ID)).toBe(true);
    expect(demoDeviceLinks(store, 'http://127.0.0.1', null, 0)).toHaveLength(4);
    expect(await seedDemo(store, 'http://127.0.0.1', 0)).toBe(false);
    expect(demoDeviceLinks(store, 'http://127.0.0.1', null, 0)).toHaveLength(4);
    store.close();
  });

  it('refuses a real office (--init), though its id is the demo office’s: no demo devices, no demo people, nothing changed', async () => {
    const store = new SqliteStore({ path: ':memory:' });
    const { officeId } = await initOffice(store, OFFICE_EXAMPLE, 0);
    expect(officeId).toBe(DEMO_OFFICE_ID);
    const before = ['offices', 'users', 'devices', 'demo_offices'].map((t) => count(store, t));
    await expect(seedDemo(store, 'http://127.0.0.1', 0)).rejects.toThrow(DemoRefusedError);
    await expect(seedDemo(store, 'http://127.0.0.1', 0)).rejects.toThrow(`this database holds an office the demo did not create (${DEMO_OFFICE_ID})`);
    expect(() => demoDeviceLinks(store, 'http://127.0.0.1', null, 0)).toThrow(DemoRefusedError);
    expect(['offices', 'users', 'devices', 'demo_offices'].map((t) => count(store, t))).toEqual(before);
    expect(store.userByUsername('agente1')).toBeNull();
    store.close();
  });

  it('gives the central’s demo people only to a central office the demo created', async () => {
    const real = new SqliteStore({ path: ':memory:' });
    expect(await seedCentral(real, 0, false)).toBe(true);
    expect(real.isDemoOffice(CENTRAL_OFFICE_ID)).toBe(false);
    expect(await seedCentral(real, 0, false)).toBe(false);
    await expect(seedCentral(real, 0, true)).rejects.toThrow(DemoRefusedError);
    real.close();

    const demo = new SqliteStore({ path: ':memory:' });
    expect(await seedCentral(demo, 0, true)).toBe(true);
    expect(await seedCentral(demo, 0, true)).toBe(false);
    demo.close();
  });
});
