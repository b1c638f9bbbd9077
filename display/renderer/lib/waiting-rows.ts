import type { LocalizedName, QueueStats, Service } from '@turnero/protocol';

export interface WaitingRow {
  serviceId: string;
  prefix: string;
  name: LocalizedName;
  waiting: number;
}

/** People waiting per active service, in the office's service order (a service with no stats yet shows 0). */
export function waitingRows(services: readonly Service[], stats: readonly QueueStats[]): WaitingRow[] {
  const waiting = new Map(stats.map((s) => [s.serviceId, s.waiting]));
  return services
    .filter((s) => s.active)
    .sort((a, b) => a.order - b.order)
    .map((s) => ({ serviceId: s.id, prefix: s.prefix, name: s.name, waiting: waiting.get(s.id) ?? 0 }));
}
