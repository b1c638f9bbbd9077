import type { ConfigPushChange } from '@turnero/protocol';
import type { DeskSession } from '../../shared/desk-session.svelte.ts';
import type { StringKey } from '../../shared/i18n.ts';

/** A change the configuration editors make: a service, a group or a counter (users have a form of their own). */
export type ConfigChange = Exclude<ConfigPushChange, { kind: 'user' }>;

/**
 * Where the editors' changes go: this office's hub, or — at the central — a push to a linked office.
 * `savedKey`: what the form says once the hub has taken the change.
 */
export interface ConfigSaver {
  save(change: ConfigChange): Promise<unknown>;
  readonly savedKey: StringKey;
}

/** The office's own configuration, saved on its hub at once. */
export function officeSaver(session: DeskSession): ConfigSaver {
  return {
    savedKey: 'sup.config.saved',
    save: (change) =>
      change.kind === 'service'
        ? session.request('upsert_service', { service: change.service })
        : change.kind === 'group'
          ? session.request('upsert_service_group', { group: change.group })
          : session.request('upsert_counter', { counter: change.counter }),
  };
}

/**
 * A linked office's configuration, from the central: each change is a push (SPEC S5) that the office
 * applies, or refuses with its reason, when it next hears from the central. `overwrite`: pushed over
 * what the office changed itself since (otherwise such a push is refused, naming that change).
 * `onSent`: the push is stored at the central (its answer is not in yet).
 */
export function pushSaver(session: DeskSession, officeId: string, overwrite: () => boolean, onSent: () => void): ConfigSaver {
  return {
    savedKey: 'sup.pushes.sent',
    save: async (change) => {
      const sent = await session.request('push_config', { officeId, changes: [change], overwrite: overwrite() });
      onSent();
      return sent;
    },
  };
}
