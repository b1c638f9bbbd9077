import type { HubEvent, OfficeDescriptor } from '@turnero/protocol';
import { applyConfig, setSettings, upsertCounter, upsertGroup, upsertService } from './config.ts';
import { newOfficeState } from './office-state.ts';

/**
 * Checks a whole catalogue (an office created from a file with `--init`) with the rules an admin's
 * changes pass one at a time (SPEC K1–K3): settings and preferential classes, then groups, services
 * and counters, each against what came before. Throws the first HubError.
 */
export function validateCatalog(c: OfficeDescriptor): void {
  const state = newOfficeState({ office: c.office, settings: c.settings, groups: [], services: new Map(), counters: new Map(), preferentialClasses: [] });
  const ctx = { now: 0, newId: () => '' };
  const apply = (events: HubEvent[]) => {
    for (const e of events) if (e.type === 'config_changed') applyConfig(state, e.change);
  };
  apply(setSettings(state, c.settings, c.preferentialClasses, 'init', ctx));
  for (const g of c.groups) apply(upsertGroup(state, g, 'init', ctx));
  for (const s of c.services) apply(upsertService(state, s, 'init', ctx));
  for (const k of c.counters) apply(upsertCounter(state, k, 'init', ctx));
}
