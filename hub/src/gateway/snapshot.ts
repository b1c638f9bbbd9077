import type { Device, OfficeSnapshot } from '@turnero/protocol';
import { counterView, officeDay, queueStats, type OfficeState } from '../domain/office-state.ts';
import type { Audience } from './audience.ts';

/** The office as one audience may see it (SPEC P4): tickets for staff, devices for supervisors. */
export function buildSnapshot(state: OfficeState, audience: Audience, now: number, devices: () => Device[]): OfficeSnapshot {
  const today = officeDay(state, now);
  const snapshot: OfficeSnapshot = {
    office: state.office,
    serviceGroups: state.groups,
    services: [...state.services.values()],
    counters: [...state.counters.values()].map((c) => counterView(state, c)),
    preferentialClasses: state.preferentialClasses,
    fairness: state.settings.fairness,
    recallLimit: state.settings.recallLimit,
    ratingThreshold: state.settings.ratingThreshold,
    // The relay's credentials only to who makes video calls (a booth's kiosk, agents, supervisors at a desk).
    iceServers: audience === 'display' || audience === 'keypad_station' ? [] : (state.settings.iceServers ?? []),
    displayMessage: state.settings.displayMessage || null,
    // Today's only (SPEC D1): last night's calls on the hall screen in the morning would tell today's
    // F-010 it had been called before it was.
    recentCalls: state.recentCalls.filter((c) => officeDay(state, c.at) === today),
    stats: queueStats(state, now),
  };
  if (audience === 'agent' || audience === 'supervisor') snapshot.tickets = [...state.active.values()];
  if (audience === 'supervisor') {
    snapshot.devices = devices();
    snapshot.issueRatePerMinute = state.settings.issueRatePerMinute;
  }
  return snapshot;
}
