import type { ConfigPushRecord } from '@turnero/protocol';

/** Where a configuration push stands: the office has not answered, applied it, or refused it. */
export type PushStatus = 'pending' | 'applied' | 'refused';

/** A push's status from the office's answer (`doneAt` null: none yet). */
export function pushStatus(push: ConfigPushRecord): PushStatus {
  if (push.doneAt === null) return 'pending';
  return push.ok ? 'applied' : 'refused';
}

/** An office's flag on the board: pushes it has not answered, and refusals still standing. */
export interface PushCounts {
  pending: number;
  refused: number;
}

const key = (c: ConfigPushRecord['changes'][number]) => `${c.kind} ${c.id}`;

/**
 * The refusals of one office's pushes (newest first, as the hub lists them) that still stand, by
 * push id. A refusal stands until a push made after it that changes all of what it changed is
 * applied (pushed again to overwrite, or with the service it lacked): the office then has what the
 * refused one meant to bring.
 */
export function standingRefusals(pushes: readonly ConfigPushRecord[]): Set<string> {
  const appliedLater = new Set<string>();
  const standing = new Set<string>();
  for (const push of pushes) {
    const status = pushStatus(push);
    if (status === 'applied') for (const c of push.changes) appliedLater.add(key(c));
    else if (status === 'refused' && !push.changes.every((c) => appliedLater.has(key(c)))) standing.add(push.pushId);
  }
  return standing;
}

/** One office's flag from its pushes (newest first). */
export function pushCounts(pushes: readonly ConfigPushRecord[]): PushCounts {
  return { pending: pushes.filter((p) => p.doneAt === null).length, refused: standingRefusals(pushes).size };
}

/** Each office's counts from a listing of every office's pushes (newest first); an office with none is absent. */
export function pushCountsByOffice(pushes: readonly ConfigPushRecord[]): Map<string, PushCounts> {
  const byOffice = new Map<string, ConfigPushRecord[]>();
  for (const p of pushes) {
    const list = byOffice.get(p.officeId);
    if (list) list.push(p);
    else byOffice.set(p.officeId, [p]);
  }
  return new Map([...byOffice].map(([officeId, list]) => [officeId, pushCounts(list)]));
}
