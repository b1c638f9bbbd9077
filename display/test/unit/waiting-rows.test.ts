import { describe, expect, it } from 'vitest';
import type { QueueStats, Service } from '@turnero/protocol';
import { waitingRows } from '../../renderer/lib/waiting-rows.ts';

describe('waitingRows', () => {
  const service = (id: string, prefix: string, order: number, active = true): Service => ({
    id,
    groupId: null,
    prefix,
    name: { es: id, en: id },
    icon: '',
    mode: 'in_person',
    targetWaitMinutes: 10,
    defaultServiceMinutes: 5,
    active,
    order,
  });
  const stats = (serviceId: string, waiting: number): QueueStats => ({ serviceId, waiting, longestWaitMs: 0, estimatedWaitMinutes: null, openCounters: 1 });

  it('lists active services in order with their waiting count (0 before any stats)', () => {
    const rows = waitingRows([service('pagos', 'P', 3), service('facturacion', 'F', 1), service('old', 'O', 2, false)], [stats('pagos', 4)]);
    expect(rows.map((r) => [r.prefix, r.waiting])).toEqual([
      ['F', 0],
      ['P', 4],
    ]);
  });
});
