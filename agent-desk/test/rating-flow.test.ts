import { describe, expect, it } from 'vitest';
import { RatingFlow, type RatingDeps, type RatingView } from '../renderer/agent/rating-flow.ts';

class Unreachable extends Error {}

/** A rating flow with a hand-driven clock, timers and hub. */
function harness(opts: { rate?: RatingDeps['rate'] } = {}) {
  let now = 1_000;
  const timers = new Map<number, { at: number; fn: () => void }>();
  let nextTimer = 1;
  const lamp: boolean[] = [];
  const views: RatingView[] = [];
  const sent: { ticketId: string; rating: number }[] = [];
  const replies: { resolve: (v: { caseOpened: boolean }) => void; reject: (e: unknown) => void }[] = [];
  const flow = new RatingFlow({
    rate:
      opts.rate ??
      ((ticketId, rating) => {
        sent.push({ ticketId, rating });
        return new Promise((resolve, reject) => replies.push({ resolve, reject }));
      }),
    lamp: { on: () => lamp.push(true), off: () => lamp.push(false) },
    timeoutMs: 60_000,
    now: () => now,
    setTimer: (fn, ms) => {
      const id = nextTimer++;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimer: (id) => timers.delete(id as number),
    isUnreachable: (e) => e instanceof Unreachable,
    errorCode: (e) => (e instanceof Error ? e.message : 'INTERNAL'),
    onChange: (v) => views.push(v),
  });
  const advance = (ms: number) => {
    now += ms;
    for (const [id, t] of [...timers]) {
      if (t.at <= now) {
        timers.delete(id);
        t.fn();
      }
    }
  };
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { flow, lamp, views, sent, replies, advance, settle, timers };
}

const F1 = { ticketId: 't1', number: 'F-001' };

describe('rating a finished ticket (SPEC F1, F2)', () => {
  it('[F1] lamp on, a key sends the rating, lamp off, rating shown', async () => {
    const h = harness();
    h.flow.begin(F1, true);
    expect(h.lamp).toEqual([true]);
    expect(h.flow.view).toMatchObject({ kind: 'waiting', ticketId: 't1', keypad: true, deadline: 61_000 });
    h.flow.press({ type: 'key', value: 9 });
    expect(h.lamp).toEqual([true, false]);
    expect(h.sent).toEqual([{ ticketId: 't1', rating: 9 }]);
    expect(h.flow.view).toMatchObject({ kind: 'sending', rating: 9, queued: false });
    h.replies[0]!.resolve({ caseOpened: false });
    await h.settle();
    expect(h.flow.view).toEqual({ kind: 'rated', ticketId: 't1', number: 'F-001', rating: 9, source: 'keypad', caseOpened: false });
    expect(h.timers.size).toBe(0);
  });

  it('[F2] a low rating shows that a follow-up case was opened', async () => {
    const h = harness();
    h.flow.begin(F1, true);
    h.flow.press({ type: 'key', value: 3 });
    h.replies[0]!.resolve({ caseOpened: true });
    await h.settle();
    expect(h.flow.view).toMatchObject({ kind: 'rated', rating: 3, caseOpened: true });
  });

  it('no key within the timeout: "sin calificación" and lamp off; later keys are ignored', () => {
    const h = harness();
    h.flow.begin(F1, true);
    h.advance(59_999);
    expect(h.flow.view.kind).toBe('waiting');
    h.advance(1);
    expect(h.flow.view).toEqual({ kind: 'unrated', ticketId: 't1', number: 'F-001', reason: 'timeout' });
    expect(h.lamp).toEqual([true, false]);
    h.flow.press({ type: 'key', value: 5 });
    expect(h.sent).toEqual([]);
  });

  it('cancel on the keypad: the customer declined, nothing is sent', () => {
    const h = harness();
    h.flow.begin(F1, true);
    h.flow.press({ type: 'cancel' });
    expect(h.flow.view).toMatchObject({ kind: 'unrated', reason: 'declined' });
    expect(h.lamp).toEqual([true, false]);
    expect(h.sent).toEqual([]);
    expect(h.timers.size).toBe(0);
  });

  it('keys pressed when no rating is awaited are ignored', () => {
    const h = harness();
    h.flow.press({ type: 'key', value: 10 });
    expect(h.sent).toEqual([]);
    expect(h.views).toEqual([]);
  });

  it('without a usable keypad it waits for the on-screen pad, and the lamp is left alone', () => {
    const h = harness();
    h.flow.begin(F1, false);
    expect(h.lamp).toEqual([]);
    h.flow.rated('t1', 8, 'screen');
    expect(h.flow.view).toEqual({ kind: 'rated', ticketId: 't1', number: 'F-001', rating: 8, source: 'screen', caseOpened: null });
    h.advance(60_000);
    expect(h.flow.view.kind).toBe('rated');
  });

  it('the pad rating first wins: the lamp goes off and the desk shows it', () => {
    const h = harness();
    h.flow.begin(F1, true);
    h.flow.rated('other', 2, 'screen');
    expect(h.flow.view.kind).toBe('waiting');
    h.flow.rated('t1', 7, 'screen');
    expect(h.lamp).toEqual([true, false]);
    expect(h.flow.view).toMatchObject({ kind: 'rated', rating: 7, source: 'screen' });
  });

  it('the hub’s echo of our own keypad rating does not hide the follow-up case', async () => {
    const h = harness();
    h.flow.begin(F1, true);
    h.flow.press({ type: 'key', value: 2 });
    h.replies[0]!.resolve({ caseOpened: true });
    await h.settle();
    h.flow.rated('t1', 2, 'keypad');
    expect(h.flow.view).toMatchObject({ kind: 'rated', caseOpened: true });
  });

  it('a refused rating is shown with its code (e.g. the pad won, the window closed)', async () => {
    const h = harness();
    h.flow.begin(F1, true);
    h.flow.press({ type: 'key', value: 6 });
    h.replies[0]!.reject(new Error('INVALID_ARGUMENT'));
    await h.settle();
    expect(h.flow.view).toMatchObject({ kind: 'failed', rating: 6, code: 'INVALID_ARGUMENT' });
  });

  it('with the hub unreachable the rating is kept and sent when it is back', async () => {
    const h = harness();
    h.flow.begin(F1, true);
    h.flow.press({ type: 'key', value: 10 });
    h.replies[0]!.reject(new Unreachable());
    await h.settle();
    expect(h.flow.view).toMatchObject({ kind: 'sending', rating: 10, queued: true });
    h.flow.reconnected();
    expect(h.sent).toHaveLength(2);
    h.replies[1]!.resolve({ caseOpened: false });
    await h.settle();
    expect(h.flow.view).toMatchObject({ kind: 'rated', rating: 10 });
    h.flow.reconnected();
    expect(h.sent).toHaveLength(2);
  });

  it('a rating held while the hub is unreachable is not dropped when the next rating starts: it is sent once the hub is back', async () => {
    const h = harness();
    h.flow.begin(F1, true);
    h.flow.press({ type: 'key', value: 9 });
    h.replies[0]!.reject(new Unreachable());
    await h.settle();
    expect(h.flow.view).toMatchObject({ kind: 'sending', ticketId: 't1', queued: true });
    // The agent calls and finishes the next customer before the hub is back.
    h.flow.begin({ ticketId: 't2', number: 'F-002' }, true);
    expect(h.flow.view).toMatchObject({ kind: 'waiting', ticketId: 't2' });
    h.flow.reconnected();
    expect(h.sent).toEqual([
      { ticketId: 't1', rating: 9 },
      { ticketId: 't1', rating: 9 },
    ]);
    h.replies[1]!.resolve({ caseOpened: false });
    await h.settle();
    // Stored; the view stays on the rating being asked for, and nothing is sent twice.
    expect(h.flow.view).toMatchObject({ kind: 'waiting', ticketId: 't2' });
    h.flow.reconnected();
    expect(h.sent).toHaveLength(2);
  });

  it('a rating whose send fails unreachable after the next rating began is held too, and each of several is sent once', async () => {
    const h = harness();
    h.flow.begin(F1, true);
    h.flow.press({ type: 'key', value: 4 });
    // The next finish comes while the first rating is still on its way; then that send finds the hub gone.
    h.flow.begin({ ticketId: 't2', number: 'F-002' }, true);
    h.replies[0]!.reject(new Unreachable());
    await h.settle();
    h.flow.press({ type: 'key', value: 10 });
    h.replies[1]!.reject(new Unreachable());
    await h.settle();
    expect(h.flow.view).toMatchObject({ kind: 'sending', ticketId: 't2', queued: true });
    h.flow.reconnected();
    expect(h.sent.slice(2)).toEqual([
      { ticketId: 't1', rating: 4 },
      { ticketId: 't2', rating: 10 },
    ]);
    expect(h.flow.view).toMatchObject({ kind: 'sending', ticketId: 't2', queued: false });
    h.replies[2]!.resolve({ caseOpened: true });
    h.replies[3]!.resolve({ caseOpened: false });
    await h.settle();
    expect(h.flow.view).toMatchObject({ kind: 'rated', ticketId: 't2', rating: 10 });
    h.flow.reconnected();
    expect(h.sent).toHaveLength(4);
  });

  it('a held rating the hub already has (the reply was lost, or the pad rated first) is not sent again', async () => {
    const h = harness();
    h.flow.begin(F1, true);
    h.flow.press({ type: 'key', value: 7 });
    h.replies[0]!.reject(new Unreachable());
    await h.settle();
    h.flow.begin({ ticketId: 't2', number: 'F-002' }, false);
    h.flow.rated('t1', 7, 'keypad');
    h.flow.reconnected();
    expect(h.sent).toHaveLength(1);
  });

  it('a new finish while waiting replaces the old one (and its timer)', () => {
    const h = harness();
    h.flow.begin(F1, true);
    h.advance(30_000);
    h.flow.begin({ ticketId: 't2', number: 'F-002' }, false);
    expect(h.lamp).toEqual([true, false]);
    h.advance(30_000);
    expect(h.flow.view).toMatchObject({ kind: 'waiting', ticketId: 't2' });
    h.advance(30_000);
    expect(h.flow.view).toMatchObject({ kind: 'unrated', ticketId: 't2' });
    h.flow.dispose();
  });

  it('asked twice for the same ticket (the finish reply, then its event) asks once: the timer and lamp are not restarted', () => {
    const h = harness();
    h.flow.begin(F1, true);
    h.advance(20_000);
    h.flow.begin(F1, true);
    expect(h.lamp).toEqual([true]);
    expect(h.flow.view).toMatchObject({ kind: 'waiting', ticketId: 't1', deadline: 61_000 });
    h.flow.press({ type: 'key', value: 8 });
    h.flow.begin(F1, true); // a late event changes nothing either
    expect(h.flow.view).toMatchObject({ kind: 'sending', rating: 8 });
  });

  it('the desk going away (signed out, another tab) while the keypad waits turns its lamp off', () => {
    const h = harness();
    h.flow.begin(F1, true);
    h.flow.dispose();
    expect(h.lamp).toEqual([true, false]);
    expect(h.timers.size).toBe(0);
    const quiet = harness();
    quiet.flow.begin(F1, false);
    quiet.flow.dispose();
    expect(quiet.lamp).toEqual([]);
  });
});
