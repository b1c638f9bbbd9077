import { describe, expect, it } from 'vitest';
import { verifyPassword } from './auth/passwords.ts';
import { demoOffice } from './demo.ts';
import { InitError, initOffice } from './init-office.ts';
import { SqliteStore } from './store/sqlite-store.ts';

describe('initOffice (--init office.json)', () => {
  it('creates the office and its first admin with a one-time password; a second init is refused', async () => {
    const store = new SqliteStore({ path: ':memory:' });
    const seed = JSON.parse(JSON.stringify(demoOffice('https://turnos.example')));
    const r = await initOffice(store, seed, Date.now());
    expect(r).toMatchObject({ officeId: 'cucuta-centro', username: 'admin' });
    expect(store.officeIds()).toEqual(['cucuta-centro']);
    expect(await verifyPassword(r.password, store.userByUsername('admin')!.passwordHash)).toBe(true);
    await expect(initOffice(store, seed, Date.now())).rejects.toThrow(InitError);
  });

  it('explains what is wrong with a malformed file and changes nothing', async () => {
    const store = new SqliteStore({ path: ':memory:' });
    await expect(initOffice(store, { office: { id: 'x' } }, Date.now())).rejects.toThrow(/not valid/);
    const seed = JSON.parse(JSON.stringify(demoOffice('http://x')));
    seed.counters[0].serviceIds.push('nope');
    await expect(initOffice(store, seed, Date.now())).rejects.toThrow(/unknown services: nope/);
    expect(store.officeIds()).toEqual([]);
  });
});
