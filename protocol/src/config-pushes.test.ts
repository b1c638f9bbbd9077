import { describe, expect, it } from 'vitest';
import { pushStatus, standingRefusals } from './config-pushes.ts';
import type { ConfigPushRecord } from './responses.ts';

type Change = ConfigPushRecord['changes'][number];

let n = 0;
/** A push as `config_pushes` lists it; `answer` undefined: not answered yet. */
function push(officeId: string, changes: Change[], answer?: { ok: boolean; error?: string }): ConfigPushRecord {
  n++;
  return {
    pushId: `push-${n}`,
    officeId,
    createdAt: n * 60_000,
    changes,
    basedOnSeq: 10,
    doneAt: answer ? n * 60_000 + 5_000 : null,
    ok: answer ? answer.ok : null,
    error: answer && !answer.ok ? (answer.error ?? 'refused') : null,
    refusal: null,
  };
}
const counter = (id: string): Change => ({ kind: 'counter', id });
const service = (id: string): Change => ({ kind: 'service', id });
const applied = { ok: true };
const refused = { ok: false, error: 'unknown services: pagos' };

describe('where a configuration push stands', () => {
  it('pending until the office answers, then applied or refused', () => {
    expect(pushStatus(push('a', [counter('m1')]))).toBe('pending');
    expect(pushStatus(push('a', [counter('m1')], applied))).toBe('applied');
    expect(pushStatus(push('a', [counter('m1')], refused))).toBe('refused');
  });

  it('a refusal stands until a later push of all it changed is applied; an earlier applied one, a partial one or a pending one does not settle it', () => {
    // Newest first, as the hub lists them.
    const older = push('a', [counter('m9')], applied);
    const refusal = push('a', [counter('m9'), service('pagos')], refused);
    const partial = push('a', [counter('m9')], applied);
    const again = push('a', [service('pagos'), counter('m9')]);
    expect(standingRefusals([again, partial, refusal, older])).toEqual(new Set([refusal.pushId]));
    // The push again is applied: the office has what the refused one meant to bring.
    const answered = { ...again, doneAt: again.createdAt + 1_000, ok: true };
    expect(standingRefusals([answered, partial, refusal, older]).size).toBe(0);
    // Refused again (changed at the office once more): two refusals stand.
    const refusedAgain = { ...again, doneAt: again.createdAt + 1_000, ok: false, error: 'not applied: changed at this office' };
    expect(standingRefusals([refusedAgain, partial, refusal, older])).toEqual(new Set([refusedAgain.pushId, refusal.pushId]));
  });
});
