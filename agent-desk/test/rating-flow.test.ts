import { describe, expect, it } from 'vitest';
import { RATING_WINDOW_MS } from '@turnero/protocol';
import { HELD_RATING_MAX_AGE_MS, heldRatingsKey, heldRatingsOf, parseHeldRatings, storedHeldRatings } from '../renderer/agent/held-ratings.ts';
import { RatingFlow, type RatingDeps, type RatingView } from '../renderer/agent/rating-flow.ts';

class Unreachable extends Error {}

/** A rating flow with a hand-driven clock, timers and hub; `storage`: where it keeps given ratings (as the desk's localStorage). */
function harness(opts: { rate?: RatingDeps['rate']; storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>; key?: string; startAt?: number } = {}) {
  let now = opts.startAt ?? 1_000;
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
    timers: {
      set: (fn, ms) => {
        const id = nextTimer++;
        timers.set(id, { at: now + ms, fn });
        return id;
      },
      clear: (id) => timers.delete(id as number),
    },
    isUnreachable: (e) => e instanceof Unreachable,
    errorCode: (e) => (e instanceof Error ? e.message : 'INTERNAL'),
    onChange: (v) => views.push(v),
    ...(opts.storage ? { held: storedHeldRatings(opts.storage, opts.key ?? KEY) } : {}),
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

/** F-001 finished at a keypad counter, rated `value`, and its send found the hub unreachable: the rating is held. */
async function givenWhileUnreachable(h: ReturnType<typeof harness>, value: number) {
  h.flow.begin(F1, true);
  h.flow.press({ type: 'key', value });
  h.replies[0]!.reject(new Unreachable());
  await h.settle();
}

/** No rating held any more: none stored, and a reconnection sends nothing new. */
function expectNoneHeld(h: ReturnType<typeof harness>, storage: MemoryStorage) {
  expect(storage.items.size).toBe(0);
  const sent = h.sent.length;
  h.flow.reconnected();
  expect(h.sent).toHaveLength(sent);
}

const F1 = { ticketId: 't1', number: 'F-001' };
const KEY = heldRatingsKey('o1', 'user-agente1');

/** localStorage as the desk sees it (only what the held ratings use). */
class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

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
    await givenWhileUnreachable(h, 10);
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
    await givenWhileUnreachable(h, 9);
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
    await givenWhileUnreachable(h, 7);
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

describe('ratings held for the hub survive a reload or restart of the desk', () => {
  it('a rating given while the hub is unreachable is stored; the desk started again sends it once the hub is back, and drops it once delivered', async () => {
    const storage = new MemoryStorage();
    const before = harness({ storage });
    await givenWhileUnreachable(before, 9);
    expect(parseHeldRatings(storage.getItem(KEY))).toEqual([{ ticketId: 't1', number: 'F-001', rating: 9, finishedAt: 1_000 }]);

    // The agent reloads the desk (or the app restarts) five minutes later, the hub still away.
    const after = harness({ storage, startAt: 1_000 + 5 * 60_000 });
    expect(after.sent).toEqual([]);
    expect(after.flow.view).toEqual({ kind: 'idle' });
    after.flow.reconnected();
    expect(after.sent).toEqual([{ ticketId: 't1', rating: 9 }]);
    // Still unreachable: kept, stored, and sent again at the next reconnection.
    after.replies[0]!.reject(new Unreachable());
    await after.settle();
    expect(storage.getItem(KEY)).not.toBeNull();
    after.flow.reconnected();
    after.replies[1]!.resolve({ caseOpened: false });
    await after.settle();
    expect(after.sent).toHaveLength(2);
    expectNoneHeld(after, storage);
    // Nothing of it is shown: the desk's view is of its own tickets since.
    expect(after.views).toEqual([]);
  });

  it('a rating whose answer had not come when the desk was reloaded is sent again (the hub takes the same rating twice as once)', async () => {
    const storage = new MemoryStorage();
    const before = harness({ storage });
    before.flow.begin(F1, true);
    before.flow.press({ type: 'key', value: 8 });
    expect(parseHeldRatings(storage.getItem(KEY))).toHaveLength(1);
    const after = harness({ storage, startAt: 2_000 });
    after.flow.reconnected();
    expect(after.sent).toEqual([{ ticketId: 't1', rating: 8 }]);
  });

  it('a held rating the hub reports rated, or refuses, is no longer stored nor sent', async () => {
    const storage = new MemoryStorage();
    const h = harness({ storage });
    await givenWhileUnreachable(h, 7);
    h.flow.begin({ ticketId: 't2', number: 'F-002' }, true);
    h.flow.press({ type: 'key', value: 4 });
    h.replies[1]!.reject(new Unreachable());
    await h.settle();
    expect(parseHeldRatings(storage.getItem(KEY)).map((r) => r.ticketId)).toEqual(['t1', 't2']);
    // The hub is back: the pad's rating of t1 arrives (a snapshot's event) before the desk resends.
    h.flow.rated('t1', 7, 'screen');
    expect(parseHeldRatings(storage.getItem(KEY)).map((r) => r.ticketId)).toEqual(['t2']);

    const after = harness({ storage, startAt: 3_000 });
    after.flow.reconnected();
    expect(after.sent).toEqual([{ ticketId: 't2', rating: 4 }]);
    after.replies[0]!.reject(new Error('INVALID_ARGUMENT'));
    await after.settle();
    expectNoneHeld(after, storage);
  });

  it('a rating the hub reports rated while its send is out is not held again when that send then finds the hub gone', async () => {
    const storage = new MemoryStorage();
    const h = harness({ storage });
    h.flow.begin(F1, true);
    h.flow.press({ type: 'key', value: 10 });
    h.flow.rated('t1', 10, 'keypad');
    h.replies[0]!.reject(new Unreachable());
    await h.settle();
    expect(h.sent).toHaveLength(1);
    expectNoneHeld(h, storage);
  });

  it('past the hub’s rating window on this desk’s clock a held rating is still sent: the hub, on its own clock, decides; its refusal drops it', async () => {
    const storage = new MemoryStorage();
    const h = harness({ storage });
    await givenWhileUnreachable(h, 9);
    const stored = storage.getItem(KEY);

    // Restarted after the window by this desk's clock (it was slow and was set right meanwhile): sent.
    const restarted = harness({ storage, startAt: 1_000 + RATING_WINDOW_MS + 13 * 60_000 });
    restarted.flow.reconnected();
    expect(restarted.sent).toEqual([{ ticketId: 't1', rating: 9 }]);
    restarted.replies[0]!.resolve({ caseOpened: false });
    await restarted.settle();
    expect(storage.items.size).toBe(0);

    // The same desk, still open and showing it, when the hub is back too late: the hub's refusal is shown, and it is dropped.
    storage.setItem(KEY, stored!);
    h.advance(RATING_WINDOW_MS + 1);
    h.flow.reconnected();
    expect(h.sent).toHaveLength(2);
    h.replies[1]!.reject(new Error('INVALID_ARGUMENT'));
    await h.settle();
    expect(h.flow.view).toEqual({ kind: 'failed', ticketId: 't1', number: 'F-001', rating: 9, code: 'INVALID_ARGUMENT' });
    expect(storage.items.size).toBe(0);
  });

  it('a held rating stored over a day ago (by this desk’s clock) is forgotten at start, unsent', async () => {
    const storage = new MemoryStorage();
    const h = harness({ storage });
    await givenWhileUnreachable(h, 9);
    harness({ storage, startAt: 1_000 + HELD_RATING_MAX_AGE_MS }); // a desk started within the day keeps it
    expect(storage.items.size).toBe(1);
    const late = harness({ storage, startAt: 1_000 + HELD_RATING_MAX_AGE_MS + 1 });
    expect(late.sent).toEqual([]);
    expectNoneHeld(late, storage);
  });

  it('a malformed stored value is ignored: the desk starts, keeps what is well formed, and goes on storing', async () => {
    const good = { ticketId: 't5', number: 'F-005', rating: 6, finishedAt: 1_000 };
    for (const raw of ['not json', '[{"ticketId":"t1"', '', '{"ticketId":"t1"}', 'null', '42', '[1, null, "t1"]']) {
      const storage = new MemoryStorage();
      storage.setItem(KEY, raw);
      const h = harness({ storage });
      h.flow.reconnected();
      expect(h.sent).toEqual([]);
      // It works as before: a new rating is stored over the bad value.
      h.flow.begin(F1, true);
      h.flow.press({ type: 'key', value: 3 });
      expect(parseHeldRatings(storage.getItem(KEY))).toEqual([{ ticketId: 't1', number: 'F-001', rating: 3, finishedAt: 1_000 }]);
    }
    const mixed = new MemoryStorage();
    const bad = [{ ticketId: '', number: 'F-001', rating: 5, finishedAt: 1_000 }, { ticketId: 't2', number: 'F-002', rating: 11, finishedAt: 1_000 }, { ticketId: 't3', number: 'F-003', rating: 4.5, finishedAt: 1_000 }, { ticketId: 't4', number: 'F-004', rating: 4, finishedAt: '1000' }, { ticketId: 't6', rating: 4, finishedAt: 1_000 }, { ticketId: 't 7', number: 'F-007', rating: 4, finishedAt: 1_000 }, { ticketId: 't8', number: 'F-008', rating: '4', finishedAt: 1_000 }, { ticketId: 't9', number: 9, rating: 4, finishedAt: 1_000 }, null, 't10'];
    // NOTE: 1e999 is how an out-of-range time reads back: JSON.parse makes it Infinity.
    mixed.setItem(KEY, JSON.stringify([...bad, { ...good, extra: 'x' }]).replace(/]$/, ',{"ticketId":"t11","number":"F-011","rating":4,"finishedAt":1e999}]'));
    expect(parseHeldRatings(mixed.getItem(KEY))).toEqual([good]);
    const h = harness({ storage: mixed });
    h.flow.reconnected();
    expect(h.sent).toEqual([{ ticketId: 't5', rating: 6 }]);
  });

  it('storage that fails (private mode, full) breaks nothing: the rating is still held in memory and sent', async () => {
    const failing = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    const h = harness({ storage: failing });
    await givenWhileUnreachable(h, 9);
    h.flow.reconnected();
    h.replies[1]!.resolve({ caseOpened: false });
    await h.settle();
    expect(h.flow.view).toMatchObject({ kind: 'rated', rating: 9 });
  });

  it('kept per agent and office: another agent signed in at this desk neither sends nor drops them', async () => {
    const storage = new MemoryStorage();
    const h = harness({ storage });
    await givenWhileUnreachable(h, 9);
    expect(new Set([KEY, heldRatingsKey('o1', 'user-agente2'), heldRatingsKey('o2', 'user-agente1')]).size).toBe(3);
    const other = harness({ storage, key: heldRatingsKey('o1', 'user-agente2') });
    other.flow.reconnected();
    expect(other.sent).toEqual([]);
    expect(parseHeldRatings(storage.getItem(KEY))).toHaveLength(1);
    // The desk reads the signed-in person's (and keeps none without storage or anyone signed in).
    expect(heldRatingsOf(storage, { id: 'user-agente1', officeId: 'o1' }).load().map((r) => r.ticketId)).toEqual(['t1']);
    expect(heldRatingsOf(storage, { id: 'user-agente2', officeId: 'o1' }).load()).toEqual([]);
    expect(heldRatingsOf(null, { id: 'user-agente1', officeId: 'o1' }).load()).toEqual([]);
    expect(heldRatingsOf(storage, null).load()).toEqual([]);
  });
});
