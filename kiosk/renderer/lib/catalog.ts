import type { OfficeSnapshot, QueueStats, Service, ServiceGroup } from '@turnero/protocol';

/** A service button on the home screen with its live numbers (null until the hub sends stats). */
export interface ServiceEntry {
  service: Service;
  stats: QueueStats | null;
}

/** A block of the home screen: a service group (null: services without a group) and its services. */
export interface HomeSection {
  group: ServiceGroup | null;
  services: ServiceEntry[];
}

const byOrder = (a: { order: number }, b: { order: number }) => a.order - b.order;

/** Active services grouped as configured, groups and services in their configured order; empty groups left out. */
export function homeSections(snapshot: OfficeSnapshot, stats: readonly QueueStats[]): HomeSection[] {
  const entry = (service: Service): ServiceEntry => ({ service, stats: stats.find((s) => s.serviceId === service.id) ?? null });
  const active = snapshot.services.filter((s) => s.active).sort(byOrder);
  const groupIds = new Set(snapshot.serviceGroups.map((g) => g.id));
  const sections: HomeSection[] = [...snapshot.serviceGroups].sort(byOrder).map((group) => ({ group, services: active.filter((s) => s.groupId === group.id).map(entry) }));
  const loose = active.filter((s) => s.groupId === null || !groupIds.has(s.groupId)).map(entry);
  if (loose.length > 0) sections.push({ group: null, services: loose });
  return sections.filter((s) => s.services.length > 0);
}

/**
 * The office as one kind of kiosk offers it: a lobby kiosk the in-person services, a video booth the
 * video ones (a video ticket from the lobby would ring a kiosk that holds no call).
 */
export function servicesFor(snapshot: OfficeSnapshot, mode: Service['mode']): OfficeSnapshot {
  return { ...snapshot, services: snapshot.services.filter((s) => s.mode === mode) };
}

/**
 * What a lobby kiosk cannot offer but the office can: its active video services ("Asesor en línea"),
 * served at the office's video booth. The home screen points there instead of leaving them unseen.
 */
export function servicesAtBooth(snapshot: OfficeSnapshot): Service[] {
  return snapshot.services.filter((s) => s.mode === 'video' && s.active).sort(byOrder);
}

/** The active service with this id, or null. */
export function activeService(snapshot: OfficeSnapshot | null, serviceId: string): Service | null {
  return snapshot?.services.find((s) => s.id === serviceId && s.active) ?? null;
}

/** The estimated wait when it is over the service's target (the kiosk then offers a callback), else null. */
export function longWaitMinutes(service: Service, stats: readonly QueueStats[]): number | null {
  const minutes = stats.find((s) => s.serviceId === service.id)?.estimatedWaitMinutes ?? null;
  return minutes !== null && minutes > service.targetWaitMinutes ? minutes : null;
}
