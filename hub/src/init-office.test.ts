import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verifyPassword } from './auth/passwords.ts';
import { demoOffice } from './demo.ts';
import { InitError, initOffice } from './init-office.ts';
import { SqliteStore } from './store/sqlite-store.ts';

describe('initOffice (--init office.json)', () => {
  it('creates the office of hub/office.example.json and its first admin with a one-time password; a second init is refused', async () => {
    const store = new SqliteStore({ path: ':memory:' });
    const seed = JSON.parse(readFileSync(new URL('../office.example.json', import.meta.url), 'utf8')) as { office: { id: string } };
    const r = await initOffice(store, seed, Date.now());
    expect(r).toMatchObject({ officeId: seed.office.id, username: 'admin' });
    expect(store.officeIds()).toEqual([seed.office.id]);
    expect(await verifyPassword(r.password, store.userByUsername('admin')!.passwordHash)).toBe(true);
    await expect(initOffice(store, seed, Date.now())).rejects.toThrow(InitError);
  });

  it('explains what is wrong with a malformed file and changes nothing', async () => {
    const store = new SqliteStore({ path: ':memory:' });
    await expect(initOffice(store, { office: { id: 'x' } }, Date.now())).rejects.toThrow(/not valid/);
    const seed = JSON.parse(JSON.stringify(demoOffice('http://x')));
    seed.counters[0].serviceIds.push('nope');
    await expect(initOffice(store, seed, Date.now())).rejects.toThrow(/unknown services: nope/);
    // The same rules as an admin's changes: a prefix used twice among active services is refused.
    const clash = JSON.parse(JSON.stringify(demoOffice('http://x')));
    clash.services[1].prefix = clash.services[0].prefix;
    await expect(initOffice(store, clash, Date.now())).rejects.toThrow(/prefix .* is already used/);
    // A mistyped zone would stop every day calculation (and the hub at its first daily copy).
    for (const timeZone of ['America/Bogotá', 'Bogota', 'UTC-5']) {
      const zone = JSON.parse(JSON.stringify(demoOffice('http://x')));
      zone.office.timeZone = timeZone;
      await expect(initOffice(store, zone, Date.now()), timeZone).rejects.toThrow(/time zone/);
    }
    expect(store.officeIds()).toEqual([]);
  });
});
