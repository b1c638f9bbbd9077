import type { PrintResult } from '@turnero/hardware';

/**
 * How long the main process remembers what came of a ticket's (or receipt's) print: far past a
 * reloaded page's resume (3 minutes) and a failed print's screen (10 minutes), as the hub does.
 */
export const PRINT_MEMORY_MS = 60 * 60_000;

/** A print's result, or `already`: asked `unlessPrinted`, it came out before and nothing printed now. */
export type LedgerResult = PrintResult | { ok: true; already: true };

/**
 * One print of a ticket (or receipt) at a time on this device's printer, and what came of it. A
 * request while its print runs gets that print's answer: a page reloaded mid-print (a renderer crash)
 * asks again, and the print the main process finished meanwhile is not repeated. `unlessPrinted`
 * prints only if nothing may have come out: one on paper is answered `already`; one whose print
 * failed after its job reached the printer (`sent`) gets that doubt back, without paper, so the page
 * asks the customer. A print that sent nothing changes nothing remembered.
 *
 * NOTE: in memory, like the hub's for receipts: it outlives a reload, not an app restart (the page's
 * journal then still holds any doubt it saw).
 */
export class PrintLedger {
  readonly #running = new Map<string, Promise<PrintResult>>();
  /** id → when its last print that reached the printer ended, and how; oldest first. */
  readonly #ended = new Map<string, { at: number; result: PrintResult }>();

  constructor(
    readonly now: () => number = Date.now,
    readonly memoryMs: number = PRINT_MEMORY_MS,
  ) {}

  /** Runs `print` for `id` unless one is running (its answer is shared) or, `unlessPrinted`, one may have come out. */
  async print(id: string, unlessPrinted: boolean, print: () => Promise<PrintResult>): Promise<LedgerResult> {
    const running = this.#running.get(id);
    if (running) return running;
    this.#forgetOld();
    const ended = this.#ended.get(id);
    if (unlessPrinted && ended) {
      return ended.result.ok ? { ok: true, already: true } : { ...ended.result, message: `an earlier print may have come out: ${ended.result.message}` };
    }
    const job = print();
    this.#running.set(id, job);
    try {
      const result = await job;
      if (result.ok || result.sent) {
        this.#ended.delete(id);
        this.#ended.set(id, { at: this.now(), result });
      }
      return result;
    } finally {
      this.#running.delete(id);
    }
  }

  #forgetOld(): void {
    const now = this.now();
    for (const [id, { at }] of this.#ended) {
      if (now - at <= this.memoryMs) break;
      this.#ended.delete(id);
    }
  }
}
