import { newTicket, type Callback, type IssueResult, type OfficeSnapshot, type QueueStats, type Service, type Ticket } from '@turnero/protocol';

const service = (id: string, prefix: string, es: string, groupId: string | null, order: number, target = 15, active = true): Service => ({
  id,
  groupId,
  prefix,
  name: { es, en: `${es} (en)` },
  icon: 'receipt',
  mode: 'in_person',
  targetWaitMinutes: target,
  defaultServiceMinutes: 5,
  active,
  order,
});

/** A small office: two groups, an ungrouped service, an inactive one, two preferential classes. */
export function snapshot(overrides: Partial<OfficeSnapshot> = {}): OfficeSnapshot {
  return {
    office: { id: 'o1', name: 'Oficina Centro', timeZone: 'America/Bogota', publicBaseUrl: 'http://hub.test' },
    serviceGroups: [
      { id: 'virtual', name: { es: 'Virtual', en: 'Video' }, icon: 'video', order: 2 },
      { id: 'presencial', name: { es: 'Presencial', en: 'In person' }, icon: 'people', order: 1 },
      { id: 'empty', name: { es: 'Vacío', en: 'Empty' }, icon: 'info', order: 3 },
    ],
    services: [
      service('reclamos', 'R', 'Reclamos', 'presencial', 2, 20),
      service('facturacion', 'F', 'Facturación', 'presencial', 1, 15),
      service('video', 'V', 'Asesor en línea', 'virtual', 1),
      service('suelto', 'S', 'Sin grupo', null, 9),
      service('cerrado', 'C', 'Cerrado', 'presencial', 3, 15, false),
    ],
    counters: [],
    preferentialClasses: [
      { id: 'older_adult', name: { es: 'Adulto mayor', en: 'Older adult' } },
      { id: 'pregnant', name: { es: 'Mujer embarazada', en: 'Pregnant woman' } },
    ],
    fairness: { preferential: 2, normal: 1, maxWaitMinutes: 30 },
    recallLimit: 2,
    ratingThreshold: 6,
    displayMessage: null,
    iceServers: [],
    recentCalls: [],
    stats: [],
    ...overrides,
  };
}

export const stat = (serviceId: string, waiting: number, estimatedWaitMinutes: number | null): QueueStats => ({ serviceId, waiting, longestWaitMs: 0, estimatedWaitMinutes, openCounters: 1 });

export function issueResult(number = 'F-001', overrides: Partial<Ticket> = {}): IssueResult {
  const ticket: Ticket = { ...newTicket({ id: `t-${number}`, officeId: 'o1', serviceId: 'facturacion', number, day: '2026-11-23', preferentialClass: null, accountNumber: null, arrivedAt: Date.UTC(2026, 10, 23, 14, 5) }), ...overrides };
  return { ticket, peopleAhead: 3, estimatedWaitMinutes: 12, statusUrl: 'http://hub.test/t/abcdefghijklmnopqrstuv', serviceName: { es: 'Facturación', en: 'Billing' }, officeName: 'Oficina Centro', timeZone: 'America/Bogota' };
}

export function callback(overrides: Partial<Callback> = {}): Callback {
  return {
    id: 'cb-1',
    officeId: 'o1',
    serviceId: 'reclamos',
    name: 'María Núñez',
    phone: '3001234567',
    reason: 'Revisión de factura',
    reference: 'TC-ABC123',
    createdAt: Date.UTC(2026, 10, 23, 14, 5),
    status: 'open',
    source: 'kiosk',
    accountNumber: null,
    claimedBy: null,
    attempts: [],
    outcome: null,
    closedAt: null,
    ...overrides,
  };
}

/** A promise with its resolve/reject in hand. */
export function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Timers that fire only when the test moves the clock. */
export class Timers {
  readonly pending = new Map<number, { at: number; fn: () => void }>();
  now = 0;
  #id = 1;
  set(fn: () => void, ms: number) {
    const id = this.#id++;
    this.pending.set(id, { at: this.now + ms, fn });
    return id;
  }
  clear(h: unknown) {
    this.pending.delete(h as number);
  }
  advance(ms: number) {
    this.now += ms;
    for (const [id, t] of [...this.pending]) {
      if (t.at > this.now) continue;
      this.pending.delete(id);
      t.fn();
    }
  }
}
