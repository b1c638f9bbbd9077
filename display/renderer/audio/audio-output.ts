/** A piece of an audio buffer to play, then silence before the next. */
export interface Clip {
  buffer: AudioBuffer;
  /** Where in the buffer to start, and how long to play (seconds); the whole buffer by default. */
  offset?: number;
  duration?: number;
  gapAfter: number;
}

const METER_EVERY_MS = 25;
/** Extra wall-clock time allowed past the scheduled end before a playback counts as stalled. */
const STALL_MARGIN_MS = 2000;

/**
 * The display's one sound output (Web Audio): chime and recorded voice go through a level meter to
 * the speakers, so the log can prove sound actually went out. An autoplay policy keeps the context
 * suspended until a gesture: `audible()` says so instead of waiting forever.
 */
export class AudioOutput {
  readonly #meter: AnalyserNode;

  constructor(readonly ctx: AudioContext) {
    this.#meter = ctx.createAnalyser();
    this.#meter.fftSize = 2048;
    this.#meter.connect(ctx.destination);
  }

  /** True when sound can play now; a suspended context gets `waitMs` to resume. */
  async audible(waitMs = 250): Promise<boolean> {
    if (this.ctx.state === 'running') return true;
    if (this.ctx.state === 'closed') return false;
    await Promise.race([this.ctx.resume().catch(() => undefined), new Promise((r) => setTimeout(r, waitMs))]);
    return (this.ctx.state as AudioContextState) === 'running';
  }

  /** A mono buffer from samples. */
  fromSamples(samples: Float32Array, sampleRate: number): AudioBuffer {
    const buffer = this.ctx.createBuffer(1, samples.length, sampleRate);
    buffer.copyToChannel(samples as Float32Array<ArrayBuffer>, 0);
    return buffer;
  }

  decode(bytes: ArrayBuffer): Promise<AudioBuffer> {
    return this.ctx.decodeAudioData(bytes);
  }

  /** Plays the clips back to back; resolves when the last one ends, with the loudest level measured (0..1). */
  play(clips: readonly Clip[]): Promise<number> {
    const ctx = this.ctx;
    let at = ctx.currentTime + 0.05;
    let last: AudioBufferSourceNode | null = null;
    for (const clip of clips) {
      const source = ctx.createBufferSource();
      source.buffer = clip.buffer;
      source.connect(this.#meter);
      const offset = clip.offset ?? 0;
      const duration = clip.duration ?? clip.buffer.duration - offset;
      source.start(at, offset, duration);
      at += duration + clip.gapAfter;
      last = source;
    }
    if (!last) return Promise.resolve(0);
    const endSource = last;
    const seconds = at - ctx.currentTime;
    return new Promise((resolve, reject) => {
      let peak = 0;
      const samples = new Float32Array(this.#meter.fftSize);
      const meter = setInterval(() => {
        this.#meter.getFloatTimeDomainData(samples);
        for (const s of samples) peak = Math.max(peak, Math.abs(s));
      }, METER_EVERY_MS);
      const stall = setTimeout(() => {
        clearInterval(meter);
        reject(new Error('playback stalled (audio output suspended?)'));
      }, seconds * 1000 + STALL_MARGIN_MS);
      endSource.onended = () => {
        clearInterval(meter);
        clearTimeout(stall);
        resolve(Math.min(1, peak));
      };
    });
  }
}
