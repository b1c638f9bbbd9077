import type { Refusal } from './errors.ts';
import type { ConfigPushRecord } from './responses.ts';
import type { ConfigPushChange } from './sync.ts';

/** An office's answer to a configuration push: applied, or refused with its words and, when the office said why, the refusal. */
export interface PushAnswer {
  ok: boolean;
  error: string | null;
  refusal: Refusal | null;
}

/** Where a configuration push stands: the office has not answered, applied it, or refused it. */
export type PushStatus = 'pending' | 'applied' | 'refused';

/** A push's status from the office's answer (`doneAt` null: none yet). */
export function pushStatus(push: Pick<ConfigPushRecord, 'doneAt' | 'ok'>): PushStatus {
  if (push.doneAt === null) return 'pending';
  return push.ok ? 'applied' : 'refused';
}

/** An office's flag on the central's board: pushes it has not answered, and refusals still standing. */
export interface PushCounts {
  pending: number;
  refused: number;
}

/** One key per thing a push changes (`service pagos`), to compare pushes and edits by. */
export const thingKey = (c: { kind: string; id: string }) => `${c.kind} ${c.id}`;

/**
 * The refusals of one office's pushes (newest first) that still stand, by push id. A refusal stands
 * until a push made after it that changes all of what it changed is applied (pushed again to
 * overwrite, or with the service it lacked): the office then has what the refused one meant to bring.
 */
export function standingRefusals(pushes: readonly Pick<ConfigPushRecord, 'pushId' | 'changes' | 'doneAt' | 'ok'>[]): Set<string> {
  const appliedLater = new Set<string>();
  const standing = new Set<string>();
  for (const push of pushes) {
    const status = pushStatus(push);
    if (status === 'applied') for (const c of push.changes) appliedLater.add(thingKey(c));
    else if (status === 'refused' && !push.changes.every((c) => appliedLater.has(thingKey(c)))) standing.add(push.pushId);
  }
  return standing;
}

/** What a pushed change is about: its kind and the id of its service, group, counter or user. */
export function pushedThing(change: ConfigPushChange): ConfigPushRecord['changes'][number] {
  const id = change.kind === 'service' ? change.service.id : change.kind === 'group' ? change.group.id : change.kind === 'counter' ? change.counter.id : change.user.id;
  return { kind: change.kind, id };
}
