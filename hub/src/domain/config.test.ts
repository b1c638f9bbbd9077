import { describe, expect, it } from 'vitest';
import type { ConfigPushChange } from '@turnero/protocol';
import { CENTRAL_ACTOR, unseenLocalEdits, type ConfigEdit } from './config.ts';
import { office } from './test-fixtures.ts';

describe('unseenLocalEdits', () => {
  const o = office();
  const pagos = o.state.services.get('pagos')!;
  const caja1 = o.state.counters.get('c1')!;
  const push: ConfigPushChange[] = [
    { kind: 'service', service: pagos },
    { kind: 'counter', counter: caja1 },
  ];
  const edit = (kind: ConfigEdit['kind'], id: string, at: number, by: string): ConfigEdit => ({ kind, id, at, by });

  it('[S4] names what the office itself changed of what the push changes, each thing once, its latest edit', () => {
    const unseen = unseenLocalEdits([edit('service', 'pagos', 1_000, 'sup-1'), edit('service', 'pagos', 2_000, 'sup-2'), edit('counter', 'c1', 3_000, 'sup-1')], push);
    expect(unseen).toEqual([
      { id: 'pagos', text: `service pagos (${new Date(2_000).toISOString()} by sup-2)` },
      { id: 'c1', text: `counter c1 (${new Date(3_000).toISOString()} by sup-1)` },
    ]);
  });

  it("[S4] the central's own earlier pushes and things the push leaves alone are no conflict", () => {
    expect(unseenLocalEdits([edit('service', 'pagos', 1_000, CENTRAL_ACTOR), edit('service', 'asesoria', 2_000, 'sup-1'), edit('user', 'c1', 3_000, 'sup-1')], push)).toEqual([]);
  });
});
