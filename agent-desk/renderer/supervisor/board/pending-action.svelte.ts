import type { DeskI18n } from '../../shared/i18n.ts';
import { supervisorError } from '../errors.ts';

/**
 * One request at a time from a board dialog: `busy` while it is out, then its refusal in words
 * (`error`) or nothing. A dialog that closes while busy would show the answer in the next one, so
 * dialogs ask `busy` before closing.
 */
export class PendingAction {
  busy = $state(false);
  error = $state<string | null>(null);

  constructor(private readonly i18n: () => DeskI18n) {}

  /** Sends `request` unless one is out; true once the hub accepted it. */
  async run(request: () => Promise<unknown>): Promise<boolean> {
    if (this.busy) return false;
    this.busy = true;
    this.error = null;
    try {
      await request();
      return true;
    } catch (e) {
      this.error = supervisorError(this.i18n(), e);
      return false;
    } finally {
      this.busy = false;
    }
  }

  clear(): void {
    this.error = null;
  }
}
