import { HubClock, HubConnection, hubUrl, localTokenStore, reloadWhenOutdated } from '@turnero/app-kit/renderer';
import { AudioOutput } from '../audio/audio-output.ts';
import { chimeSamples } from '../audio/chime.ts';
import { RecordedVoice } from '../audio/recorded-voice.ts';
import { Speaker } from '../audio/speaker.ts';
import { browserSpeech } from '../audio/system-voice.ts';
import { unlockOnGesture } from '../audio/unlock.ts';
import { CallBoard } from '../lib/call-board.ts';
import { TOKEN_KEY, type DisplaySettings } from '../lib/settings.ts';
import { installHook } from '../lib/test-hook.ts';
import { DisplayState } from './display-state.svelte.ts';

/** Everything the screen needs, wired: hub connection → call board → announcements → sound. */
export function createDisplay(settings: DisplaySettings, page: Window = window): { display: DisplayState; connection: HubConnection; clock: HubClock } {
  const ctx = new AudioContext({ latencyHint: 'playback' });
  const output = new AudioOutput(ctx);
  const chime = output.fromSamples(chimeSamples(ctx.sampleRate), ctx.sampleRate);
  const recorded = new RecordedVoice(output, settings.lang, new URL('voice/', page.document.baseURI));
  // NOTE: loaded now so the first call is not delayed; a failure is retried (and logged) at that call.
  recorded.load().catch(() => undefined);
  const speaker = new Speaker(settings.lang, settings.voice, recorded, browserSpeech());
  const clock = new HubClock();
  const now = () => performance.timeOrigin + performance.now();

  const display = new DisplayState({
    board: new CallBoard(),
    clock,
    steps: {
      audible: () => output.audible(),
      chime: async () => ({ engine: 'synth', detail: 'chime', peak: await output.play([{ buffer: chime, gapAfter: 0 }]) }),
      speak: (call) => speaker.speak(call),
    },
    now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    userActivated: () => page.navigator.userActivation?.hasBeenActive ?? null,
    onLog: (entry) => console.info(`turnero-display announce ${JSON.stringify(entry)}`),
  });

  const url = hubUrl(page.location);
  const connection = new HubConnection({
    url,
    // A hub upgraded under a TV nobody tends: after a minute showing "update", the page reloads the hub's new build.
    onOutdated: reloadWhenOutdated(page, url),
    tokens: localTokenStore(TOKEN_KEY),
    kind: 'device',
    onEvent: (event) => display.onEvent(event),
    onSnapshot: (snapshot) => display.onSnapshot(snapshot),
    // The hub's time, right after every (re)connect and on changes: the screen's own clock may be far off.
    onStats: (_stats, at) => clock.observe(at),
  });
  connection.client.onState((state) => {
    display.onConnection(state);
    console.info(`turnero-display connection ${state}`);
  });

  setInterval(() => display.dropPastDays(), 60_000);
  void output.audible(500).then((ok) => display.setSoundBlocked(!ok));
  unlockOnGesture(ctx, page, () => display.setSoundBlocked(false));
  installHook(page, display, { connection: () => connection.state, audio: () => ctx.state, loadedAt: performance.timeOrigin });
  return { display, connection, clock };
}
