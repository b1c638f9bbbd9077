import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './passwords.ts';

describe('passwords (scrypt)', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const h = await hashPassword('clave-segura-ñ');
    expect(h).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('clave-segura-ñ', h)).toBe(true);
    expect(await verifyPassword('clave-segura-n', h)).toBe(false);
  });

  it('salts: the same password hashes differently', async () => {
    expect(await hashPassword('x')).not.toBe(await hashPassword('x'));
  });

  it('refuses malformed or tampered hashes without throwing', async () => {
    const h = await hashPassword('x');
    expect(await verifyPassword('x', 'plain')).toBe(false);
    expect(await verifyPassword('x', h.replace('scrypt', 'bcrypt'))).toBe(false);
    expect(await verifyPassword('x', h.slice(0, -4) + 'AAAA')).toBe(false);
  });
});
