import { describe, expect, it } from 'vitest';
import '@turnero/app-kit/testing/runes';
import type { AgentDay } from '@turnero/protocol';
import { MyDayState } from '../renderer/agent/my-day.svelte.ts';

const day = (served: number): AgentDay => ({ day: '2025-03-14', served, noShows: 0, transferred: 0, meanServiceMs: null, meanRating: null, ratings: 0 });

/** "Mi día" over a hub whose `my_day` answers the test settles by hand, in any order. */
function harness() {
  const replies: { resolve: (d: AgentDay) => void; reject: (e: unknown) => void }[] = [];
  const state = new MyDayState(() => new Promise((resolve, reject) => replies.push({ resolve, reject })));
  return { state, replies };
}

describe('Mi día', () => {
  it('shows the latest refresh’s figures: an older answer arriving after a newer one does not put back older figures', async () => {
    const { state, replies } = harness();
    const first = state.refresh(); // the desk opens
    const second = state.refresh(); // a ticket ends: one more served
    replies[1]!.resolve(day(4));
    await second;
    expect(state.day?.served).toBe(4);
    replies[0]!.resolve(day(3));
    await first;
    expect(state.day?.served).toBe(4);
  });

  it('keeps the last figures when a refresh fails', async () => {
    const { state, replies } = harness();
    const ok = state.refresh();
    replies[0]!.resolve(day(2));
    await ok;
    const failed = state.refresh();
    replies[1]!.reject(new Error('offline'));
    await failed;
    expect(state.day?.served).toBe(2);
  });
});
