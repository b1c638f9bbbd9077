import { describe, expect, it } from 'vitest';
import { ErrorCode, HubError, TicketStatus } from '@turnero/protocol';
import { canTransition, nextStatus, TERMINAL, transitions, type TicketAction } from './ticket-machine.ts';

const STATUSES = TicketStatus.options;
const ACTIONS = Object.keys(transitions) as TicketAction[];

/** The SPEC's life cycle written out independently of the code: action → (from → to). */
const LEGAL: Record<TicketAction, Partial<Record<TicketStatus, TicketStatus>>> = {
  call: { waiting: 'called' }, // T1
  recall: { called: 'called' }, // T2
  requeue: { called: 'waiting' }, // T3
  start: { called: 'serving' }, // T4
  finish: { serving: 'done' }, // T5
  no_show: { called: 'no_show' }, // T6
  transfer: { serving: 'waiting' }, // T7
  cancel: { waiting: 'cancelled' }, // T8
};

const RULE: Record<TicketAction, string> = {
  call: 'T1',
  recall: 'T2',
  requeue: 'T3',
  start: 'T4',
  finish: 'T5',
  no_show: 'T6',
  transfer: 'T7',
  cancel: 'T8',
};

const cases = ACTIONS.flatMap((action) => STATUSES.map((status) => ({ action, status, rule: RULE[action], to: LEGAL[action][status] ?? null })));

describe('ticket life cycle', () => {
  it('[T1–T8] knows exactly the eight SPEC actions', () => {
    expect(ACTIONS.sort()).toEqual(Object.keys(LEGAL).sort());
    expect(cases).toHaveLength(8 * 6);
  });

  it.each(cases.filter((c) => c.to !== null))('[$rule] $action from $status is legal and leads to $to', ({ action, status, to }) => {
    expect(canTransition(status, action)).toBe(true);
    expect(nextStatus(status, action)).toBe(to);
  });

  it.each(cases.filter((c) => c.to === null))('[T9] $action from $status is refused with INVALID_TRANSITION', ({ action, status }) => {
    expect(canTransition(status, action)).toBe(false);
    let err: unknown;
    try {
      nextStatus(status, action);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HubError);
    expect((err as HubError).code).toBe(ErrorCode.INVALID_TRANSITION);
    expect((err as HubError).details).toEqual({ status, action });
    expect((err as HubError).message).toBe(`cannot ${action.replace('_', '-')} a ticket that is ${status}`);
  });

  it.each(['done', 'no_show', 'cancelled'] as const)('[T9] %s is final: no action leaves it', (status) => {
    expect(TERMINAL).toContain(status);
    for (const action of ACTIONS) expect(canTransition(status, action)).toBe(false);
  });

  it('[T9] the terminal states are exactly done, no_show and cancelled, and nothing leads out of them', () => {
    expect([...TERMINAL].sort()).toEqual(['cancelled', 'done', 'no_show']);
    const reachable = new Set<TicketStatus>(ACTIONS.map((a) => transitions[a].to));
    const leavable = new Set<TicketStatus>(ACTIONS.flatMap((a) => [...transitions[a].from]));
    for (const t of TERMINAL) expect(leavable.has(t)).toBe(false);
    // Every terminal state is reachable, and every non-terminal state can be left.
    for (const t of TERMINAL) expect(reachable.has(t)).toBe(true);
    for (const s of STATUSES.filter((x) => !TERMINAL.includes(x))) expect(leavable.has(s)).toBe(true);
  });

  it('[T7] a transfer is one step serving → waiting (the "transferred" stage is the event, not a status)', () => {
    expect(STATUSES).not.toContain('transferred');
    expect(nextStatus('serving', 'transfer')).toBe('waiting');
  });
});
