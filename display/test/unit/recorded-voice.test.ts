import { describe, expect, it } from 'vitest';
import type { AudioOutput, Clip } from '../../renderer/audio/audio-output.ts';
import { RecordedVoice } from '../../renderer/audio/recorded-voice.ts';
import { announcementFor } from '../../renderer/lib/announcement.ts';

const TABLE = { lang: 'es', segments: { intro: [0, 0.4], 'letter-f': [0.5, 0.3], 'number-0': [1, 0.3], 'number-2': [1.5, 0.3], 'number-3': [2, 0.3], counter: [2.5, 0.5], 'number-4': [3, 0.3] } };

/** An output that records what it was asked to play; the "decoded" buffer is the file's bytes as text. */
function fakeOutput() {
  const played: Clip[][] = [];
  const output = {
    decode: async (bytes: ArrayBuffer) => ({ duration: 4, marker: new TextDecoder().decode(bytes) }) as unknown as AudioBuffer,
    play: async (clips: readonly Clip[]) => {
      played.push([...clips]);
      return 0.6;
    },
  };
  return { output: output as unknown as AudioOutput, played };
}

function fakeFetch(failFirst = 0) {
  const requested: string[] = [];
  let failures = failFirst;
  const fn = (async (input: URL | RequestInfo) => {
    const url = String(input);
    requested.push(url);
    if (failures > 0) {
      failures -= 1;
      return new Response('down', { status: 503 });
    }
    return url.endsWith('.json') ? new Response(JSON.stringify(TABLE)) : new Response('ogg-bytes');
  }) as typeof fetch;
  return { fn, requested };
}

const call = { number: 'F-023', counterName: 'Módulo 4', recall: false };

describe('RecordedVoice', () => {
  it("loads the language's table and file from the page's voice/ folder and plays the words in order", async () => {
    const { output, played } = fakeOutput();
    const { fn, requested } = fakeFetch();
    const voice = new RecordedVoice(output, 'es', new URL('http://hub:8080/display/voice/'), fn);
    const outcome = await voice.say(announcementFor(call, 'es'));
    expect(requested.sort()).toEqual(['http://hub:8080/display/voice/es.json', 'http://hub:8080/display/voice/es.ogg']);
    expect(outcome).toEqual({ engine: 'recorded', detail: 'Turno F 0 2 3, módulo 4 [intro letter-f number-0 number-2 number-3 counter number-4]', peak: 0.6 });
    expect(played).toHaveLength(1);
    expect(played[0]!.map((c) => c.offset)).toEqual([0, 0.5, 1, 1.5, 2, 2.5, 3]);
    expect((played[0]![0]!.buffer as unknown as { marker: string }).marker).toBe('ogg-bytes');
    await voice.say(announcementFor(call, 'es'));
    expect(requested).toHaveLength(2); // loaded once
  });

  it('a load the hub never answers fails after its deadline (the announcer goes on), and is tried again at the next call', async () => {
    const { output } = fakeOutput();
    let calls = 0;
    const hanging = ((_input: URL | RequestInfo, init?: RequestInit) => {
      calls += 1;
      return new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted: no answer'))));
    }) as typeof fetch;
    const voice = new RecordedVoice(output, 'es', new URL('http://hub/display/voice/'), hanging, 50);
    await expect(voice.say(announcementFor(call, 'es'))).rejects.toThrow(/no answer/);
    await expect(voice.say(announcementFor(call, 'es'))).rejects.toThrow(/no answer/);
    expect(calls).toBe(4);
  });

  it('a failed load is retried at the next announcement', async () => {
    const { output } = fakeOutput();
    const { fn, requested } = fakeFetch(2);
    const voice = new RecordedVoice(output, 'es', new URL('http://hub/display/voice/'), fn);
    await expect(voice.say(announcementFor(call, 'es'))).rejects.toThrow(/HTTP 503/);
    await expect(voice.say(announcementFor(call, 'es'))).resolves.toMatchObject({ engine: 'recorded' });
    expect(requested).toHaveLength(4);
  });

  it('names the words it does not have, and refuses to play nothing', async () => {
    const { output } = fakeOutput();
    const voice = new RecordedVoice(output, 'es', new URL('http://hub/display/voice/'), fakeFetch().fn);
    const outcome = await voice.say(announcementFor({ ...call, number: 'F-923' }, 'es'));
    expect(outcome.detail).toBe('Turno F 9 2 3, módulo 4 [intro letter-f number-2 number-3 counter number-4] (missing number-9)');
    await expect(voice.say({ text: '', phrases: [['letter-z']] })).rejects.toThrow(/nothing to say/);
  });
});
