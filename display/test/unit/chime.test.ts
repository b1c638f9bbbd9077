import { describe, expect, it } from 'vitest';
import { CHIME_SECONDS, chimeSamples } from '../../renderer/audio/chime.ts';

const RATE = 44_100;

/** Dominant frequency of a window, by counting upward zero crossings. */
function pitch(samples: Float32Array, from: number, seconds: number): number {
  const start = Math.floor(from * RATE);
  const end = start + Math.floor(seconds * RATE);
  let crossings = 0;
  for (let i = start + 1; i < end; i++) if (samples[i - 1]! < 0 && samples[i]! >= 0) crossings++;
  return crossings / seconds;
}

function rms(samples: Float32Array, from: number, seconds: number): number {
  const start = Math.floor(from * RATE);
  const end = start + Math.floor(seconds * RATE);
  let sum = 0;
  for (let i = start; i < end; i++) sum += samples[i]! ** 2;
  return Math.sqrt(sum / (end - start));
}

describe('chime', () => {
  const samples = chimeSamples(RATE);

  it('lasts CHIME_SECONDS and peaks at 0.8 without clipping', () => {
    expect(samples.length).toBe(Math.ceil(CHIME_SECONDS * RATE));
    let peak = 0;
    for (const s of samples) peak = Math.max(peak, Math.abs(s));
    expect(peak).toBeCloseTo(0.8, 5);
  });

  it('is two falling tones (E5 then C5) that fade out', () => {
    expect(pitch(samples, 0.05, 0.3)).toBeGreaterThan(600);
    expect(pitch(samples, 0.05, 0.3)).toBeLessThan(720);
    // Once the first tone has faded, the second one dominates.
    expect(pitch(samples, 1.05, 0.3)).toBeGreaterThan(480);
    expect(pitch(samples, 1.05, 0.3)).toBeLessThan(570);
    expect(rms(samples, 0.45, 0.05)).toBeGreaterThan(0.1);
    expect(rms(samples, CHIME_SECONDS - 0.02, 0.02)).toBeLessThan(0.01);
  });
});
