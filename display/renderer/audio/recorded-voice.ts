import type { Lang } from '@turnero/protocol';
import type { Announcement } from '../lib/announcement.ts';
import type { StepOutcome } from '../lib/announcer.ts';
import type { AudioOutput } from './audio-output.ts';
import { clipsFor, parseVoiceTable, type VoiceTable } from './voice-table.ts';

interface LoadedVoice {
  buffer: AudioBuffer;
  table: VoiceTable;
}

/**
 * The voice shipped with the app: words recorded with espeak-ng (scripts/generate-voice.sh) in one
 * file per language, played back to back through the display's audio output.
 */
export class RecordedVoice {
  #loading: Promise<LoadedVoice> | null = null;

  constructor(
    private readonly output: AudioOutput,
    private readonly lang: Lang,
    /** The folder holding <lang>.ogg and <lang>.json (the page's `voice/`). */
    private readonly baseUrl: URL,
    private readonly fetchFn: typeof fetch = (input, init) => fetch(input, init),
    /** A load not answered by then fails (and is tried again at the next call) instead of holding every announcement behind it. */
    private readonly loadTimeoutMs = 10_000,
  ) {}

  /** Loads and decodes the voice once; a failed load is retried on the next call. */
  load(): Promise<LoadedVoice> {
    this.#loading ??= this.#fetch().catch((error: unknown) => {
      this.#loading = null;
      throw error;
    });
    return this.#loading;
  }

  async say(announcement: Announcement): Promise<StepOutcome> {
    const { buffer, table } = await this.load();
    const { clips, missing } = clipsFor(announcement, table);
    if (clips.length === 0) throw new Error(`recorded voice: nothing to say (missing ${missing.join(', ')})`);
    const peak = await this.output.play(clips.map((c) => ({ buffer, offset: c.offset, duration: c.duration, gapAfter: c.gapAfter })));
    const said = clips.map((c) => c.name).join(' ');
    const gaps = missing.length > 0 ? ` (missing ${missing.join(' ')})` : '';
    return { engine: 'recorded', detail: `${announcement.text} [${said}]${gaps}`, peak };
  }

  async #fetch(): Promise<LoadedVoice> {
    const get = async (file: string) => {
      const response = await this.fetchFn(new URL(file, this.baseUrl), { signal: AbortSignal.timeout(this.loadTimeoutMs) });
      if (!response.ok) throw new Error(`recorded voice: ${file}: HTTP ${response.status}`);
      return response;
    };
    const [tableResponse, audioResponse] = await Promise.all([get(`${this.lang}.json`), get(`${this.lang}.ogg`)]);
    const table = parseVoiceTable(await tableResponse.json());
    const buffer = await this.output.decode(await audioResponse.arrayBuffer());
    return { buffer, table };
  }
}
