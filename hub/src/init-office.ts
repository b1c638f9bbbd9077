import { HubError, OfficeDescriptor, type User } from '@turnero/protocol';
import { z } from 'zod';
import { hashPassword } from './auth/passwords.ts';
import { newToken } from './auth/tokens.ts';
import { validateCatalog } from './domain/catalog.ts';
import type { OfficeSeed, SqliteStore } from './store/sqlite-store.ts';

export class InitError extends Error {}

/**
 * An office and its first people in one transaction (the demo, the central, `--init`), with `also`
 * (the demo's mark) in it too; passwords hashed first.
 */
export async function createOfficeWithPeople(store: SqliteStore, seed: OfficeSeed, people: readonly { user: User; password: string }[], now: number, also: () => void = () => {}): Promise<void> {
  const hashes = await Promise.all(people.map((p) => hashPassword(p.password)));
  store.transaction(() => {
    store.createOffice(seed);
    people.forEach((p, i) => store.createUser(p.user, hashes[i]!, now));
    also();
  });
}

/**
 * Creates a real office from its description (the same shape a hub sends its central: office,
 * settings, preferential classes, groups, services, counters) and its first admin, whose one-time
 * password is returned to be shown once. Refused when the database already has an office.
 */
export async function initOffice(store: SqliteStore, raw: unknown, now: number): Promise<{ officeId: string; username: string; password: string }> {
  if (store.officeIds().length > 0) throw new InitError('this database already has an office; nothing was changed');
  const parsed = OfficeDescriptor.safeParse(raw);
  if (!parsed.success) throw new InitError(`the office file is not valid:\n${z.prettifyError(parsed.error)}`);
  const seed = parsed.data;
  try {
    validateCatalog(seed);
  } catch (error) {
    if (error instanceof HubError) throw new InitError(`the office file is not valid: ${error.message}`);
    throw error;
  }
  const password = newToken().slice(0, 16);
  const admin: User = { id: `user-admin-${seed.office.id}`, username: 'admin', displayName: 'Administración', role: 'admin', officeId: seed.office.id, active: true };
  await createOfficeWithPeople(store, seed, [{ user: admin, password }], now);
  return { officeId: seed.office.id, username: 'admin', password };
}
