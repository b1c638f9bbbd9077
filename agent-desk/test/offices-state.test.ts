import { describe, expect, it, vi } from 'vitest';
import '@turnero/app-kit/testing/runes';
import { type ConfigPushRecord, type OfficeOverview } from '@turnero/protocol';
import type { DeskSession } from '../renderer/shared/desk-session.svelte.ts';
import { OFFICE_PUSHES, OfficesState, PUSH_ANSWER_MS, type OpenBoard } from '../renderer/supervisor/central/offices-state.svelte.ts';
import { T0 } from './fixtures.ts';

type Change = ConfigPushRecord['changes'][number];

let n = 0;
/** A push as `config_pushes` lists it; `answer` undefined: not answered yet. */
function push(officeId: string, changes: Change[], answer?: { ok: boolean; error?: string }, id = `push-${++n}`): ConfigPushRecord {
  return {
    pushId: id,
    officeId,
    createdAt: T0 + n * 60_000,
    changes,
    basedOnSeq: 10,
    doneAt: answer ? T0 + n * 60_000 + 5_000 : null,
    ok: answer ? answer.ok : null,
    error: answer && !answer.ok ? (answer.error ?? 'refused') : null,
    refusal: null,
  };
}
const counter = (id: string): Change => ({ kind: 'counter', id });

function overview(officeId: string): OfficeOverview {
  return { officeId, name: `Oficina ${officeId}`, connected: true, lastSyncAt: T0, asOf: T0, stats: [], targets: [], countersOpen: 0, today: { issued: 0, served: 0, noShows: 0, meanRating: null, waitP50Ms: null }, pushes: { pending: 0, refused: 0 } };
}

interface Asked {
  type: string;
  payload: Record<string, unknown>;
  resolve: (data: unknown) => void;
  reject: (error: unknown) => void;
}

/** A central's session whose requests the test answers by hand, in any order (only what the offices board reads of it). */
function session() {
  const asked: Asked[] = [];
  const s = {
    request: (type: string, payload: Record<string, unknown>) => new Promise((resolve, reject) => asked.push({ type, payload, resolve, reject })),
  } as unknown as DeskSession;
  const pending = (type: string, officeId?: string) => asked.filter((a) => a.type === type && a.payload.officeId === officeId);
  return { session: s, asked, pending };
}

/** A drilled-down office's board stands in for the live one (its own tests and the browser test cover it). */
const stubBoard: OpenBoard = () => ({ board: {}, feed: {}, stop: () => undefined }) as unknown as ReturnType<OpenBoard>;

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('[S5] the offices board’s configuration pushes', () => {
  it('the board’s flags come with the overview (counted by the hub): a refresh with no office open asks nothing else', async () => {
    const { session: s, asked, pending } = session();
    const offices = new OfficesState(s);
    const first = offices.refresh();
    expect(asked.map((a) => a.type)).toEqual(['offices_overview']);
    pending('offices_overview')[0]!.resolve({ offices: [{ ...overview('a'), pushes: { pending: 1, refused: 1 } }, overview('b')] });
    await first;
    expect(offices.offices.map((o) => [o.officeId, o.pushes])).toEqual([
      ['a', { pending: 1, refused: 1 }],
      ['b', { pending: 0, refused: 0 }],
    ]);
  });

  it('a drilled-down office’s recent pushes are listed, kept up with each poll, and not mixed with another office’s', async () => {
    const { session: s, pending } = session();
    const offices = new OfficesState(s, 10_000, stubBoard);
    offices.open(overview('a'));
    expect(offices.officePushes).toBeNull();
    expect(pending('config_pushes', 'a').map((a) => a.payload)).toEqual([{ officeId: 'a', limit: OFFICE_PUSHES }]);
    const refusal = push('a', [counter('m9')], { ok: false, error: 'not applied: changed at this office after the push was made (push again to overwrite): counter m9 (2026-12-06T10:42:00.000Z by user-x)' });
    pending('config_pushes', 'a')[0]!.resolve({ pushes: [refusal] });
    await settle();
    expect(offices.officePushes).toEqual([refusal]);

    // Polled again while drilled down: its list is asked again with the board's.
    const poll = offices.refresh();
    expect(pending('config_pushes', 'a')).toHaveLength(2);
    const again = push('a', [counter('m9')]);
    pending('config_pushes', 'a')[1]!.resolve({ pushes: [again, refusal] });
    pending('offices_overview')[0]!.resolve({ offices: [overview('a')] });
    await poll;
    expect(offices.officePushes?.map((p) => p.pushId)).toEqual([again.pushId, refusal.pushId]);

    // Another office is opened before a's next answer arrives: a's answer is not shown as b's.
    void offices.refresh();
    offices.open(overview('b'));
    expect(offices.officePushes).toBeNull();
    pending('config_pushes', 'a')[2]!.resolve({ pushes: [refusal] });
    await settle();
    expect(offices.officePushes).toBeNull();
    pending('config_pushes', 'b')[0]!.resolve({ pushes: [] });
    await settle();
    expect(offices.officePushes).toEqual([]);

    offices.close();
    expect([offices.officePushes, offices.drill]).toEqual([null, null]);
  });

  it('an office opened shows its board first, whichever tab the last one was left on', () => {
    const { session: s } = session();
    const offices = new OfficesState(s, 10_000, stubBoard);
    offices.open(overview('a'));
    expect(offices.drillTab).toBe('board');
    offices.drillTab = 'config';
    offices.open(overview('b'));
    expect(offices.drillTab).toBe('board');
  });

  it('after a push from the console the office’s pushes are asked at once and again once it has had time to answer; not after the office is closed', async () => {
    vi.useFakeTimers();
    try {
      const { session: s, pending } = session();
      const offices = new OfficesState(s, 10_000, stubBoard);
      offices.open(overview('a'));
      pending('config_pushes', 'a')[0]!.resolve({ pushes: [] });
      offices.refreshPushes();
      expect(pending('config_pushes', 'a')).toHaveLength(2);
      const sent = push('a', [counter('m5')]);
      pending('config_pushes', 'a')[1]!.resolve({ pushes: [sent] });
      await vi.advanceTimersByTimeAsync(0);
      expect(offices.officePushes?.map((p) => p.doneAt)).toEqual([null]);
      await vi.advanceTimersByTimeAsync(PUSH_ANSWER_MS - 1);
      expect(pending('config_pushes', 'a')).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(1);
      expect(pending('config_pushes', 'a')).toHaveLength(3);
      pending('config_pushes', 'a')[2]!.resolve({ pushes: [{ ...sent, doneAt: T0 + 1, ok: true }] });
      await vi.advanceTimersByTimeAsync(0);
      expect(offices.officePushes?.map((p) => p.ok)).toEqual([true]);

      // Closed (or another office opened) before the second ask: none is made.
      offices.refreshPushes();
      offices.close();
      await vi.advanceTimersByTimeAsync(PUSH_ANSWER_MS * 2);
      expect(pending('config_pushes', 'a')).toHaveLength(4);
      offices.open(overview('b'));
      offices.refreshPushes();
      offices.open(overview('c'));
      await vi.advanceTimersByTimeAsync(PUSH_ANSWER_MS * 2);
      expect([pending('config_pushes', 'b').length, pending('config_pushes', 'c').length]).toEqual([2, 1]);
    } finally {
      vi.useRealTimers();
    }
  });
});
