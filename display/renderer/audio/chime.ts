/** The chime's notes: a falling major third (E5 → C5), like an airport "ding-dong". */
const NOTES = [
  { hz: 659.25, start: 0, length: 1.0 },
  { hz: 523.25, start: 0.42, length: 1.25 },
] as const;
/** Bell-like partials: the fundamental, the octave and the twelfth, quieter as they go up. */
const PARTIALS = [
  { ratio: 1, gain: 1 },
  { ratio: 2, gain: 0.32 },
  { ratio: 3, gain: 0.1 },
] as const;
const ATTACK_S = 0.006;
const DECAY_PER_S = 3.4;
const PEAK = 0.8;

/** Total length of the chime in seconds. */
export const CHIME_SECONDS = Math.max(...NOTES.map((n) => n.start + n.length));

/** The hall chime as mono samples at `sampleRate`: two struck tones with an exponential decay, peak 0.8. */
export function chimeSamples(sampleRate: number): Float32Array {
  const out = new Float32Array(Math.ceil(CHIME_SECONDS * sampleRate));
  for (const note of NOTES) {
    const first = Math.floor(note.start * sampleRate);
    const count = Math.floor(note.length * sampleRate);
    for (let i = 0; i < count && first + i < out.length; i++) {
      const t = i / sampleRate;
      const envelope = Math.min(1, t / ATTACK_S) * Math.exp(-DECAY_PER_S * t) * Math.min(1, (note.length - t) / 0.05);
      let s = 0;
      for (const p of PARTIALS) s += p.gain * Math.sin(2 * Math.PI * note.hz * p.ratio * t);
      out[first + i]! += s * envelope;
    }
  }
  let max = 0;
  for (const s of out) max = Math.max(max, Math.abs(s));
  if (max > 0) for (let i = 0; i < out.length; i++) out[i] = (out[i]! / max) * PEAK;
  return out;
}
