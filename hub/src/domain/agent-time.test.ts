import { describe, expect, it } from 'vitest';
import type { HubEvent, PauseReason } from '@turnero/protocol';
import { agentTime } from './agent-time.ts';
import * as cmd from './commands.ts';
import { HOUR, MINUTE, office, T0 } from './test-fixtures.ts';

const at = (h: number, m = 0) => T0 + (h - 8) * HOUR + m * MINUTE; // T0 is 08:00 local

const opened = (t: number, counterId: string, agentId = 'a1'): HubEvent => ({ type: 'counter_opened', at: t, counterId, agentId, agentName: agentId });
const closed = (t: number, counterId: string, agentId = 'a1'): HubEvent => ({ type: 'counter_closed', at: t, counterId, agentId });
const status = (t: number, s: 'available' | 'paused', reason: PauseReason | null, agentId = 'a1', counterId = 'c1'): HubEvent => ({
  type: 'agent_status_changed',
  at: t,
  counterId,
  agentId,
  status: s,
  reason,
});

/** a1: 08:00–17:00 at c1 with a break, lunch, back office and training; signed out 17:00–18:00; 18:00–18:30 at c2. a2 and tickets interleave. */
const DAY: HubEvent[] = [
  opened(at(8), 'c1'),
  opened(at(8, 5), 'c2', 'a2'),
  { type: 'service_started', at: at(9), ticketId: 't-1' },
  status(at(10), 'paused', 'break'),
  status(at(10, 5), 'paused', 'lunch', 'a2', 'c2'),
  status(at(10, 15), 'available', null),
  status(at(12), 'paused', 'lunch'),
  status(at(13), 'available', null),
  status(at(15), 'paused', 'back_office'),
  status(at(15, 30), 'paused', 'training'),
  status(at(16), 'available', null),
  closed(at(17), 'c1'),
  closed(at(17, 30), 'c2', 'a2'),
  opened(at(18), 'c2'),
  closed(at(18, 30), 'c2'),
];

describe('agentTime', () => {
  it('[A7] splits the signed-in time by state and does not count time signed out', () => {
    const t = agentTime(DAY, 'a1', at(7), at(20));
    expect(t).toEqual({ available: 7 * HOUR + 15 * MINUTE, break: 15 * MINUTE, lunch: HOUR, back_office: 30 * MINUTE, training: 30 * MINUTE });
    const total = Object.values(t).reduce((a, b) => a + b, 0);
    expect(total).toBe(9 * HOUR + 30 * MINUTE); // 08:00–17:00 and 18:00–18:30; the 17:00–18:00 gap is not counted
  });

  it('[A7] counts only the other agent’s own events', () => {
    expect(agentTime(DAY, 'a2', at(7), at(20))).toEqual({ available: 2 * HOUR, break: 0, lunch: 7 * HOUR + 25 * MINUTE, back_office: 0, training: 0 });
    expect(agentTime(DAY, 'nobody', at(7), at(20))).toEqual({ available: 0, break: 0, lunch: 0, back_office: 0, training: 0 });
  });

  it('[A7] clips to the window [from, to]', () => {
    expect(agentTime(DAY, 'a1', at(9), at(12, 30))).toEqual({ available: 2 * HOUR + 45 * MINUTE, break: 15 * MINUTE, lunch: 30 * MINUTE, back_office: 0, training: 0 });
    expect(agentTime(DAY, 'a1', at(15, 10), at(15, 40))).toEqual({ available: 0, break: 0, lunch: 0, back_office: 20 * MINUTE, training: 10 * MINUTE });
  });

  it('[A7] a window inside a signed-out gap is all zero', () => {
    expect(agentTime(DAY, 'a1', at(17, 10), at(17, 50))).toEqual({ available: 0, break: 0, lunch: 0, back_office: 0, training: 0 });
  });

  it('[A7] an agent still signed in is counted up to `to`, and later events are ignored', () => {
    expect(agentTime(DAY.slice(0, 4), 'a1', at(8), at(11))).toEqual({ available: 2 * HOUR, break: HOUR, lunch: 0, back_office: 0, training: 0 });
    expect(agentTime(DAY, 'a1', at(8), at(10, 10))).toEqual({ available: 2 * HOUR, break: 10 * MINUTE, lunch: 0, back_office: 0, training: 0 });
  });

  it('[A5][A7] moving to another counter (closed and opened at the same instant) leaves no gap', () => {
    const events = [opened(at(8), 'c1'), closed(at(9), 'c1'), opened(at(9), 'c3'), closed(at(10), 'c3')];
    expect(agentTime(events, 'a1', at(8), at(10)).available).toBe(2 * HOUR);
  });

  it('[A7] agrees with the events the commands produce', () => {
    const o = office();
    const log: HubEvent[] = [];
    const run = (decide: Parameters<typeof o.run>[0]) => log.push(...o.run(decide));
    run((s, c) => cmd.openCounter(s, { agentId: 'a1', agentName: 'A' }, 'c1', c));
    const a1 = { agentId: 'a1', counterId: 'c1' };
    o.clock.advance(HOUR);
    run((s, c) => cmd.setAgentStatus(s, a1, 'paused', 'break', c));
    o.clock.advance(20 * MINUTE);
    run((s, c) => cmd.setAgentStatus(s, a1, 'paused', 'training', c));
    o.clock.advance(40 * MINUTE);
    run((s, c) => cmd.setAgentStatus(s, a1, 'available', null, c));
    o.clock.advance(HOUR);
    run((s, c) => cmd.openCounter(s, { agentId: 'a1', agentName: 'A' }, 'c2', c));
    o.clock.advance(30 * MINUTE);
    run((s, c) => cmd.closeCounter(s, { agentId: 'a1', counterId: 'c2' }, c));
    o.clock.advance(HOUR);
    expect(agentTime(log, 'a1', T0, o.clock.now())).toEqual({ available: 2 * HOUR + 30 * MINUTE, break: 20 * MINUTE, lunch: 0, back_office: 0, training: 40 * MINUTE });
  });
});
