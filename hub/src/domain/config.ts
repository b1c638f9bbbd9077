import { isIconName, pushedThing, refused, thingKey, type ConfigPushChange, type Counter, type HubEvent, type OfficeSettings, type PreferentialClass, type Service, type ServiceGroup } from '@turnero/protocol';
import type { Ctx } from './commands.ts';
import type { OfficeState } from './office-state.ts';

type Change = Extract<HubEvent, { type: 'config_changed' }>['change'];

/** Who a change applied from a central's configuration push is by (its events' `by`, its audit rows' user). */
export const CENTRAL_ACTOR = 'central';

/** A change to a thing a central may push (a service, group, counter or user): which, when, by whom. */
export interface ConfigEdit {
  kind: ConfigPushChange['kind'];
  id: string;
  at: number;
  by: string;
}

/**
 * A push made against the office as of some event refuses what the office itself changed since
 * (SPEC S4): of `edits` (oldest first, after that event), those not by a central push to a thing the
 * push changes, one per thing, its latest: its id, and `service pagos (… by …)`.
 */
export function unseenLocalEdits(edits: readonly ConfigEdit[], changes: readonly ConfigPushChange[]): { id: string; text: string }[] {
  const pushed = new Set(changes.map((c) => thingKey(pushedThing(c))));
  const latest = new Map<string, ConfigEdit>();
  for (const e of edits) if (e.by !== CENTRAL_ACTOR && pushed.has(thingKey(e))) latest.set(thingKey(e), e);
  return [...latest].map(([what, e]) => ({ id: e.id, text: `${what} (${new Date(e.at).toISOString()} by ${e.by})` }));
}

const changed = (by: string, change: Change, ctx: Ctx): HubEvent[] => [{ type: 'config_changed', at: ctx.now, by, change }];

/** A service or group shows one of the kiosk's pictures (SPEC K1), not a name the kiosk cannot draw. */
export function checkIcon(icon: string): void {
  if (!isIconName(icon)) throw refused({ reason: 'unknown_icon', icon }, `no icon named ${JSON.stringify(icon)}`);
}

/** Adds or edits a service (SPEC K1): its prefix is unique among the office's active services; its group exists; its icon is one the kiosk draws. */
export function upsertService(state: OfficeState, service: Service, by: string, ctx: Ctx): HubEvent[] {
  checkIcon(service.icon);
  if (service.groupId !== null && !state.groups.some((g) => g.id === service.groupId)) throw refused({ reason: 'unknown_group' }, `no service group ${service.groupId}`);
  const clash = [...state.services.values()].find((s) => s.id !== service.id && s.active && service.active && s.prefix === service.prefix);
  if (clash) throw refused({ reason: 'prefix_in_use', prefix: service.prefix, service: clash.name.es }, `prefix ${service.prefix} is already used by ${clash.name.es}`);
  if (!service.active) {
    const waiting = [...state.active.values()].some((t) => t.serviceId === service.id && t.status === 'waiting');
    if (waiting) throw refused({ reason: 'service_has_waiting' }, 'people are waiting for this service: serve or transfer them before deactivating it');
  }
  return changed(by, { kind: 'service', service }, ctx);
}

export function upsertGroup(_state: OfficeState, group: ServiceGroup, by: string, ctx: Ctx): HubEvent[] {
  checkIcon(group.icon);
  return changed(by, { kind: 'group', group }, ctx);
}

/** Adds or edits a counter (SPEC K2): it serves only existing services, each once. */
export function upsertCounter(state: OfficeState, counter: Counter, by: string, ctx: Ctx): HubEvent[] {
  const unknown = counter.serviceIds.filter((id) => !state.services.has(id));
  if (unknown.length) throw refused({ reason: 'unknown_services', services: unknown.join(', ') }, `unknown services: ${unknown.join(', ')}`);
  if (new Set(counter.serviceIds).size !== counter.serviceIds.length) throw refused({ reason: 'service_listed_twice' }, 'a service is listed twice');
  if (!counter.name.trim()) throw refused({ reason: 'counter_needs_name' }, 'a counter needs a name');
  return changed(by, { kind: 'counter', counter }, ctx);
}

/** Fairness, recall limit, rating threshold, issue rate and preferential classes (SPEC K3). */
export function setSettings(state: OfficeState, settings: OfficeSettings, preferentialClasses: PreferentialClass[], by: string, ctx: Ctx): HubEvent[] {
  if (new Set(preferentialClasses.map((p) => p.id)).size !== preferentialClasses.length) throw refused({ reason: 'preferential_ids_repeated' }, 'preferential class ids must be unique');
  if (settings.fairness.preferential + settings.fairness.normal === 0) throw refused({ reason: 'fairness_all_zero' }, 'the fairness ratio needs at least one side above zero');
  const dropped = state.preferentialClasses.filter((p) => !preferentialClasses.some((q) => q.id === p.id)).map((p) => p.id);
  const inUse = [...state.active.values()].some((t) => t.preferentialClass !== null && dropped.includes(t.preferentialClass));
  if (inUse) throw refused({ reason: 'preferential_class_in_use' }, 'a removed preferential class is still on waiting tickets');
  return changed(by, { kind: 'settings', settings, preferentialClasses }, ctx);
}

/** Applies a configuration change to the live state. */
export function applyConfig(state: OfficeState, change: Change): void {
  switch (change.kind) {
    case 'service': {
      state.services.set(change.service.id, change.service);
      const sorted = [...state.services.values()].sort((a, b) => a.order - b.order);
      state.services = new Map(sorted.map((s) => [s.id, s]));
      return;
    }
    case 'group':
      state.groups = [...state.groups.filter((g) => g.id !== change.group.id), change.group].sort((a, b) => a.order - b.order);
      return;
    case 'counter':
      state.counters.set(change.counter.id, change.counter);
      return;
    case 'settings':
      state.settings = change.settings;
      state.preferentialClasses = change.preferentialClasses;
      return;
  }
}
