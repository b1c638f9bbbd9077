import '@turnero/app-kit/testing/runes';
import { describe, expect, it } from 'vitest';
import type { HubEvent } from '@turnero/protocol';
import { HubClock } from '@turnero/app-kit/renderer';
import type { AnnouncerSteps } from '../../renderer/lib/announcer.ts';
import { CallBoard } from '../../renderer/lib/call-board.ts';
import { DisplayState } from '../../renderer/state/display-state.svelte.ts';

const T0 = Date.UTC(2026, 11, 6, 15, 0);

function called(ticketId: string, number: string, at: number): HubEvent {
  return { type: 'ticket_called', at, ticketId, number, serviceId: 'facturacion', counterId: 'modulo-1', counterName: 'Módulo 1', agentId: 'a1', preferential: false, rule: 'normal', manualReason: null };
}

function recalled(ticketId: string, number: string, at: number): HubEvent {
  return { type: 'ticket_recalled', at, ticketId, number, serviceId: 'facturacion', counterId: 'modulo-1', counterName: 'Módulo 1', recalls: 1 };
}

/** A display whose chime waits until `ring()` is called, so a test can act while it plays. */
function display() {
  const heard: string[] = [];
  let ring: () => void = () => undefined;
  const steps: AnnouncerSteps = {
    audible: async () => true,
    chime: () => new Promise((resolve) => (ring = () => resolve({ engine: 'synth', detail: 'chime', peak: 0.5 }))),
    speak: async (call) => {
      heard.push(`${call.recall ? 'again ' : ''}${call.number}`);
      return { engine: 'recorded', detail: call.number, peak: 0.5 };
    },
  };
  const state = new DisplayState({ board: new CallBoard(), clock: new HubClock(() => T0), steps, now: () => T0, sleep: () => Promise.resolve(), userActivated: () => true });
  state.onConnection('online');
  return { state, heard, ring: () => ring() };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('DisplayState', () => {
  it('a call taken back while its chime plays leaves the screen at once and its number is never said', async () => {
    const d = display();
    d.state.onEvent(called('t1', 'F-001', T0));
    await settle();
    expect(d.state.current?.number).toBe('F-001');
    d.state.onEvent({ type: 'ticket_requeued', at: T0 + 500, ticketId: 't1' });
    expect(d.state.current).toBeNull();
    expect(d.state.history).toEqual([]);
    d.ring();
    await settle();
    expect(d.heard).toEqual([]);
    // The next call is announced as usual.
    d.state.onEvent(called('t2', 'F-002', T0 + 1000));
    await settle();
    d.ring();
    await settle();
    expect(d.heard).toEqual(['F-002']);
    expect(d.state.current?.number).toBe('F-002');
  });

  it('a recall made while its first call is chiming is not said again right after it; a recall once the hall heard the call is', async () => {
    const d = display();
    d.state.onEvent(called('t1', 'F-001', T0));
    await settle();
    d.state.onEvent(recalled('t1', 'F-001', T0 + 2000));
    expect(d.state.history.map((c) => c.recall)).toEqual([true]);
    d.ring();
    await settle();
    d.ring();
    await settle();
    expect(d.heard).toEqual(['F-001']);
    expect(d.state.announcing).toBeNull();
    d.state.onEvent(recalled('t1', 'F-001', T0 + 60_000));
    await settle();
    d.ring();
    await settle();
    expect(d.heard).toEqual(['F-001', 'again F-001']);
  });

  it('a no-show leaves its call on the list: it was called', async () => {
    const d = display();
    d.state.onEvent(called('t1', 'F-001', T0));
    await settle();
    d.ring();
    await settle();
    d.state.onEvent({ type: 'ticket_no_show', at: T0 + 60_000, ticketId: 't1', reason: 'agent' });
    expect(d.state.history.map((c) => c.number)).toEqual(['F-001']);
  });
});
