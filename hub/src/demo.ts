import type { OfficeSettings, User } from '@turnero/protocol';
import { createOfficeWithPeople } from './init-office.ts';
import { CENTRAL_OFFICE_ID } from './gateway/central-handlers.ts';
import type { OfficeSeed, SqliteStore } from './store/sqlite-store.ts';

export const DEMO_OFFICE_ID = 'cucuta-centro';

/** `--demo` on a database holding an office the demo did not create: demo devices and public passwords are never for a real office. */
export class DemoRefusedError extends Error {
  readonly code = 'DEMO_REFUSED';
}

const refusal = (offices: readonly string[]) =>
  new DemoRefusedError(
    `--demo refused: this database holds ${offices.length === 1 ? 'an office' : 'offices'} the demo did not create (${offices.join(', ')}), and the demo's devices and public passwords go only into a database the demo made. Start the hub without --demo, or give --demo another --db. Nothing was changed`,
  );

/** Demo people; the passwords are public, so the demo hub listens on 127.0.0.1 only. */
export const DEMO_USERS = [
  { username: 'agente1', password: 'agente1-demo', displayName: 'Laura Pérez', role: 'agent' },
  { username: 'agente2', password: 'agente2-demo', displayName: 'Carlos Gómez', role: 'agent' },
  { username: 'supervisor', password: 'supervisor-demo', displayName: 'Ana Carrillo', role: 'supervisor' },
  { username: 'admin', password: 'admin-demo', displayName: 'Administración', role: 'admin' },
] as const;

export const DEMO_SETTINGS: OfficeSettings = {
  fairness: { preferential: 2, normal: 1, maxWaitMinutes: 30 },
  recallLimit: 2,
  ratingThreshold: 6,
  issueRatePerMinute: 30,
};

/** The Cúcuta office from the seed documents: four services, four counters. */
export function demoOffice(publicBaseUrl: string): OfficeSeed {
  const svc = (id: string, prefix: string, es: string, en: string, icon: string, order: number, target: number, minutes: number, mode: 'in_person' | 'video' = 'in_person') => ({
    id,
    groupId: mode === 'video' ? 'virtual' : 'presencial',
    prefix,
    name: { es, en },
    icon,
    mode,
    targetWaitMinutes: target,
    defaultServiceMinutes: minutes,
    active: true,
    order,
  });
  return {
    office: { id: DEMO_OFFICE_ID, name: 'CENS Cúcuta — Oficina Centro', timeZone: 'America/Bogota', publicBaseUrl },
    settings: DEMO_SETTINGS,
    preferentialClasses: [
      { id: 'older_adult', name: { es: 'Adulto mayor', en: 'Older adult' } },
      { id: 'pregnant', name: { es: 'Mujer embarazada', en: 'Pregnant woman' } },
      { id: 'disability', name: { es: 'Persona con discapacidad', en: 'Person with a disability' } },
      { id: 'child_in_arms', name: { es: 'Con niño en brazos', en: 'With a child in arms' } },
    ],
    groups: [
      { id: 'presencial', name: { es: 'Atención presencial', en: 'In-person service' }, icon: 'people', order: 1 },
      { id: 'virtual', name: { es: 'Atención virtual', en: 'Video service' }, icon: 'video', order: 2 },
    ],
    services: [
      svc('facturacion', 'F', 'Facturación', 'Billing', 'receipt', 1, 15, 6),
      svc('reclamos', 'R', 'Reclamos', 'Complaints', 'alert', 2, 20, 10),
      svc('pagos', 'P', 'Pagos', 'Payments', 'cash', 3, 10, 3),
      svc('asesor-en-linea', 'V', 'Asesor en línea', 'Online advisor', 'video', 4, 15, 8, 'video'),
    ],
    counters: [
      { id: 'modulo-1', name: 'Módulo 1', serviceIds: ['facturacion', 'pagos'] },
      { id: 'modulo-2', name: 'Módulo 2', serviceIds: ['reclamos', 'facturacion'] },
      { id: 'modulo-3', name: 'Módulo 3', serviceIds: ['pagos', 'facturacion', 'reclamos'] },
      { id: 'modulo-4', name: 'Módulo 4', serviceIds: ['asesor-en-linea'] },
    ],
  };
}

/** Demo people as accounts of `officeId`, each with its password (user id `user-<username>`). */
function demoPeople(users: readonly { username: string; password: string; displayName: string; role: User['role'] }[], officeId: string) {
  return users.map((u) => ({ user: { id: `user-${u.username}`, username: u.username, displayName: u.displayName, role: u.role, officeId, active: true } satisfies User, password: u.password }));
}

/**
 * Creates the demo office and people, marked as the demo's, when the database has no office yet
 * (true); a database the demo made before is left as it is (false). One holding any office the demo
 * did not make (`--init`'s, whatever its id) is refused with DemoRefusedError, and nothing changes.
 */
export async function seedDemo(store: SqliteStore, publicBaseUrl: string, now: number, seed: OfficeSeed = demoOffice(publicBaseUrl)): Promise<boolean> {
  const offices = store.officeIds();
  const real = offices.filter((id) => !store.isDemoOffice(id));
  if (real.length > 0) throw refusal(real);
  if (offices.length > 0) return false;
  await createOfficeWithPeople(store, seed, demoPeople(DEMO_USERS, seed.office.id), now, () => store.markDemoOffice(seed.office.id));
  return true;
}

/** Refuses (DemoRefusedError) unless `officeId` is an office the demo created. */
export function assertDemoOffice(store: SqliteStore, officeId: string): void {
  if (!store.isDemoOffice(officeId)) throw refusal([officeId]);
}

export const DEMO_CENTRAL_USERS = [
  { username: 'central-admin', password: 'central-admin-demo', displayName: 'Administración central', role: 'admin' },
  { username: 'central-supervisor', password: 'central-supervisor-demo', displayName: 'Supervisión central', role: 'supervisor' },
] as const;

/**
 * The central hub's own office (home of central staff, no queues) and, in the demo, its people (the
 * office then marked as the demo's). The demo's people are refused (DemoRefusedError) for a central
 * office the demo did not create.
 */
export async function seedCentral(store: SqliteStore, now: number, withDemoUsers: boolean): Promise<boolean> {
  if (store.officeIds().includes(CENTRAL_OFFICE_ID)) {
    if (withDemoUsers) assertDemoOffice(store, CENTRAL_OFFICE_ID);
    return false;
  }
  const people = withDemoUsers ? demoPeople(DEMO_CENTRAL_USERS, CENTRAL_OFFICE_ID) : [];
  const seed = {
    office: { id: CENTRAL_OFFICE_ID, name: 'CENS — Central', timeZone: 'America/Bogota', publicBaseUrl: '' },
    settings: DEMO_SETTINGS,
    preferentialClasses: [],
    groups: [],
    services: [],
    counters: [],
  };
  await createOfficeWithPeople(store, seed, people, now, () => {
    if (withDemoUsers) store.markDemoOffice(CENTRAL_OFFICE_ID);
  });
  return true;
}
