import type { HubEvent } from '@turnero/protocol';

export type AgentActivity = 'available' | 'break' | 'lunch' | 'back_office' | 'training';

/**
 * Milliseconds an agent spent in each state between `from` and `to`, from the counter events in
 * log order (SPEC A7). Time signed out is not counted.
 */
export function agentTime(events: Iterable<HubEvent>, agentId: string, from: number, to: number): Record<AgentActivity, number> {
  const total: Record<AgentActivity, number> = { available: 0, break: 0, lunch: 0, back_office: 0, training: 0 };
  let current: AgentActivity | null = null;
  let since = from;
  const close = (at: number) => {
    if (current !== null) total[current] += Math.max(0, Math.min(at, to) - Math.max(since, from));
  };
  for (const e of events) {
    if (e.at > to) break;
    let next: AgentActivity | null | undefined;
    if (e.type === 'counter_opened' && e.agentId === agentId) next = 'available';
    else if (e.type === 'counter_closed' && e.agentId === agentId) next = null;
    else if (e.type === 'agent_status_changed' && e.agentId === agentId) next = e.status === 'available' ? 'available' : (e.reason ?? 'break');
    if (next === undefined) continue;
    close(e.at);
    current = next;
    since = e.at;
  }
  close(to);
  return total;
}
