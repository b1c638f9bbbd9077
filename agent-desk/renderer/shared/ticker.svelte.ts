/** "Now", refreshed every second while started: drives the live timers. */
export class Ticker {
  now = $state(0);
  readonly #read: () => number;
  readonly #everyMs: number;

  constructor(read: () => number = Date.now, everyMs = 1000) {
    this.#read = read;
    this.#everyMs = everyMs;
    this.now = read();
  }

  /** Starts ticking; returns the function that stops it (fit for `$effect`). */
  start(): () => void {
    this.now = this.#read();
    const timer = setInterval(() => (this.now = this.#read()), this.#everyMs);
    return () => clearInterval(timer);
  }
}
