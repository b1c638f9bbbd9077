/** How many recent service times feed the estimate, and how many are needed before they replace the default. */
export const SAMPLE_SIZE = 20;
export const MIN_SAMPLES = 3;

/** Mean service time in ms from recent samples, or the service's configured default (SPEC W1). */
export function meanServiceMs(samples: readonly number[], defaultMinutes: number): number {
  if (samples.length < MIN_SAMPLES) return defaultMinutes * 60_000;
  let sum = 0;
  for (const s of samples) sum += s;
  return sum / samples.length;
}

/**
 * Estimated wait in whole minutes for someone with `ahead` people in front, served by `openCounters`
 * counters in parallel (SPEC W2); null when no counter serves the service.
 */
export function estimateWaitMinutes(ahead: number, meanMs: number, openCounters: number): number | null {
  if (openCounters <= 0) return null;
  return Math.ceil((ahead * meanMs) / openCounters / 60_000);
}

/** A service time past this (or below zero) comes from a clock stepped during the service, not from the service. */
export const MAX_SAMPLE_MS = 4 * 60 * 60_000;

/** Adds a sample, keeping only the most recent SAMPLE_SIZE; an impossible one (a clock step) is ignored. */
export function pushSample(samples: number[], ms: number): void {
  if (!(ms >= 0 && ms <= MAX_SAMPLE_MS)) return;
  samples.push(ms);
  if (samples.length > SAMPLE_SIZE) samples.splice(0, samples.length - SAMPLE_SIZE);
}
