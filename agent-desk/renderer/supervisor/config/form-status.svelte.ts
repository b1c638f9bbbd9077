import type { StringKey } from '../../shared/i18n.ts';

/** One configuration form's request: busy while out, the hub's refusal (or the form's own, before asking), or "saved". */
export class FormStatus {
  busy = $state(false);
  error = $state.raw<unknown>(null);
  saved = $state(false);
  /** Why the form did not send: a text of the console's (worded when shown, in the language then). */
  refused = $state.raw<{ key: StringKey; params: Record<string, string> } | null>(null);

  /** What the form says once the hub took the change ("saved", or a push sent to an office). */
  savedKey = $state<StringKey>('sup.config.saved');

  /** Holds the form back with a reason of its own; nothing is sent. */
  refuse(key: StringKey, params: Record<string, string> = {}): void {
    this.error = null;
    this.saved = false;
    this.refused = { key, params };
  }

  /** Back to nothing said (a form opened again). */
  reset(): void {
    this.error = null;
    this.saved = false;
    this.refused = null;
  }

  /** Runs the request; true when the hub accepted it. `said`: what to say then, from its answer ("saved" if none). */
  async run<T>(request: () => Promise<T>, said?: (answer: T) => StringKey): Promise<boolean> {
    this.busy = true;
    this.error = null;
    this.saved = false;
    this.refused = null;
    try {
      const answer = await request();
      this.savedKey = said ? said(answer) : 'sup.config.saved';
      this.saved = true;
      return true;
    } catch (error) {
      this.error = error;
      return false;
    } finally {
      this.busy = false;
    }
  }
}
