import { OfficeDescriptor } from '@turnero/protocol';
import { z } from 'zod';
import { hashPassword } from './auth/passwords.ts';
import { newToken } from './auth/tokens.ts';
import type { SqliteStore } from './store/sqlite-store.ts';

export class InitError extends Error {
  readonly code = 'INIT_REFUSED';
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
  const services = new Set(seed.services.map((s) => s.id));
  const unknown = seed.counters.flatMap((c) => c.serviceIds.filter((id) => !services.has(id)));
  if (unknown.length) throw new InitError(`counters name unknown services: ${unknown.join(', ')}`);
  const password = newToken().slice(0, 16);
  const hash = await hashPassword(password);
  store.transaction(() => {
    store.createOffice(seed);
    store.createUser({ id: `user-admin-${seed.office.id}`, username: 'admin', displayName: 'Administración', role: 'admin', officeId: seed.office.id, active: true }, hash, now);
  });
  return { officeId: seed.office.id, username: 'admin', password };
}
