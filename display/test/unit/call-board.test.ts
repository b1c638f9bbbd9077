import { describe, expect, it } from 'vitest';
import type { Call } from '../../renderer/lib/call.ts';
import { CallBoard } from '../../renderer/lib/call-board.ts';

let n = 0;
function call(over: Partial<Call> = {}): Call {
  n += 1;
  return { ticketId: `t${n}`, number: `F-${String(n).padStart(3, '0')}`, serviceId: 'facturacion', counterId: 'modulo-1', counterName: 'Módulo 1', at: 1_000_000 + n * 1000, recall: false, ...over };
}

function drain(board: CallBoard): Call[] {
  const out: Call[] = [];
  for (let c = board.next(); c; c = board.next()) out.push(c);
  return out;
}

const NOW = 2_000_000;

/** An online board that received two calls, neither announced yet. */
function twoCallsWaiting() {
  const board = new CallBoard();
  board.online(NOW);
  const a = call();
  const b = call();
  board.receive(a);
  board.receive(b);
  return { board, a, b };
}

describe('CallBoard', () => {
  it('announces live calls once each, in arrival order, and shows the latest first', () => {
    const board = new CallBoard();
    board.online(NOW);
    const a = call();
    const b = call();
    expect(board.receive(a)).toBe(true);
    expect(board.receive(b)).toBe(true);
    expect(drain(board)).toEqual([a, b]);
    expect(board.history).toEqual([b, a]);
  });

  it('ignores the same (ticketId, at) seen again: a replayed event or a snapshot entry', () => {
    const board = new CallBoard();
    board.online(NOW);
    const a = call();
    board.receive(a);
    expect(board.receive({ ...a })).toBe(false);
    board.receiveSnapshot([{ ...a }], NOW);
    expect(drain(board)).toEqual([a]);
    expect(board.history).toEqual([a]);
  });

  it('a recall is a new call: announced again once the first call was, marked, and its ticket moves to the top once', () => {
    const { board, a, b } = twoCallsWaiting();
    expect(board.next()).toEqual(a);
    board.announced(a);
    const recall = { ...a, at: b.at + 500, recall: true };
    expect(board.receive(recall)).toBe(true);
    expect(drain(board)).toEqual([b, recall]);
    expect(board.history).toEqual([recall, b]);
  });

  it('a recall while its ticket’s call still waits to be announced merges into it: the number is said once, in the first call’s place', () => {
    const { board, a, b } = twoCallsWaiting();
    const recall = { ...a, at: b.at + 500, recall: true };
    expect(board.receive(recall)).toBe(true);
    expect(drain(board)).toEqual([a, b]);
    // On screen it is a recall all the same.
    expect(board.history).toEqual([recall, b]);
  });

  it('a recall while its ticket’s call is being announced (chime or voice) merges into it; once that announcement is over, a recall is said', () => {
    const board = new CallBoard();
    board.online(NOW);
    const a = call();
    board.receive(a);
    expect(board.next()).toEqual(a);
    board.receive({ ...a, at: a.at + 500, recall: true });
    board.announced(a);
    expect(drain(board)).toEqual([]);
    const later = { ...a, at: a.at + 30_000, recall: true };
    board.receive(later);
    expect(drain(board)).toEqual([later]);
  });

  it('a recall missed while offline merges into its ticket’s call still waiting when the display is back', () => {
    const board = new CallBoard();
    board.online(NOW);
    const a = call();
    board.receive(a);
    board.offline();
    const recall = { ...a, at: a.at + 500, recall: true };
    board.receive(recall);
    board.online(recall.at + 1000);
    expect(drain(board)).toEqual([a]);
    expect(board.history).toEqual([recall]);
  });

  it('an older call of a ticket already shown with a newer one does not replace it', () => {
    const board = new CallBoard();
    board.online(NOW);
    const a = call();
    const recall = { ...a, at: a.at + 5000, recall: true };
    board.receive(recall);
    board.receive(a);
    expect(board.history).toEqual([recall]);
  });

  it('keeps at most historySize tickets, dropping the oldest', () => {
    const board = new CallBoard({ historySize: 3 });
    board.online(NOW);
    const calls = [call(), call(), call(), call(), call()];
    for (const c of calls) board.receive(c);
    expect(board.history.map((c) => c.ticketId)).toEqual(calls.slice(2).reverse().map((c) => c.ticketId));
  });

  it('missed while offline: all are shown, only the latest is announced when back, if recent', () => {
    const board = new CallBoard({ missedMaxAgeMs: 60_000 });
    board.online(NOW);
    board.offline();
    const missed = [call(), call(), call()];
    for (const c of missed) board.receive(c);
    expect(board.pending).toEqual([]);
    const latest = missed[2]!;
    board.online(latest.at + 59_000);
    expect(drain(board)).toEqual([latest]);
    expect(board.history).toEqual([...missed].reverse());
  });

  it('missed while offline: nothing is announced when the latest is older than missedMaxAgeMs', () => {
    const board = new CallBoard({ missedMaxAgeMs: 60_000 });
    board.offline();
    const old = call();
    board.receive(old);
    board.online(old.at + 60_001);
    expect(drain(board)).toEqual([]);
    expect(board.history).toEqual([old]);
  });

  it('at start-up the first snapshot is a catch-up: its latest call is announced only if recent', () => {
    const fresh = new CallBoard({ missedMaxAgeMs: 60_000 });
    const calls = [call(), call(), call()];
    fresh.receiveSnapshot([...calls].reverse(), NOW);
    expect(fresh.pending).toEqual([]);
    fresh.online(calls[2]!.at + 10_000);
    expect(drain(fresh)).toEqual([calls[2]]);
    expect(fresh.history).toEqual([...calls].reverse());

    const stale = new CallBoard({ missedMaxAgeMs: 60_000 });
    stale.receiveSnapshot(calls, NOW);
    stale.online(calls[2]!.at + 120_000);
    expect(drain(stale)).toEqual([]);
    expect(stale.history).toHaveLength(3);
  });

  it('a snapshot received while online (a device just paired, a configuration change) announces at most its latest unseen call', () => {
    const board = new CallBoard();
    board.online(NOW);
    const seen = call();
    board.receive(seen);
    drain(board);
    const unseen = [call(), call()];
    board.receiveSnapshot([unseen[1]!, unseen[0]!, seen], unseen[1]!.at + 1000);
    expect(drain(board)).toEqual([unseen[1]]);
    expect(board.history).toEqual([unseen[1], unseen[0], seen]);
  });

  it('a call taken back (its ticket put back in the queue) leaves the list and is not announced; called again later, it is', () => {
    const board = new CallBoard();
    board.online(NOW);
    const kept = call();
    const taken = call();
    board.receive(kept);
    board.receive(taken);
    expect(board.withdraw(taken.ticketId, taken.at + 1)).toBe(true);
    expect(board.withdrawn(taken)).toBe(true);
    expect(board.withdrawn(kept)).toBe(false);
    expect(board.history).toEqual([kept]);
    expect(drain(board)).toEqual([kept]);
    expect(board.withdraw(taken.ticketId, taken.at + 1)).toBe(false);
    const again = { ...taken, at: taken.at + 60_000 };
    expect(board.receive(again)).toBe(true);
    expect(board.withdrawn(again)).toBe(false);
    expect(drain(board)).toEqual([again]);
    expect(board.history).toEqual([again, kept]);
  });

  it('a call being announced whose ticket was recalled and then taken back is withdrawn too (the requeue covers every earlier call of it)', () => {
    const board = new CallBoard();
    board.online(NOW);
    const first = call();
    board.receive(first);
    expect(board.next()).toEqual(first); // being announced: off the queue
    const recall = { ...first, at: first.at + 500, recall: true };
    board.receive(recall);
    board.withdraw(first.ticketId, first.at + 800);
    expect(board.withdrawn(first)).toBe(true);
    expect(board.withdrawn(recall)).toBe(true);
    // Called again after the requeue: a new call, not withdrawn.
    expect(board.withdrawn({ ...first, at: first.at + 5000 })).toBe(false);
  });

  it('a snapshot does not withdraw a call at the same millisecond as its oldest listed one (two counters in one batch, one cut off by the hub’s limit)', () => {
    const board = new CallBoard();
    board.online(NOW);
    const a = call();
    const b = { ...call(), at: a.at };
    const c = call();
    board.receive(a);
    board.receive(b);
    board.receive(c);
    board.receiveSnapshot([c, b], c.at + 1000);
    expect(board.withdrawn(a)).toBe(false);
    expect(board.history.map((x) => x.ticketId).sort()).toEqual([a, b, c].map((x) => x.ticketId).sort());
  });

  it('a call taken back while the display was away is withdrawn too: missed calls are not announced when back', () => {
    const board = new CallBoard();
    board.offline();
    const taken = call();
    board.receive(taken);
    board.withdraw(taken.ticketId, taken.at + 1);
    board.online(taken.at + 1000);
    expect(drain(board)).toEqual([]);
    expect(board.history).toEqual([]);
  });

  it('a snapshot speaks only for the span of its calls: an older call on the list stays', () => {
    const board = new CallBoard();
    board.online(NOW);
    const older = call();
    const listed = call();
    board.receive(older);
    board.receive(listed);
    board.receiveSnapshot([listed], listed.at + 1000);
    expect(board.history).toEqual([listed, older]);
    board.receiveSnapshot([], listed.at + 2000);
    expect(board.history).toEqual([]);
  });

  it('a snapshot is the hub’s word on what was called: a call no longer in it (taken back meanwhile) leaves the list and the announcements', () => {
    const board = new CallBoard();
    board.online(NOW);
    const kept = call();
    const taken = call();
    board.receive(kept);
    board.receive(taken);
    board.receiveSnapshot([kept], taken.at + 1000);
    expect(board.history).toEqual([kept]);
    expect(board.withdrawn(taken)).toBe(true);
    expect(drain(board)).toEqual([kept]);
  });

  it('live calls after a reconnection are announced again as usual', () => {
    const board = new CallBoard();
    board.online(NOW);
    board.offline();
    const missed = call();
    board.receive(missed);
    board.online(missed.at + 120_000);
    expect(drain(board)).toEqual([]);
    const live = call();
    board.receive(live);
    expect(drain(board)).toEqual([live]);
  });

  it('keeps at most maxPending announcements waiting, dropping the oldest (still on the list)', () => {
    const board = new CallBoard({ maxPending: 2, historySize: 10 });
    board.online(NOW);
    const calls = [call(), call(), call()];
    for (const c of calls) board.receive(c);
    expect(drain(board)).toEqual(calls.slice(1));
    expect(board.history).toHaveLength(3);
  });

  it('a new day: keepOnly takes yesterday’s calls off the screen and says whether any went', () => {
    const board = new CallBoard();
    board.online(NOW);
    board.receive(call({ ticketId: 'y1', number: 'F-010', at: NOW - 10 }));
    board.receive(call({ ticketId: 't1', number: 'F-001', at: NOW + 10 }));
    expect(board.keepOnly((c) => c.at >= NOW)).toBe(true);
    expect(board.history.map((c) => c.number)).toEqual(['F-001']);
    expect(board.keepOnly((c) => c.at >= NOW)).toBe(false);
  });
});
