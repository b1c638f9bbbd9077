import type { ConfigPushChange, ConfigPushRecord } from '@turnero/protocol';
import type { DeskSession } from '../../shared/desk-session.svelte.ts';
import type { StringKey } from '../../shared/i18n.ts';

/** A change the configuration editors make: a service, a group or a counter (users have a form of their own). */
export type ConfigChange = Exclude<ConfigPushChange, { kind: 'user' }>;
export type ConfigKind = ConfigChange['kind'];

/**
 * Where the editors' changes go: this office's hub, or — at the central — a push to a linked office.
 * `save` resolves to what the form then says; `pendingIds` are the ids of a kind with a change still
 * on its way (a push the office has not answered): taken for a new entry, flagged in the lists.
 */
export interface ConfigSaver {
  save(change: ConfigChange): Promise<StringKey>;
  pendingIds(kind: ConfigKind): readonly string[];
}

/** The office's own configuration, saved on its hub at once. */
export function officeSaver(session: DeskSession): ConfigSaver {
  return {
    save: async (change) => {
      if (change.kind === 'service') await session.request('upsert_service', { service: change.service });
      else if (change.kind === 'group') await session.request('upsert_service_group', { group: change.group });
      else await session.request('upsert_counter', { counter: change.counter });
      return 'sup.config.saved';
    },
    pendingIds: () => [],
  };
}

/** Ids of `kind` that pushes the office has not answered yet change. */
export function pendingIdsOf(pushes: readonly ConfigPushRecord[], kind: ConfigKind): string[] {
  return pushes.filter((p) => p.doneAt === null).flatMap((p) => p.changes.filter((c) => c.kind === kind).map((c) => c.id));
}

/**
 * A linked office's configuration, from the central: each change is a push (SPEC S4) that the office
 * applies, or refuses with its reason, when it next hears from the central. `overwrite`: pushed over
 * what the office changed itself since (otherwise such a push is refused, naming that change).
 * `pushes`: the office's recent pushes as listed (read when asked, so a form follows them).
 * `onSent`: the push is stored at the central (its answer is not in yet).
 */
export function pushSaver(
  session: DeskSession,
  officeId: string,
  opts: { overwrite: () => boolean; pushes: () => readonly ConfigPushRecord[]; onSent: () => void },
): ConfigSaver {
  return {
    save: async (change) => {
      const { delivered } = await session.request('push_config', { officeId, changes: [change], overwrite: opts.overwrite() });
      opts.onSent();
      return delivered ? 'sup.pushes.sent' : 'sup.pushes.queued';
    },
    pendingIds: (kind) => pendingIdsOf(opts.pushes(), kind),
  };
}
