import { newTicket, type CounterView, type OfficeSnapshot, type Service, type Ticket } from '@turnero/protocol';

/** A small office like the demo one: two services, three counters. */
export const T0 = Date.UTC(2025, 2, 14, 15, 0, 0);

export function service(id: string, prefix: string, targetWaitMinutes = 15): Service {
  return { id, groupId: null, prefix, name: { es: id, en: id }, icon: 'x', mode: 'in_person', targetWaitMinutes, defaultServiceMinutes: 5, active: true, order: 1 };
}

export function counter(id: string, serviceIds: string[], patch: Partial<CounterView> = {}): CounterView {
  return { id, name: `Módulo ${id.slice(-1)}`, serviceIds, state: 'closed', pauseReason: null, agentId: null, agentName: null, currentTicketId: null, currentNumber: null, ...patch };
}

export function ticket(id: string, patch: Partial<Ticket> = {}): Ticket {
  const t = newTicket({ id, officeId: 'o1', serviceId: 'facturacion', number: `F-${id.padStart(3, '0')}`, day: '2025-03-14', preferentialClass: null, accountNumber: null, arrivedAt: T0 });
  return { ...t, printed: 'printed', ...patch };
}

export function snapshot(patch: Partial<OfficeSnapshot> = {}): OfficeSnapshot {
  return {
    office: { id: 'o1', name: 'Oficina', timeZone: 'America/Bogota', publicBaseUrl: 'http://x' },
    serviceGroups: [],
    services: [service('facturacion', 'F', 15), service('reclamos', 'R', 20)],
    counters: [counter('modulo-1', ['facturacion']), counter('modulo-2', ['reclamos', 'facturacion']), counter('modulo-3', ['reclamos'])],
    preferentialClasses: [{ id: 'older_adult', name: { es: 'Adulto mayor', en: 'Older adult' } }],
    fairness: { preferential: 2, normal: 1, maxWaitMinutes: 30 },
    recallLimit: 2,
    ratingThreshold: 6,
    displayMessage: null,
    iceServers: [],
    recentCalls: [],
    stats: [],
    tickets: [],
    ...patch,
  };
}
