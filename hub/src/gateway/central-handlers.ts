import { ErrorCode, HubError, type ConfigPushChange, type OfficeOverview, type Principal, type RequestPayload } from '@turnero/protocol';
import { hashPassword } from '../auth/passwords.ts';
import { hashSecret, newToken } from '../auth/tokens.ts';
import { checkIcon } from '../domain/config.ts';
import { officeDay, queueStats } from '../domain/office-state.ts';
import type { OfficeEngine } from '../office-engine.ts';
import type { SyncServer } from '../sync/sync-server.ts';
import { officeReportFeed } from './config-handlers.ts';
import { isManager } from './permissions.ts';
import type { HandlerResult } from './queue-handlers.ts';

/** The central hub's own office: the home of its staff, not a place with queues. */
export const CENTRAL_OFFICE_ID = 'central';

export const isCentralStaff = (p: Principal) => p.officeId === CENTRAL_OFFICE_ID && isManager(p);

/** The office a request is about: one's own, or any synced office for central staff (SPEC S5). */
export function targetOffice(engine: OfficeEngine, p: Principal, requested: string | undefined): string {
  if (requested === undefined || requested === p.officeId) return p.officeId;
  if (!isCentralStaff(p)) throw new HubError(ErrorCode.FORBIDDEN, 'only central staff may look into another office');
  if (!engine.has(requested)) throw new HubError(ErrorCode.NOT_FOUND, `no office ${requested} has synced yet`);
  return requested;
}

function requireCentral(p: Principal): void {
  if (!isCentralStaff(p)) throw new HubError(ErrorCode.FORBIDDEN, 'this is done at the central hub');
}

/** Linking offices, the board across offices, and configuration pushed to them. */
export function centralHandlers(engine: OfficeEngine, sync: () => SyncServer | null) {
  const store = engine.store;
  // NOTE: an office's day figures are a replay of its events (thousands a day, ~60 ms an office read
  // whole): each office's report of today is kept and fed only the events that arrived since the last
  // call, so a board polling every few seconds costs what the offices sent meanwhile. Only durable
  // events are fed (a batch still open could roll back, and its numbers be reused). A new day, time
  // zone or a log that went back starts over. Connected, asOf and the queues are read fresh.
  const todayCache = new Map<string, { day: string; timeZone: string; seq: number; feed: ReturnType<typeof officeReportFeed>; today: OfficeOverview['today'] | null }>();
  const todayOf = (officeId: string, timeZone: string, day: string): OfficeOverview['today'] => {
    const upTo = engine.durableSeq(officeId);
    let c = todayCache.get(officeId);
    if (!c || c.day !== day || c.timeZone !== timeZone || upTo < c.seq) {
      c = { day, timeZone, seq: 0, feed: officeReportFeed(engine, officeId, day, day), today: null };
      todayCache.set(officeId, c);
    }
    if (c.today !== null && c.seq === upTo) return c.today;
    for (const e of store.eventsInRangeAfter(officeId, c.seq, upTo, c.feed.fromMs, c.feed.toMs)) c.feed.builder.add(e);
    c.seq = upTo;
    const r = c.feed.builder.finish().office;
    c.today = { issued: r.issued, served: r.served, noShows: r.noShows, meanRating: r.meanRating, waitP50Ms: r.waitP50Ms };
    return c.today;
  };
  return {
    create_office_link(p: Principal, { officeId }: RequestPayload<'create_office_link'>): HandlerResult {
      requireCentral(p);
      if (officeId === CENTRAL_OFFICE_ID) throw new HubError(ErrorCode.INVALID_ARGUMENT, 'the central office cannot be linked');
      const token = newToken();
      store.transaction(() => {
        store.central.createOfficeLink(officeId, hashSecret(token), engine.clock());
        store.audit(CENTRAL_OFFICE_ID, engine.clock(), p.id, 'create_office_link', officeId, null, { officeId });
      });
      // The old token no longer signs in; a connection already made with it (a leaked one) goes too.
      sync()?.disconnect(officeId, 'link token replaced');
      return { data: { officeId, token } };
    },

    offices_overview(p: Principal): HandlerResult {
      requireCentral(p);
      const server = sync();
      const now = engine.clock();
      const offices: OfficeOverview[] = store.central.officeLinks().map((link) => {
        if (!engine.has(link.officeId)) {
          return {
            officeId: link.officeId,
            name: link.officeId,
            connected: false,
            lastSyncAt: null,
            asOf: now,
            stats: [],
            targets: [],
            countersOpen: 0,
            today: { issued: 0, served: 0, noShows: 0, meanRating: null, waitP50Ms: null },
            pushes: store.central.configPushCounts(link.officeId),
          };
        }
        const state = engine.state(link.officeId);
        const day = officeDay(state, now);
        const connected = server?.connected(link.officeId) ?? false;
        // Link down: what the central holds is the office as it was when last heard from, not now.
        const asOf = connected ? now : Math.min(now, server?.lastHeard(link.officeId) ?? link.lastSyncAt ?? now);
        return {
          officeId: link.officeId,
          name: state.office.name,
          connected,
          lastSyncAt: link.lastSyncAt,
          asOf,
          stats: queueStats(state, asOf),
          targets: [...state.services.values()].filter((s) => s.active).map((s) => ({ serviceId: s.id, targetWaitMinutes: s.targetWaitMinutes })),
          countersOpen: state.sessions.size,
          today: todayOf(link.officeId, state.office.timeZone, day),
          pushes: store.central.configPushCounts(link.officeId),
        };
      });
      return { data: { offices } };
    },

    config_pushes(p: Principal, { officeId, limit }: RequestPayload<'config_pushes'>): HandlerResult {
      requireCentral(p);
      return { data: { pushes: store.central.configPushes(officeId ?? null, limit) } };
    },

    async push_config(p: Principal, { officeId, changes, overwrite }: RequestPayload<'push_config'>): Promise<HandlerResult> {
      requireCentral(p);
      const server = sync();
      if (!server) throw new HubError(ErrorCode.FORBIDDEN, 'this hub is not a central');
      if (!store.central.officeLinks().some((l) => l.officeId === officeId)) throw new HubError(ErrorCode.NOT_FOUND, `no office ${officeId} is linked`);
      // Refused here, before anything is stored, rather than by the office after the push's earlier changes applied.
      for (const change of changes) {
        if (change.kind === 'service') checkIcon(change.service.icon);
        if (change.kind === 'group') checkIcon(change.group.icon);
      }
      const pushed: ConfigPushChange[] = [];
      for (const change of changes) {
        if (change.kind !== 'user') {
          pushed.push(change);
          continue;
        }
        const { password, ...user } = change.user;
        pushed.push({ kind: 'user', user: { ...user, passwordHash: password === null ? null : await hashPassword(password) } });
      }
      const result = server.push(officeId, pushed, { overwrite: overwrite ?? false });
      store.audit(CENTRAL_OFFICE_ID, engine.clock(), p.id, 'push_config', officeId, null, { pushId: result.pushId, kinds: changes.map((c) => c.kind), overwrite: overwrite ?? false });
      return { data: result };
    },
  };
}
