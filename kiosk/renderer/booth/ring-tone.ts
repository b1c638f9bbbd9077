import type { Ringer } from './booth-flow.svelte.ts';

/** A soft two-tone ring every 1.6 s through Web Audio (no file to load). */
export function ringTone(): Ringer {
  let ctx: AudioContext | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  const beep = () => {
    if (!ctx) return;
    for (const [freq, at] of [[880, 0], [660, 0.4]] as const) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = freq;
      gain.gain.value = 0.12;
      osc.connect(gain).connect(ctx.destination);
      osc.start(ctx.currentTime + at);
      osc.stop(ctx.currentTime + at + 0.3);
    }
  };
  return {
    start() {
      if (timer) return;
      try {
        ctx ??= new AudioContext();
        void ctx.resume().catch(() => undefined);
        beep();
        timer = setInterval(beep, 1600);
      } catch {
        // NOTE: no audio device: the ringing screen still shows.
      }
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
