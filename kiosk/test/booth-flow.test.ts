import '@turnero/app-kit/testing/runes';
import { describe, expect, it } from 'vitest';
import { LiveCall, type CallMessage, type CallSignalling, type PeerLike } from '@turnero/app-kit/renderer';
import { BoothFlow, type BoothTicketStatus } from '../renderer/booth/booth-flow.svelte.ts';
import { isBoothMode } from '../renderer/booth/booth-setup.ts';
import { servicesFor } from '../renderer/lib/catalog.ts';
import { parseStatusEvent, statusToken } from '../renderer/booth/status-watch.ts';
import { issueResult, snapshot, Timers } from './fixtures.ts';

function setup() {
  const timers = new Timers();
  const sent: CallMessage[] = [];
  let deliver: (m: CallMessage) => void = () => undefined;
  const signalling: CallSignalling = {
    send: async (m) => void sent.push(m),
    onMessage: (l) => ((deliver = l), () => undefined),
    onReconnect: () => () => undefined,
  };
  let onStatus: (s: BoothTicketStatus) => void = () => undefined;
  let watching = false;
  const rated: [string, number][] = [];
  const rings: string[] = [];
  let homes = 0;
  let rateFails = false;
  let rateHeld: Promise<void> | null = null;
  const peer: PeerLike = { signal: () => undefined, destroy: () => undefined, on: () => undefined, getStats: (cb) => cb(null, []) };
  const booth = new BoothFlow({
    watchStatus: (_url, fn) => {
      onStatus = fn;
      watching = true;
      return () => (watching = false);
    },
    createCall: () => new LiveCall({ role: 'callee', signalling, createPeer: () => peer, getMedia: async () => ({ getTracks: () => [] }) as unknown as MediaStream, iceServers: () => [], timers }),
    rate: async (ticketId, rating) => {
      if (rateFails) throw new Error('OFFLINE');
      if (rateHeld) await rateHeld;
      rated.push([ticketId, rating]);
    },
    home: () => homes++,
    ringer: { start: () => rings.push('start'), stop: () => rings.push('stop') },
    timers,
    ratingMs: 60_000,
    afterCallMs: 120_000,
    thanksMs: 5000,
  });
  return {
    booth, timers, sent, rated, rings,
    /** A status as the stream sends it; a called or serving ticket was called at `calledAt` (1000 unless told). */
    status: (status: BoothTicketStatus['status'], rateable = status === 'done', calledAt: number | null = status === 'called' || status === 'serving' ? 1000 : null) =>
      onStatus({ status, counterName: 'Módulo 4', calledAt, rateable }),
    deliver: (m: CallMessage) => deliver(m),
    get watching() { return watching; },
    get homes() { return homes; },
    failRating: (v: boolean) => (rateFails = v),
    holdRating: (until: Promise<void> | null) => (rateHeld = until),
  };
}

const issue = () => issueResult('V-001');

describe('video booth flow', () => {
  it('waits, rings when the ticket is called (status), accepts, and after the ticket is done asks for the rating', async () => {
    const s = setup();
    expect(s.booth.screen).toBeNull();
    s.booth.begin(issue());
    expect(s.booth.screen).toBe('waiting');
    s.status('waiting');
    expect(s.booth.screen).toBe('waiting');
    s.status('called');
    expect(s.booth.screen).toBe('ringing');
    expect(s.rings).toContain('start');
    s.booth.accept();
    await new Promise((r) => setTimeout(r, 0));
    expect(s.booth.screen).toBe('call');
    expect(s.rings.at(-1)).toBe('stop');
    s.deliver({ t: 'ring' }); // the agent starts the video call
    await new Promise((r) => setTimeout(r, 0));
    expect(s.sent).toContainEqual({ t: 'accept' });
    s.deliver({ t: 'bye' });
    expect(s.booth.screen).toBe('ended');
    s.status('done');
    expect(s.booth.screen).toBe('rating');
    expect(s.watching).toBe(false);
    await s.booth.rate(9);
    expect(s.rated).toEqual([[issue().ticket.id, 9]]);
    expect(s.booth.screen).toBe('thanks');
    s.timers.advance(5000);
    expect(s.booth.screen).toBeNull();
    expect(s.homes).toBe(1);
  });

  it('[A8] a ticket a supervisor finished by releasing the agent’s counter is not rated: the call ends and the booth goes home', () => {
    const s = setup();
    s.booth.begin(issue());
    s.status('called');
    expect(s.booth.screen).toBe('ringing');
    s.status('done', false);
    expect(s.booth.screen).toBeNull();
    expect(s.homes).toBe(1);
    expect(s.rated).toEqual([]);
  });

  it('a customer who answers the status’s ring waits for the agent to press start, however long: then the agent’s ring is answered', async () => {
    const s = setup();
    s.booth.begin(issue());
    s.status('called'); // call_next rings the booth at once
    s.booth.accept();
    await new Promise((r) => setTimeout(r, 0));
    s.timers.advance(60_000); // the agent reads the customer's history first
    expect(s.booth.screen).toBe('call');
    // Nobody films the customer meanwhile: the camera opens once the agent calls.
    expect(s.booth.live!.view.localStream).toBeNull();
    expect(s.sent).toEqual([]);
    s.deliver({ t: 'ring' }); // "Iniciar videollamada"
    await new Promise((r) => setTimeout(r, 0));
    expect(s.booth.screen).toBe('call');
    expect(s.booth.live!.view.localStream).not.toBeNull();
    expect(s.sent).toEqual([{ t: 'accept' }]);
  });

  it('the ring tone stops after a minute while the answer stays on screen; the agent’s ring and a recall start it again, each for a minute', async () => {
    const s = setup();
    s.booth.begin(issue());
    s.status('called');
    expect(s.rings).toEqual(['start']);
    s.timers.advance(59_999);
    expect(s.rings.at(-1)).toBe('start');
    s.timers.advance(1); // the agent's desk is gone: nobody presses start
    expect(s.rings.at(-1)).toBe('stop');
    expect(s.booth.screen).toBe('ringing'); // the customer may still answer
    s.status('called'); // the status said again: no new ring
    expect(s.rings.at(-1)).toBe('stop');
    s.deliver({ t: 'ring' }); // "Iniciar videollamada" at last
    expect(s.rings.at(-1)).toBe('start');
    s.timers.advance(30_000);
    s.status('called', false, 2000); // a recall: a fresh minute
    s.timers.advance(59_999);
    expect(s.rings.at(-1)).toBe('start');
    s.timers.advance(1);
    expect(s.rings.at(-1)).toBe('stop');
    s.booth.accept();
    await new Promise((r) => setTimeout(r, 0));
    expect(s.booth.screen).toBe('call');
  });

  it('the tone’s limit goes with the customer: none is left once the booth goes home, and the next customer’s ring gets its full minute', () => {
    const s = setup();
    s.booth.begin(issue());
    s.status('called');
    s.timers.advance(30_000);
    s.booth.finish();
    expect(s.rings.at(-1)).toBe('stop');
    expect(s.timers.pending.size).toBe(0);
    s.booth.begin(issueResult('V-002'));
    s.status('called');
    s.timers.advance(30_000);
    expect(s.rings.at(-1)).toBe('start');
    s.timers.advance(30_000);
    expect(s.rings.at(-1)).toBe('stop');
  });

  it('rings on the agent’s first signal even before the status says so', () => {
    const s = setup();
    s.booth.begin(issue());
    s.deliver({ t: 'ring' });
    expect(s.booth.screen).toBe('ringing');
  });

  it('a failed rating can be tried again; no rating within the timeout goes home', async () => {
    const s = setup();
    s.booth.begin(issue());
    s.status('called');
    s.status('done');
    s.failRating(true);
    await s.booth.rate(3);
    expect(s.booth.rateFailed).toBe(true);
    expect(s.booth.screen).toBe('rating');
    s.timers.advance(60_000);
    expect(s.booth.screen).toBeNull();
    expect(s.homes).toBe(1);
  });

  it('a rating answered after the booth went home does not touch the next customer', async () => {
    const s = setup();
    s.booth.begin(issue());
    s.status('called');
    s.status('done');
    let answer: () => void = () => undefined;
    s.holdRating(new Promise((r) => (answer = r)));
    const rating = s.booth.rate(7);
    s.timers.advance(60_000); // the rating screen's time is up while the hub has not answered
    expect(s.booth.screen).toBeNull();
    s.booth.begin(issueResult('V-002'));
    answer();
    await rating;
    expect(s.booth.screen).toBe('waiting');
    s.timers.advance(5000);
    expect(s.booth.screen).toBe('waiting');
    expect(s.homes).toBe(1);
  });

  it('a no-show or cancelled ticket ends the call and goes home', () => {
    const s = setup();
    s.booth.begin(issue());
    s.status('called');
    s.status('no_show');
    expect(s.booth.screen).toBeNull();
    expect(s.booth.live).toBeNull();
    expect(s.homes).toBe(1);
    expect(s.watching).toBe(false);
  });

  it('a call that ended before the ticket waits for the agent, but not forever', async () => {
    const s = setup();
    s.booth.begin(issue());
    s.status('called');
    s.booth.accept();
    await new Promise((r) => setTimeout(r, 0));
    s.booth.live!.call.end('lost');
    expect(s.booth.screen).toBe('ended');
    s.timers.advance(119_000);
    expect(s.booth.screen).toBe('ended');
    s.timers.advance(1000);
    expect(s.booth.screen).toBeNull();
  });

  it('a transferred ticket (waiting again) ends the call and rings again when called again', async () => {
    const s = setup();
    s.booth.begin(issue());
    s.status('called');
    s.booth.accept();
    await new Promise((r) => setTimeout(r, 0));
    expect(s.booth.endedNote).toBe('closing');
    s.status('waiting');
    expect(s.booth.live!.view).toMatchObject({ state: 'ended', endReason: 'ticket' });
    // The ended screen tells the customer they are back in line, not that the advisor is closing.
    expect(s.booth.endedNote).toBe('back_in_line');
    s.status('called');
    expect(s.booth.screen).toBe('ringing');
  });

  it('a customer who hung up and was transferred rings when the next agent calls', async () => {
    const s = setup();
    s.booth.begin(issue());
    s.status('called');
    s.booth.accept();
    await new Promise((r) => setTimeout(r, 0));
    s.booth.live!.call.hangUp();
    s.status('waiting'); // transferred to another video queue
    expect(s.booth.endedNote).toBe('back_in_line');
    s.timers.advance(10 * 60_000); // back in line: the booth waits for the next agent, not for this one to close
    expect(s.booth.screen).toBe('ended');
    expect(s.homes).toBe(0);
    s.deliver({ t: 'ring' }); // the next agent's "Iniciar videollamada"
    expect(s.booth.screen).toBe('ringing');
    expect(s.rings.at(-1)).toBe('start');
  });

  it('the same call said again does not ring (the agent hung up, then “Iniciar atención”; the status stream opened again); a recall does', async () => {
    const s = setup();
    s.booth.begin(issue());
    s.status('waiting');
    s.status('called');
    s.booth.accept();
    await new Promise((r) => setTimeout(r, 0));
    s.deliver({ t: 'bye' }); // the agent hung up
    expect(s.booth.screen).toBe('ended');
    s.status('serving'); // then pressed "Iniciar atención"
    s.status('serving'); // the stream, opened again after a drop, says it again
    expect(s.booth.screen).toBe('ended');
    expect(s.rings.at(-1)).toBe('stop');
    s.status('called', false, 2000); // a recall
    expect(s.booth.screen).toBe('ringing');
  });

  it('a customer who hung up is rung by a recall', async () => {
    const s = setup();
    s.booth.begin(issue());
    s.status('called');
    s.booth.accept();
    await new Promise((r) => setTimeout(r, 0));
    s.booth.live!.call.hangUp();
    s.status('called'); // said again: no ring
    expect(s.booth.screen).toBe('ended');
    s.status('called', false, 2000);
    expect(s.booth.screen).toBe('ringing');
  });

  it('helpers: booth mode, a booth offers video services only and a lobby kiosk in-person ones, status token and events', () => {
    expect(isBoothMode('?mode=booth')).toBe(true);
    expect(isBoothMode('')).toBe(false);
    const snap = snapshot();
    const both = { ...snap, services: [...snap.services, { ...snap.services[0]!, id: 'asesor', mode: 'video' as const }] };
    expect(servicesFor(both, 'video').services.map((x) => x.id)).toEqual(['asesor']);
    expect(servicesFor(both, 'in_person').services.map((x) => x.id)).toEqual(snap.services.map((x) => x.id));
    expect(statusToken('http://hub:8080/t/AbC_12-xyz')).toBe('AbC_12-xyz');
    expect(parseStatusEvent('{"status":"called","counterName":"Módulo 4","number":"V-001","calledAt":1764000000000,"recalls":1}')).toEqual({ status: 'called', counterName: 'Módulo 4', calledAt: 1764000000000, rateable: true });
    expect(parseStatusEvent('{"status":"called","counterName":"Módulo 4"}')).toEqual({ status: 'called', counterName: 'Módulo 4', calledAt: null, rateable: true });
    expect(parseStatusEvent('{"status":"done","counterName":"Módulo 4","rateable":false,"calledAt":"x"}')).toEqual({ status: 'done', counterName: 'Módulo 4', calledAt: null, rateable: false });
    expect(parseStatusEvent('{"status":"flying"}')).toBeNull();
    expect(parseStatusEvent('not json')).toBeNull();
  });
});
