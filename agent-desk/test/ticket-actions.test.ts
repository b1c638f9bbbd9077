import { describe, expect, it } from 'vitest';
import { actionForKey, canCallTicket, DESK_ACTIONS, isLegal, type DeskAction, type DeskSituation } from '../renderer/agent/ticket-actions.ts';

const ready: DeskSituation = { online: true, busy: false, hasCounter: true, paused: false, current: null };
const legal = (s: Partial<DeskSituation>) => DESK_ACTIONS.map((a) => a.id).filter((a) => isLegal(a, { ...ready, ...s }));

describe('which desk actions are enabled', () => {
  it('[A3] with no ticket: only call next, and not while paused', () => {
    expect(legal({})).toEqual(['call_next']);
    expect(legal({ paused: true })).toEqual([]);
    expect(canCallTicket({ ...ready, paused: true })).toBe(false);
    expect(canCallTicket(ready)).toBe(true);
  });

  it('[T2][T3][T4][T6] a called ticket: recall, start, no-show, back to the queue', () => {
    expect(legal({ current: 'called' })).toEqual(['recall', 'start', 'no_show', 'requeue']);
    expect(canCallTicket({ ...ready, current: 'called' })).toBe(false);
  });

  it('[T5][T7] a ticket being served: finish or transfer', () => {
    expect(legal({ current: 'serving' })).toEqual(['finish', 'transfer']);
    expect(legal({ current: 'serving', paused: true })).toEqual(['finish', 'transfer']);
  });

  it('nothing while offline, while a request is out, or without a counter', () => {
    for (const s of [{ online: false }, { busy: true }, { hasCounter: false }]) {
      expect(legal(s)).toEqual([]);
      expect(legal({ ...s, current: 'serving' })).toEqual([]);
    }
  });

  it('maps F2–F8 to the actions, in button order, and nothing else', () => {
    const byKey: Record<string, DeskAction> = { F2: 'call_next', F3: 'recall', F4: 'start', F5: 'finish', F6: 'no_show', F7: 'transfer', F8: 'requeue' };
    for (const [key, action] of Object.entries(byKey)) expect(actionForKey(key)).toBe(action);
    expect(DESK_ACTIONS.map((a) => a.key)).toEqual(Object.keys(byKey));
    expect(actionForKey('F1')).toBeNull();
    expect(actionForKey('Enter')).toBeNull();
  });
});
