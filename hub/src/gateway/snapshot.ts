import type { Device, OfficeSnapshot } from '@turnero/protocol';
import { counterView, queueStats, type OfficeState } from '../domain/office-state.ts';
import type { Audience } from './audience.ts';

/** The office as one audience may see it (SPEC P4): tickets for staff, devices for supervisors. */
export function buildSnapshot(state: OfficeState, audience: Audience, now: number, devices: () => Device[]): OfficeSnapshot {
  const snapshot: OfficeSnapshot = {
    office: state.office,
    serviceGroups: state.groups,
    services: [...state.services.values()],
    counters: [...state.counters.values()].map((c) => counterView(state, c)),
    preferentialClasses: state.preferentialClasses,
    fairness: state.settings.fairness,
    recallLimit: state.settings.recallLimit,
    ratingThreshold: state.settings.ratingThreshold,
    iceServers: state.settings.iceServers ?? [],
    displayMessage: state.settings.displayMessage || null,
    recentCalls: state.recentCalls,
    stats: queueStats(state, now),
  };
  if (audience === 'agent' || audience === 'supervisor') snapshot.tickets = [...state.active.values()];
  if (audience === 'supervisor') {
    snapshot.devices = devices();
    snapshot.issueRatePerMinute = state.settings.issueRatePerMinute;
  }
  return snapshot;
}
