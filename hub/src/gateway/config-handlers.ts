import { ErrorCode, HubError, isCalendarDay, refused, type AuditAction, type Principal, type RequestPayload, type User } from '@turnero/protocol';
import { hashPassword } from '../auth/passwords.ts';
import { hashSecret } from '../auth/tokens.ts';
import { releaseWorkOf } from '../domain/commands.ts';
import { setSettings, upsertCounter, upsertGroup, upsertService } from '../domain/config.ts';
import type { OfficeEngine } from '../office-engine.ts';
import { reportBuilder, type ReportOptions } from '../reports/report.ts';
import type { HandlerResult } from './queue-handlers.ts';

const DAY_MS = 86_400_000;
/** The longest range a report or an export covers: a year, counted inclusively. */
export const MAX_RANGE_DAYS = 366;

/** A report's range checked, as times to read events between, with the options to build it. */
function reportRange(engine: OfficeEngine, officeId: string, from: string, to: string): { fromMs: number; toMs: number; opts: ReportOptions } {
  if (!isCalendarDay(from) || !isCalendarDay(to)) throw new HubError(ErrorCode.INVALID_ARGUMENT, 'dates must be calendar dates YYYY-MM-DD');
  if (from > to) throw refused({ reason: 'range_inverted' }, 'from must not be after to');
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  // Days counted inclusively: at most MAX_RANGE_DAYS of them.
  if (end - start >= MAX_RANGE_DAYS * DAY_MS) throw refused({ reason: 'range_too_long' }, 'a report covers at most a year');
  const state = engine.state(officeId);
  const { timeZone } = state.office;
  const closures = {
    callback: (id: string) => engine.store.callbackById(id)?.callback ?? null,
    case: (id: string) => engine.store.caseById(id),
  };
  // The office's own names (a central's console has only its own book): its catalogue, its users; at a central, the names its agents opened counters under.
  const users = new Map(engine.store.usersOf(officeId).map((u) => [u.id, u.displayName]));
  const labels = { service: (id: string) => state.services.get(id)?.name ?? null, agent: (id: string) => users.get(id) ?? null };
  // NOTE: a day's tickets can be served after local midnight and zones are at most ±14 h from UTC: read a margin, then filter by the ticket's own day.
  return { fromMs: start - DAY_MS, toMs: end + 3 * DAY_MS, opts: { officeId, timeZone, from, to, closures, labels } };
}

/** A report of local days `from`..`to` to feed events to (those with `at` in [fromMs, toMs)) and finish as often as wanted. */
export function officeReportFeed(engine: OfficeEngine, officeId: string, from: string, to: string) {
  const { fromMs, toMs, opts } = reportRange(engine, officeId, from, to);
  return { fromMs, toMs, builder: reportBuilder(opts) };
}

/** The same report read in pages with the event loop free between them: what a supervisor asks for (up to a year). */
export async function officeReportPaged(engine: OfficeEngine, officeId: string, from: string, to: string, pageSize = 5000) {
  const { fromMs, toMs, opts } = reportRange(engine, officeId, from, to);
  const builder = reportBuilder(opts);
  for await (const page of engine.store.eventPagesBetween(officeId, fromMs, toMs, pageSize)) for (const e of page) builder.add(e);
  // A ticket of the range can end past that margin: a hub off over a long weekend cancels the Friday's
  // leftovers when it starts again. Read on to the last such end (and a day more, for a rating held by a pad).
  const now = engine.clock();
  const ends = builder.open().map((id) => engine.store.ticketById(id)?.ticket.endedAt ?? now);
  const lastEnd = Math.max(...ends);
  if (lastEnd >= toMs) for await (const page of engine.store.eventPagesBetween(officeId, toMs, Math.min(lastEnd + DAY_MS, now + 1), pageSize)) for (const e of page) builder.add(e);
  return builder.finish();
}

/** Configuration (audited, live), users, the audit log and reports. */
export function configHandlers(engine: OfficeEngine) {
  const store = engine.store;

  function audited(p: Principal, action: AuditAction, target: string, before: unknown, after: unknown, decide: Parameters<OfficeEngine['execute']>[1]) {
    return engine.execute(p.officeId, decide, { extraWrites: () => store.audit(p.officeId, engine.clock(), p.id, action, target, before, after) });
  }

  return {
    upsert_service(p: Principal, { service }: RequestPayload<'upsert_service'>): HandlerResult {
      const before = engine.state(p.officeId).services.get(service.id);
      const events = audited(p, before ? 'update_service' : 'create_service', service.id, before, service, (s, c) => upsertService(s, service, p.id, c));
      return { data: { service }, events };
    },
    upsert_service_group(p: Principal, { group }: RequestPayload<'upsert_service_group'>): HandlerResult {
      const before = engine.state(p.officeId).groups.find((g) => g.id === group.id);
      const events = audited(p, before ? 'update_group' : 'create_group', group.id, before, group, (s, c) => upsertGroup(s, group, p.id, c));
      return { data: { group }, events };
    },
    upsert_counter(p: Principal, { counter }: RequestPayload<'upsert_counter'>): HandlerResult {
      const before = engine.state(p.officeId).counters.get(counter.id);
      const events = audited(p, before ? 'update_counter' : 'create_counter', counter.id, before, counter, (s, c) => upsertCounter(s, counter, p.id, c));
      return { data: { counter }, events };
    },
    set_office_settings(p: Principal, { settings, preferentialClasses }: RequestPayload<'set_office_settings'>): HandlerResult {
      const state = engine.state(p.officeId);
      const before = { settings: state.settings, preferentialClasses: state.preferentialClasses };
      const events = audited(p, 'update_settings', p.officeId, before, { settings, preferentialClasses }, (s, c) => setSettings(s, settings, preferentialClasses, p.id, c));
      return { data: { fairness: settings.fairness }, events };
    },
    list_users(p: Principal): HandlerResult {
      return { data: { users: store.usersOf(p.officeId).map(({ passwordHash: _h, ...u }) => u) } };
    },
    /** `sessionToken`: the requester's own session, kept when they give themselves a new password (their other screens are signed out). */
    async upsert_user(p: Principal, payload: RequestPayload<'upsert_user'>, sessionToken: string | null = null): Promise<HandlerResult> {
      const existing = payload.id ? store.userById(payload.id) : null;
      if (payload.id && (!existing || existing.officeId !== p.officeId)) throw new HubError(ErrorCode.NOT_FOUND, 'no such user');
      if (!existing && payload.password === null) throw refused({ reason: 'password_required' }, 'a new user needs a password');
      const other = store.userByUsername(payload.username);
      if (other && other.id !== existing?.id) throw refused({ reason: 'username_taken', username: payload.username }, `username ${payload.username} is taken`);
      if (existing?.id === p.id && (!payload.active || payload.role !== 'admin')) throw refused({ reason: 'cannot_demote_self' }, 'you cannot disable or demote yourself');
      const hash = payload.password === null ? null : await hashPassword(payload.password);
      const user: User = { id: existing?.id ?? engine.newId(), username: payload.username, displayName: payload.displayName, role: payload.role, officeId: p.officeId, active: payload.active };
      const { passwordHash: _old, ...before } = existing ?? { passwordHash: '' };
      const now = engine.clock();
      // A user disabled leaves no counter held and no callback claimed in their name (SPEC A8, F3).
      const events = engine.execute(p.officeId, (s, c) => (user.active ? [] : releaseWorkOf(s, user.id, store.callbacksClaimedBy(p.officeId, user.id), p.id, c)), {
        extraWrites: () => {
          if (existing) store.updateUser(user);
          else store.createUser(user, hash as string, now);
          if (existing && hash) store.setPassword(user.id, hash, user.id === p.id && sessionToken !== null ? hashSecret(sessionToken) : null);
          store.audit(p.officeId, now, p.id, existing ? (hash ? 'update_user_and_password' : 'update_user') : 'create_user', user.id, existing ? before : undefined, user);
        },
      });
      return { data: { user }, events };
    },
    list_audit(p: Principal, { limit }: RequestPayload<'list_audit'>): HandlerResult {
      return { data: { entries: store.auditOf(p.officeId, limit) } };
    },
    /** The office was already resolved by the gateway (central staff may name another one). */
    async report(_p: Principal, { from, to, officeId }: RequestPayload<'report'> & { officeId: string }): Promise<HandlerResult> {
      return { data: await officeReportPaged(engine, officeId, from, to) };
    },
  };
}
