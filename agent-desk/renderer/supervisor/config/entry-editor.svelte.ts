import { changedSince, idTaken } from './config-model.ts';
import type { ConfigChange, ConfigKind, ConfigSaver } from './config-saver.ts';
import { FormStatus } from './form-status.svelte.ts';

/**
 * The edit form of one configuration list (services, groups, counters): the draft, whether it is a new
 * entry, and its save. A save is refused before anything is sent when a new entry's id is taken (or has
 * a push on its way), or when the entry changed after its form opened — saving would undo a change
 * its author never saw. `edited`: the part of an entry the form edits (a counter's live state is not).
 */
export class EntryEditor<T extends { id: string }> {
  draft = $state<T | null>(null);
  isNew = $state(false);
  readonly status = new FormStatus();
  /** The entry as it was when its form opened (its edited part). */
  #opened: T | null = null;

  constructor(
    private readonly saver: ConfigSaver,
    private readonly kind: ConfigKind,
    private readonly edited: (entry: T) => T = (entry) => entry,
  ) {}

  /** Ids of this list with a push on its way (flagged, and taken for a new entry). */
  get pending(): readonly string[] {
    return this.saver.pendingIds(this.kind);
  }

  /** Opens the form on `entry`, or on `blank()` for a new one. */
  open(entry: T | null, blank: () => T): void {
    this.isNew = entry === null;
    this.status.reset();
    this.#opened = entry ? structuredClone(this.edited($state.snapshot(entry) as T)) : null;
    this.draft = this.#opened ? structuredClone(this.#opened) : blank();
  }

  close(): void {
    this.draft = null;
  }

  /** Saves the draft, as `change` words it, against `list` (the entries as now known); the form closes once the hub took it. */
  async save(list: readonly T[], change: (draft: T) => ConfigChange): Promise<void> {
    if (!this.draft) return;
    const draft = $state.snapshot(this.draft) as T;
    if (this.isNew && (idTaken(list, draft.id) || this.pending.includes(draft.id))) return this.status.refuse('sup.config.idTaken', { id: draft.id });
    if (this.#opened && changedSince(list, this.#opened, this.edited)) return this.status.refuse('sup.config.changedSince', { id: draft.id });
    if (await this.status.run(() => this.saver.save(change(draft)), (said) => said)) this.draft = null;
  }
}
