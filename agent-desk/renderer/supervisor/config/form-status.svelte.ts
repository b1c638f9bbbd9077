/** One configuration form's request: busy while out, the hub's refusal, or "saved". */
export class FormStatus {
  busy = $state(false);
  error = $state.raw<unknown>(null);
  saved = $state(false);

  /** Runs the request; true when the hub accepted it. */
  async run(request: () => Promise<unknown>): Promise<boolean> {
    this.busy = true;
    this.error = null;
    this.saved = false;
    try {
      await request();
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
