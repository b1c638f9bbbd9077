import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, ErrorCode, HubError, isAuditAction, parseRequest, refused, type HubEvent, type Refusal, type Report } from '@turnero/protocol';
import { translate } from '@turnero/app-kit/translate';
import type { DeskI18n } from '../renderer/shared/i18n.ts';
import { en } from '../renderer/shared/strings-en.ts';
import { es } from '../renderer/shared/strings-es.ts';
import { supervisorError } from '../renderer/supervisor/errors.ts';
import { openCountersFor, officeOverTarget, alertConditions, applyDeviceEvent, applyTodayEvent, callbackWorklist, dayIn, meanRating, paperState, queueRows, recoveryRate, todayFromReport, trackAlerts, waitLevel, type Alert } from '../renderer/supervisor/board/board-model.ts';
import { auditTargetName, blankService, changedSince, idTaken, moveUp, nextCounter, slug } from '../renderer/supervisor/config/config-model.ts';
import { pendingIdsOf } from '../renderer/supervisor/config/config-saver.ts';
import { csvPath, formatDuration, formatPercent, hasRatings, hasWaits, ratingBars, shiftDay, waitBars } from '../renderer/supervisor/reports/report-model.ts';
import { counter, service, T0, ticket } from './fixtures.ts';
import { device, recoveryCase, reportRow } from './supervisor-fixtures.ts';

const MIN = 60_000;

describe('board model', () => {
  it('colours a wait: ok, near (last quarter of the target), over', () => {
    expect(waitLevel(5 * MIN, 20 * MIN)).toBe('ok');
    expect(waitLevel(15 * MIN, 20 * MIN)).toBe('near');
    expect(waitLevel(21 * MIN, 20 * MIN)).toBe('over');
  });

  it('queue rows: waiting, longest and average from live tickets, estimate and counters from stats; inactive services left out', () => {
    const services = [service('facturacion', 'F', 15), service('reclamos', 'R', 20), { ...service('viejo', 'X'), active: false }];
    const tickets = [
      ticket('1', { arrivedAt: T0 - 20 * MIN }),
      ticket('2', { arrivedAt: T0 - 10 * MIN }),
      ticket('3', { status: 'called', arrivedAt: T0 - 60 * MIN }),
      ticket('4', { serviceId: 'reclamos', arrivedAt: T0 - 2 * MIN }),
    ];
    const stats = [{ serviceId: 'facturacion', waiting: 2, longestWaitMs: 0, estimatedWaitMinutes: 12, openCounters: 2 }];
    const rows = queueRows(services, tickets, stats, T0);
    expect(rows.map((r) => r.service.id)).toEqual(['facturacion', 'reclamos']);
    expect(rows[0]).toMatchObject({ waiting: 2, longestMs: 20 * MIN, averageMs: 15 * MIN, level: 'over', openCounters: 2, estimateMinutes: 12 });
    expect(rows[1]).toMatchObject({ waiting: 1, longestMs: 2 * MIN, level: 'ok', openCounters: 0, estimateMinutes: null });
  });

  it('queue rows without tickets (a snapshot without them) use the hub stats', () => {
    const rows = queueRows([service('facturacion', 'F', 15)], null, [{ serviceId: 'facturacion', waiting: 3, longestWaitMs: 16 * MIN, estimatedWaitMinutes: 9, openCounters: 1 }], T0);
    expect(rows[0]).toMatchObject({ waiting: 3, longestMs: 16 * MIN, averageMs: null, level: 'over' });
  });

  it('paper state of a kiosk printer', () => {
    const printer = { online: true, paperOut: false, paperNearEnd: false, coverOpen: false, errorCode: null };
    expect(paperState(device('k'))).toBeNull();
    expect(paperState(device('k', { health: { printer } }))).toBe('ok');
    expect(paperState(device('k', { health: { printer: { ...printer, paperNearEnd: true } } }))).toBe('low');
    expect(paperState(device('k', { health: { printer: { ...printer, paperOut: true } } }))).toBe('out');
    expect(paperState(device('k', { health: { printer: { ...printer, online: false } } }))).toBe('printer_offline');
  });

  it('devices follow device_paired, device_health and device_revoked', () => {
    let list = applyDeviceEvent([device('a')], { type: 'device_paired', at: T0, device: device('b', { online: false }) });
    expect(list.map((d) => d.id)).toEqual(['a', 'b']);
    list = applyDeviceEvent(list, { type: 'device_health', at: T0 + 5, deviceId: 'a', online: false, health: {} });
    expect(list[0]).toMatchObject({ online: false, lastSeenAt: T0 + 5 });
    list = applyDeviceEvent(list, { type: 'device_revoked', at: T0, deviceId: 'b' });
    expect(list.map((d) => d.id)).toEqual(['a']);
  });

  it('alerts: raised once per condition with its time, cleared when it stops holding, raised again later', () => {
    const rows = queueRows([service('facturacion', 'F', 15)], [ticket('1', { arrivedAt: T0 - 16 * MIN })], [], T0);
    const devices = [device('k1', { online: false }), device('k2', { health: { printer: { online: true, paperOut: true, paperNearEnd: null, coverOpen: null, errorCode: null } } }), device('k3', { online: false, revoked: true })];
    let id = 0;
    const next = () => ++id;
    const conditions = alertConditions(rows, devices);
    expect(conditions.map((c) => c.key)).toEqual(['wait:facturacion', 'offline:k1', 'paper:k2']);
    let alerts: readonly Alert[] = trackAlerts([], conditions, T0, next);
    expect(alerts.map((a) => [a.condition.key, a.at, a.clearedAt])).toEqual([['wait:facturacion', T0, null], ['offline:k1', T0, null], ['paper:k2', T0, null]]);
    const same = trackAlerts(alerts, conditions, T0 + 1000, next);
    expect(same).toBe(alerts);
    alerts = trackAlerts(alerts, conditions.slice(1), T0 + 2000, next);
    expect(alerts.find((a) => a.condition.key === 'wait:facturacion')?.clearedAt).toBe(T0 + 2000);
    alerts = trackAlerts(alerts, conditions, T0 + 3000, next);
    expect(alerts[0]).toMatchObject({ at: T0 + 3000, clearedAt: null, condition: { key: 'wait:facturacion' } });
    expect(alerts).toHaveLength(4);
  });

  it('alerts: the hub’s housekeeping — the day’s database copy failing, forwarding to the central stopped — and clear once fixed', () => {
    const sync = { connected: false, ackSeq: 40, backlog: 0, lastAckAt: null, diverged: 'the central holds events up to 40', stuck: null };
    const backups = { dir: '/media/usb/turnero', keep: 7, latest: 'turnero-2026-12-04.db', failing: 'ENOENT: no such file or directory' };
    expect(alertConditions([], [], null)).toEqual([]);
    expect(alertConditions([], [], { backups: null, sync: null })).toEqual([]);
    const bad = alertConditions([], [], { backups, sync });
    expect(bad).toEqual([
      { key: 'backup', kind: 'backup', dir: '/media/usb/turnero' },
      { key: 'sync', kind: 'sync' },
    ]);
    let alerts = trackAlerts([], bad, T0, () => 1);
    alerts = trackAlerts(alerts, alertConditions([], [], { backups: { ...backups, failing: null, latest: 'turnero-2026-12-05.db' }, sync: { ...sync, diverged: null } }), T0 + 1000, () => 2);
    expect(alerts.map((a) => [a.condition.key, a.clearedAt])).toEqual([['backup', T0 + 1000], ['sync', T0 + 1000]]);
  });

  it('alerts: the central refusing the office’s events again and again (stuck), until it takes them', () => {
    const sync = { connected: true, ackSeq: 40, backlog: 5, lastAckAt: null, diverged: null, stuck: { seq: 41, code: 'FORBIDDEN', message: 'x', refusals: 3, since: T0 } };
    expect(alertConditions([], [], { backups: null, sync })).toEqual([{ key: 'sync-stuck', kind: 'syncStuck', seq: 41, code: 'FORBIDDEN' }]);
    expect(alertConditions([], [], { backups: null, sync: { ...sync, stuck: null } })).toEqual([]);
  });

  it("today's figures start from the report and follow events", () => {
    const ratings = Array(10).fill(0) as number[];
    ratings[2] = 1;
    ratings[8] = 1;
    const report = { office: reportRow('office', { issued: 5, served: 2, noShows: 1, ratings }) } as Report;
    let t = todayFromReport(report);
    expect(t).toEqual({ issued: 5, served: 2, noShows: 1, ratingSum: 12, ratingCount: 2 });
    const events: HubEvent[] = [
      { type: 'ticket_issued', at: T0, ticket: ticket('9'), deviceId: null },
      { type: 'service_finished', at: T0, ticketId: '9' },
      { type: 'ticket_rated', at: T0, ticketId: '9', rating: 10, counterId: null, agentId: null, source: 'keypad' },
      { type: 'ticket_no_show', at: T0, ticketId: '8', reason: 'agent' },
    ];
    for (const e of events) t = applyTodayEvent(t, e);
    expect(t).toEqual({ issued: 6, served: 3, noShows: 2, ratingSum: 22, ratingCount: 3 });
    expect(meanRating(t)).toBeCloseTo(22 / 3);
  });

  it('[F5] recovery rate is recovered ÷ closed', () => {
    expect(recoveryRate([recoveryCase('1')])).toEqual({ rate: null, recovered: 0, closed: 0 });
    const cases = [recoveryCase('1'), recoveryCase('2', { status: 'closed', outcome: 'recovered' }), recoveryCase('3', { status: 'closed', outcome: 'unreachable' })];
    expect(recoveryRate(cases)).toEqual({ rate: 0.5, recovered: 1, closed: 2 });
  });

  it('the callback worklist: open and claimed, oldest first', () => {
    const base = { officeId: 'o1', serviceId: null, name: 'x', phone: '3000000', reason: 'r', reference: '', source: 'kiosk' as const, accountNumber: null, claimedBy: null, attempts: [], outcome: null, closedAt: null };
    const list = callbackWorklist([
      { ...base, id: 'b', createdAt: 2, status: 'claimed' },
      { ...base, id: 'c', createdAt: 0, status: 'closed' },
      { ...base, id: 'a', createdAt: 1, status: 'open' },
    ]);
    expect(list.map((c) => c.id)).toEqual(['a', 'b']);
  });

  it('the local day of an instant in the office zone', () => {
    expect(dayIn(Date.UTC(2025, 2, 15, 3, 0), 'America/Bogota')).toBe('2025-03-14');
    expect(dayIn(Date.UTC(2025, 2, 15, 6, 0), 'America/Bogota')).toBe('2025-03-15');
  });
});

describe('report model', () => {
  it('formats durations and rates', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(125_000)).toBe('2:05');
    expect(formatPercent(0.125)).toBe('13 %');
    expect(formatPercent(null)).toBe('—');
  });

  it('wait bars for the hours with tickets, scaled to the tallest', () => {
    const bars = waitBars([reportRow('10', { issued: 2, waitP50Ms: 10 * MIN }), reportRow('08', { issued: 1, waitP50Ms: 5 * MIN }), reportRow('09')]);
    expect(bars.map((b) => [b.label, b.height, b.text])).toEqual([['08h', 0.5, '5:00'], ['10h', 1, '10:00']]);
  });

  it('rating bars 1..10', () => {
    const bars = ratingBars([0, 0, 2, 0, 0, 0, 0, 0, 4, 0]);
    expect(bars).toHaveLength(10);
    expect(bars[2]).toMatchObject({ label: '3', value: 2, height: 0.5 });
    expect(bars[8]).toMatchObject({ label: '9', height: 1 });
  });

  it('a chart has something to draw only with a wait sample or a rating', () => {
    expect(hasWaits([])).toBe(false);
    // Issued but never called: no wait, even if the wait would have been 0 ms.
    expect(hasWaits([reportRow('08', { issued: 3 })])).toBe(false);
    expect(hasWaits([reportRow('08', { issued: 3 }), reportRow('09', { issued: 1, waitP50Ms: 0 })])).toBe(true);
    expect(hasRatings([0, 0, 0, 0, 0, 0, 0, 0, 0, 0])).toBe(false);
    expect(hasRatings([0, 0, 0, 0, 0, 0, 0, 0, 0, 1])).toBe(true);
  });

  it('the hub export path: one’s own office without officeId, a drilled-down office named', () => {
    expect(csvPath('tickets', '2025-03-01', '2025-03-14')).toBe('/api/tickets.csv?from=2025-03-01&to=2025-03-14');
    expect(csvPath('report', '2025-03-01', '2025-03-01', 'cucuta-centro')).toBe('/api/report.csv?from=2025-03-01&to=2025-03-01&officeId=cucuta-centro');
    expect(csvPath('tickets', '2025-03-01', '2025-03-02', 'a&b c')).toBe('/api/tickets.csv?from=2025-03-01&to=2025-03-02&officeId=a%26b%20c');
    expect(shiftDay('2025-03-01', -1)).toBe('2025-02-28');
  });
});

describe('configuration model', () => {
  it('a new service gets a free prefix and the next order', () => {
    const s = blankService([service('a', 'A'), service('b', 'B')], 'g');
    expect(s).toMatchObject({ prefix: 'C', order: 2, groupId: 'g', active: true });
  });

  it('moves a service up the priority order; slugs names', () => {
    expect(moveUp(['a', 'b', 'c'], 2)).toEqual(['a', 'c', 'b']);
    expect(moveUp(['a', 'b'], 0)).toEqual(['a', 'b']);
    expect(slug('Mujer Embarazada ñ')).toBe('mujer-embarazada-n');
  });

  it('“Nuevo”: a counter starts at the first free modulo-N; an id the list already has is taken (saving would replace that one)', () => {
    expect(nextCounter([{ id: 'modulo-1' }, { id: 'modulo-3' }])).toEqual({ id: 'modulo-2', name: 'Módulo 2' });
    expect(nextCounter([])).toEqual({ id: 'modulo-1', name: 'Módulo 1' });
    const list = [{ id: 'modulo-1' }, { id: 'caja' }];
    expect(idTaken(list, 'caja')).toBe(true);
    expect(idTaken(list, 'Caja')).toBe(false);
    expect(idTaken(list, 'modulo-2')).toBe(false);
    expect(idTaken([], 'caja')).toBe(false);
  });

  it('a form is not saved over a change made since it opened: its entry changed (whatever the key order) or gone; fields it does not edit do not count', () => {
    const opened = { id: 'reclamos', name: { es: 'Reclamos', en: 'Claims' }, targetWaitMinutes: 20 };
    expect(changedSince([opened], structuredClone(opened))).toBe(false);
    expect(changedSince([{ targetWaitMinutes: 20, name: { en: 'Claims', es: 'Reclamos' }, id: 'reclamos' }], opened)).toBe(false);
    expect(changedSince([{ ...opened, targetWaitMinutes: 30 }], opened)).toBe(true);
    expect(changedSince([{ ...opened, name: { es: 'Quejas', en: 'Claims' } }], opened)).toBe(true);
    expect(changedSince([], opened)).toBe(true);
    const counter = { id: 'modulo-1', name: 'Módulo 1', serviceIds: ['pagos'], state: 'open' };
    const edited = (c: typeof counter) => ({ name: c.name, serviceIds: c.serviceIds });
    expect(changedSince([{ ...counter, state: 'closed' }], counter, edited)).toBe(false);
    expect(changedSince([{ ...counter, serviceIds: ['pagos', 'facturacion'] }], counter, edited)).toBe(true);
  });

  it('ids with a push on its way are those of unanswered pushes, of one kind', () => {
    const push = (pushId: string, doneAt: number | null, changes: { kind: 'service' | 'group' | 'counter' | 'user'; id: string }[]) => ({ pushId, officeId: 'o', createdAt: T0, changes, basedOnSeq: 1, doneAt, ok: doneAt === null ? null : true, error: null, refusal: null });
    const pushes = [push('p3', null, [{ kind: 'counter', id: 'modulo-6' }, { kind: 'service', id: 'pagos' }]), push('p2', T0, [{ kind: 'counter', id: 'modulo-5' }]), push('p1', null, [{ kind: 'counter', id: 'modulo-7' }])];
    expect(pendingIdsOf(pushes, 'counter')).toEqual(['modulo-6', 'modulo-7']);
    expect(pendingIdsOf(pushes, 'service')).toEqual(['pagos']);
    expect(pendingIdsOf(pushes, 'group')).toEqual([]);
  });

});

describe('[W3] counters open for a service', () => {
  it('counts available ones; paused ones only when none is available', () => {
    expect(openCountersFor('f', [counter('m1', ['f'], { state: 'available' }), counter('m2', ['f'], { state: 'paused' }), counter('m3', ['r'], { state: 'available' })])).toBe(1);
    expect(openCountersFor('f', [counter('m1', ['f'], { state: 'closed' }), counter('m2', ['f'], { state: 'paused' })])).toBe(1);
    expect(openCountersFor('r', [counter('m1', ['f'], { state: 'available' })])).toBe(0);
  });
});

describe('central board', () => {
  it('marks an office whose longest wait passes a service target', () => {
    const stat = (serviceId: string, waiting: number, minutes: number) => ({ serviceId, waiting, longestWaitMs: minutes * 60_000, estimatedWaitMinutes: null, openCounters: 1 });
    const targets = [{ serviceId: 'f', targetWaitMinutes: 15 }];
    expect(officeOverTarget({ stats: [stat('f', 2, 16)], targets })).toBe(true);
    expect(officeOverTarget({ stats: [stat('f', 2, 14)], targets })).toBe(false);
    expect(officeOverTarget({ stats: [stat('f', 0, 99)], targets })).toBe(false);
    expect(officeOverTarget({ stats: [stat('x', 3, 99)], targets })).toBe(false);
  });
});

/** The desk's texts in one language, through I18n's own lookup (its reactive language needs Svelte's compiler, which unit tests do without). */
function texts(lang: 'es' | 'en'): DeskI18n {
  return { lang, t: (key: keyof typeof es, params?: Record<string, string | number>) => translate({ es, en }, lang, key, params) } as unknown as DeskI18n;
}

describe('supervisor error texts', () => {
  it('words a refused change in the console language, every parameter filled; other errors as before', () => {
    const clash = refused({ reason: 'prefix_in_use', prefix: 'F', service: 'Facturación' }, 'prefix F is already used by Facturación');
    expect(supervisorError(texts('es'), clash)).toBe('El prefijo F ya lo usa Facturación: elija otra letra.');
    const i18n = texts('en');
    expect(supervisorError(i18n, clash)).toBe('Prefix F is already used by Facturación: choose another letter.');
    expect(supervisorError(i18n, refused({ reason: 'username_taken', username: 'agente1' }, 'x'))).toBe('Username agente1 is already taken.');
    // A refusal this console does not know keeps the hub's message.
    expect(supervisorError(i18n, new HubError(ErrorCode.INVALID_ARGUMENT, 'newer rule', { reason: 'from_a_newer_hub' }))).toBe('Invalid data: newer rule');
  });

  it('words a schema failure by the fields the hub names in details[].path (its message names only the request), in the console language', () => {
    /** The error the hub sends for a payload its schema refuses: parsed by the protocol's own parser. */
    const schemaError = (type: string, payload: unknown) => {
      const parsed = parseRequest(JSON.stringify({ id: 'r1', type, payload }));
      if (parsed.ok) throw new Error('expected a schema failure');
      return new HubError(parsed.code, parsed.message, parsed.details);
    };
    const badUser = schemaError('upsert_user', { id: null, username: 'Ana López', displayName: 'Ana', role: 'agent', active: true, password: 'corta' });
    expect(badUser.message).toBe('invalid upsert_user payload');
    expect(supervisorError(texts('es'), badUser)).toBe('Revise estos datos: Usuario (3 a 40 caracteres: minúsculas sin tilde, dígitos, . _ -); Contraseña (mín. 8).');
    expect(supervisorError(texts('en'), badUser)).toBe('Check these fields: Username (3 to 40 characters: lowercase letters without accents, digits, . _ -); Password (min. 8).');
    const badService = schemaError('upsert_service', { service: { ...service('facturación', 'F'), targetWaitMinutes: 0 } });
    expect(supervisorError(texts('es'), badService)).toBe('Revise estos datos: Identificador (letras sin tilde, dígitos, . _ : -, sin espacios); Meta de espera (min).');
    const settings = { fairness: { preferential: 2, normal: 1, maxWaitMinutes: 30 }, recallLimit: 2, ratingThreshold: 6, issueRatePerMinute: 10 };
    const badRules = schemaError('set_office_settings', { settings: { ...settings, fairness: { ...settings.fairness, normal: null } }, preferentialClasses: [{ id: 'mayor', name: { es: 'Adulto mayor', en: 'Senior' } }, { id: 'con espacio', name: { es: 'X', en: 'X' } }] });
    expect(supervisorError(texts('es'), badRules)).toBe('Revise estos datos: Normales; Clase preferencial 2: Identificador (letras sin tilde, dígitos, . _ : -, sin espacios).');
    // A path this console does not know is named as the hub wrote it; a failure with no details keeps the hub's message.
    expect(supervisorError(texts('en'), new HubError(ErrorCode.INVALID_MESSAGE, 'invalid x payload', [{ path: 'newField', message: 'Required' }]))).toBe('Check these fields: newField.');
    expect(supervisorError(texts('en'), new HubError(ErrorCode.INVALID_MESSAGE, 'message must be {id, type, payload}'))).toBe('Invalid data: message must be {id, type, payload}');
  });

  it('has a sentence in both languages for every refusal, with no placeholder left unfilled', () => {
    const samples: Refusal[] = [
      { reason: 'unknown_group' },
      { reason: 'prefix_in_use', prefix: 'F', service: 'Facturación' },
      { reason: 'service_has_waiting' },
      { reason: 'unknown_services', services: 'a, b' },
      { reason: 'service_listed_twice' },
      { reason: 'counter_needs_name' },
      { reason: 'preferential_ids_repeated' },
      { reason: 'fairness_all_zero' },
      { reason: 'preferential_class_in_use' },
      { reason: 'password_required' },
      { reason: 'username_taken', username: 'ana' },
      { reason: 'cannot_demote_self' },
      { reason: 'printer_only_kiosk' },
      { reason: 'keypad_needs_counter' },
      { reason: 'range_inverted' },
      { reason: 'range_too_long' },
    ];
    for (const lang of ['es', 'en'] as const) {
      const said = samples.map((r) => supervisorError(texts(lang), refused(r, 'english message')));
      for (const t of said) expect(t).not.toMatch(/[{}]|english message|^sup\./);
      expect(new Set(said).size).toBe(samples.length);
    }
  });
});

describe('audit rows', () => {
  it('name what changed as people know it, falling back to the recorded id', () => {
    expect(auditTargetName('0190f4c2-user', { id: '0190f4c2-user', username: 'mrojas', displayName: 'María Rojas' }, 'es')).toBe('María Rojas');
    expect(auditTargetName('medidores', service('medidores', 'M'), 'en')).toBe(service('medidores', 'M').name.en);
    expect(auditTargetName('modulo-5', { id: 'modulo-5', name: 'Módulo 5', serviceIds: [] }, 'es')).toBe('Módulo 5');
    expect(auditTargetName('settings', { fairness: { preferential: 2, normal: 1 } }, 'es')).toBe('settings');
    // The rules are recorded against the office's id: the console says the office's name.
    const office = { id: 'cucuta-centro', name: 'CENS Cúcuta — Oficina Centro' };
    expect(auditTargetName('cucuta-centro', { settings: {}, preferentialClasses: [] }, 'es', office)).toBe('CENS Cúcuta — Oficina Centro');
    expect(auditTargetName('modulo-5', { id: 'modulo-5', name: 'Módulo 5', serviceIds: [] }, 'es', office)).toBe('Módulo 5');
    expect(auditTargetName('otra-oficina', null, 'es', office)).toBe('otra-oficina');
    expect(auditTargetName('x', null, 'es')).toBe('x');
    expect(auditTargetName('x', { name: { es: '' } }, 'es')).toBe('x');
  });

  it('word every action the hub records, in both languages; an unknown one stays a code', () => {
    for (const action of AUDIT_ACTIONS) {
      expect(isAuditAction(action)).toBe(true);
      const key = `sup.audit.action.${action}`;
      expect((es as Record<string, string>)[key]).toBeTruthy();
      expect((en as Record<string, string>)[key]).toBeTruthy();
    }
    expect(isAuditAction('delete_everything')).toBe(false);
  });
});
