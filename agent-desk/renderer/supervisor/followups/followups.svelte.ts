import type { Callback, CallbackOutcome, CaseOutcome, HubEvent, RecoveryCase, User } from '@turnero/protocol';
import type { DeskSession } from '../../shared/desk-session.svelte.ts';
import { upsertById } from '../board/board-model.ts';

/**
 * "Te contactamos" and "Recuperando la experiencia": both worklists, loaded once and kept live by
 * callback_* and case_* events; every action goes to the hub, whose answer replaces the item.
 */
export class FollowUps {
  callbacks = $state.raw<readonly Callback[]>([]);
  cases = $state.raw<readonly RecoveryCase[]>([]);
  users = $state.raw<ReadonlyMap<string, User>>(new Map());
  loaded = $state(false);
  /** The last refusal, by callback or case id. */
  errors = $state.raw<ReadonlyMap<string, unknown>>(new Map());
  /** Callbacks and cases with a request out: two at once (claim one, release another) each keep their own. */
  busy = $state.raw<ReadonlySet<string>>(new Set());

  constructor(private readonly session: DeskSession) {}

  start(): () => void {
    const offEvents = this.session.office.onEvent((e) => this.#onEvent(e));
    // Events missed while away arrive as a snapshot, which holds no callbacks or cases: read them again.
    const offSnapshots = this.session.office.onSnapshot(() => void this.load());
    void this.load();
    return () => {
      offEvents();
      offSnapshots();
    };
  }

  /** Callbacks still to do (open or claimed): the tab's badge and the board's figure. */
  get callbacksToDo(): number {
    return this.callbacks.filter((c) => c.status !== 'closed').length;
  }

  get openCases(): number {
    return this.cases.filter((c) => c.status === 'open').length;
  }

  /** The hub's time now (lists say the day of what is not from today). */
  now(): number {
    return this.session.office.clock.now();
  }

  async load(): Promise<void> {
    const [cb, cs, us] = await Promise.allSettled([
      this.session.request('list_callbacks', { status: 'all' }),
      this.session.request('list_cases', { status: 'all' }),
      this.session.request('list_users', {}),
    ]);
    if (cb.status === 'fulfilled') this.callbacks = cb.value.callbacks;
    if (cs.status === 'fulfilled') this.cases = cs.value.cases;
    if (us.status === 'fulfilled') this.users = new Map(us.value.users.map((u) => [u.id, u]));
    this.loaded = true;
  }

  /** Whether a request for this callback or case is out. */
  isBusy(id: string): boolean {
    return this.busy.has(id);
  }

  /** A person's name by user id (the id itself when unknown). */
  nameOf(userId: string | null): string {
    if (!userId) return '';
    return this.users.get(userId)?.displayName ?? userId;
  }

  get timeZone(): string {
    return this.session.office.book?.office.timeZone ?? 'UTC';
  }

  get me(): string | null {
    return this.session.principal?.id ?? null;
  }

  claim(callbackId: string): Promise<boolean> {
    return this.#act(callbackId, async () => {
      const { callback } = await this.session.request('claim_callback', { callbackId });
      this.callbacks = upsertById(this.callbacks, callback);
    });
  }

  /** Gives a claimed callback back to the worklist (one's own, or, as a supervisor, anyone's). */
  release(callbackId: string): Promise<boolean> {
    return this.#act(callbackId, async () => {
      const { callback } = await this.session.request('release_callback', { callbackId });
      this.callbacks = upsertById(this.callbacks, callback);
    });
  }

  recordAttempt(callbackId: string, outcome: CallbackOutcome, note: string): Promise<boolean> {
    return this.#act(callbackId, async () => {
      const { callback } = await this.session.request('record_callback_attempt', { callbackId, outcome, note });
      this.callbacks = upsertById(this.callbacks, callback);
    });
  }

  recordFollowUp(caseId: string, outcome: CaseOutcome, note: string): Promise<boolean> {
    return this.#act(caseId, async () => {
      const { case: c } = await this.session.request('record_case_followup', { caseId, outcome, note });
      this.cases = upsertById(this.cases, c);
    });
  }

  async #act(id: string, run: () => Promise<void>): Promise<boolean> {
    this.busy = new Set(this.busy).add(id);
    let outcome: { ok: true } | { ok: false; error: unknown };
    try {
      await run();
      outcome = { ok: true };
    } catch (error) {
      outcome = { ok: false, error };
    }
    // NOTE: read when this one ends, not when it began: another action may have ended meanwhile, with its own error.
    const errors = new Map(this.errors);
    if (outcome.ok) errors.delete(id);
    else errors.set(id, outcome.error);
    this.errors = errors;
    const busy = new Set(this.busy);
    busy.delete(id);
    this.busy = busy;
    return outcome.ok;
  }

  #onEvent(event: HubEvent): void {
    if (event.type === 'callback_requested' || event.type === 'callback_updated') this.callbacks = upsertById(this.callbacks, event.callback);
    if (event.type === 'case_opened' || event.type === 'case_updated') this.cases = upsertById(this.cases, event.case);
  }
}
