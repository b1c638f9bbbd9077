import { describe, expect, it } from 'vitest';
import { Announcer, type AnnouncerSteps, type LogEntry, type StepOutcome } from '../../renderer/lib/announcer.ts';
import type { Call } from '../../renderer/lib/call.ts';

const call = (id: string, recall = false): Call => ({ ticketId: id, number: `F-${id}`, serviceId: 's', counterId: 'c', counterName: 'Módulo 1', at: 1, recall });

/** Steps that take a few ticks each and record how many sounds play at once. */
function fakeSteps(opts: { audible?: boolean; failChime?: boolean } = {}) {
  let playing = 0;
  let maxPlaying = 0;
  const heard: string[] = [];
  const sound = async (what: string, engine: StepOutcome['engine']): Promise<StepOutcome> => {
    playing += 1;
    maxPlaying = Math.max(maxPlaying, playing);
    await new Promise((r) => setTimeout(r, 5));
    playing -= 1;
    heard.push(what);
    return { engine, detail: what, peak: 0.5 };
  };
  const steps: AnnouncerSteps = {
    audible: async () => opts.audible ?? true,
    chime: () => (opts.failChime ? Promise.reject(new Error('no output')) : sound('chime', 'synth')),
    speak: (c) => sound(`say ${c.number}`, 'recorded'),
  };
  return { steps, heard, maxPlaying: () => maxPlaying };
}

function setup(queue: Call[], steps: AnnouncerSteps) {
  const log: LogEntry[] = [];
  const current: (string | null)[] = [];
  let t = 0;
  const announcer = new Announcer({ next: () => queue.shift() }, steps, {
    now: () => ++t,
    sleep: () => Promise.resolve(),
    gapMs: 900,
    silentHoldMs: 3000,
    onCurrent: (c) => current.push(c?.ticketId ?? null),
    onLog: (e) => log.push(e),
  });
  return { announcer, log, current };
}

describe('Announcer', () => {
  it('announces one call at a time, chime then voice, in queue order, never two sounds at once', async () => {
    const queue = [call('1'), call('2')];
    const fake = fakeSteps();
    const { announcer, log, current } = setup(queue, fake.steps);
    const first = announcer.kick();
    queue.push(call('3'));
    await announcer.kick(); // already running: returns at once, the loop picks up call 3
    await first;
    expect(fake.heard).toEqual(['chime', 'say F-1', 'chime', 'say F-2', 'chime', 'say F-3']);
    expect(fake.maxPlaying()).toBe(1);
    expect(log.map((e) => `${e.ticketId}:${e.step}`)).toEqual(['1:chime', '1:speech', '2:chime', '2:speech', '3:chime', '3:speech']);
    for (let i = 1; i < log.length; i++) expect(log[i]!.startedAt).toBeGreaterThanOrEqual(log[i - 1]!.endedAt);
    expect(current).toEqual(['1', '2', '3', null]);
    expect(announcer.running).toBe(false);
  });

  it('logs a blocked announcement (no sound possible) and keeps going', async () => {
    const fake = fakeSteps({ audible: false });
    const { announcer, log } = setup([call('1'), call('2', true)], fake.steps);
    await announcer.kick();
    expect(fake.heard).toEqual([]);
    expect(log.map((e) => [e.ticketId, e.step, e.blocked, e.engine])).toEqual([
      ['1', 'chime', true, null],
      ['1', 'speech', true, null],
      ['2', 'chime', true, null],
      ['2', 'speech', true, null],
    ]);
    expect(log[2]!.recall).toBe(true);
  });

  it('a failing sound is logged with its error; the voice still speaks and the next call follows', async () => {
    const fake = fakeSteps({ failChime: true });
    const { announcer, log } = setup([call('1'), call('2')], fake.steps);
    await announcer.kick();
    expect(fake.heard).toEqual(['say F-1', 'say F-2']);
    expect(log[0]).toMatchObject({ step: 'chime', error: 'no output', blocked: false, engine: null });
    expect(log[1]).toMatchObject({ step: 'speech', error: null, engine: 'recorded', detail: 'say F-1', peak: 0.5 });
  });

  it('a call taken back during its chime is not spoken; the next call follows', async () => {
    const queue = [call('1'), call('2')];
    const fake = fakeSteps();
    const withdrawn = new Set<string>();
    const log: LogEntry[] = [];
    const steps: AnnouncerSteps = {
      ...fake.steps,
      chime: async () => {
        const outcome = await fake.steps.chime();
        if (log.length === 0) withdrawn.add('1');
        return outcome;
      },
    };
    const announcer = new Announcer({ next: () => queue.shift(), withdrawn: (c) => withdrawn.has(c.ticketId) }, steps, {
      now: () => 0,
      sleep: () => Promise.resolve(),
      gapMs: 900,
      silentHoldMs: 3000,
      onCurrent: () => undefined,
      onLog: (e) => log.push(e),
    });
    await announcer.kick();
    expect(fake.heard).toEqual(['chime', 'chime', 'say F-2']);
    expect(log.map((e) => `${e.ticketId}:${e.step}`)).toEqual(['1:chime', '2:chime', '2:speech']);
  });

  it('tells its source when each announcement is over: after the voice (or the skipped voice), before the gap', async () => {
    const queue = [call('1'), call('2')];
    const fake = fakeSteps();
    const events: string[] = [];
    const announcer = new Announcer(
      { next: () => queue.shift(), withdrawn: (c) => c.ticketId === '1', announced: (c) => events.push(`announced ${c.ticketId}`) },
      { ...fake.steps, speak: async (c) => (events.push(`say ${c.ticketId}`), fake.steps.speak(c)) },
      { now: () => 0, sleep: async (ms) => void events.push(`gap ${ms}`), gapMs: 900, silentHoldMs: 3000, onCurrent: () => undefined, onLog: () => undefined },
    );
    await announcer.kick();
    expect(events).toEqual(['announced 1', 'say 2', 'announced 2', 'gap 900']);
  });
});
