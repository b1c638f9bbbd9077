import { describe, expect, it } from 'vitest';
import { ErrorCode, HubError, requestPayloads } from '@turnero/protocol';
import { homeSections, longWaitMinutes, servicesAtBooth } from '../renderer/lib/catalog.ts';
import { errorKind } from '../renderer/lib/error-kind.ts';
import { newIdempotencyKey } from '../renderer/lib/idempotency-key.ts';
import { messages } from '../renderer/lib/messages.ts';
import { failureFromHubError, printFailureMessage, PRINTER_FAILURES } from '../renderer/lib/print-failure.ts';
import { snapshot, stat } from './fixtures.ts';

describe('home screen catalog', () => {
  it('groups active services in configured order, drops empty groups and keeps ungrouped services last', () => {
    const sections = homeSections(snapshot(), [stat('reclamos', 4, 40)]);
    expect(sections.map((s) => [s.group?.id ?? null, s.services.map((e) => e.service.id)])).toEqual([
      ['presencial', ['facturacion', 'reclamos']],
      ['virtual', ['video']],
      [null, ['suelto']],
    ]);
    expect(sections[0]!.services[1]!.stats?.waiting).toBe(4);
    expect(sections[0]!.services[0]!.stats).toBeNull();
  });

  it('a lobby kiosk points to the booth for the active video services it does not offer', () => {
    const office = snapshot();
    office.services = office.services.map((s) => (s.id === 'video' ? { ...s, mode: 'video' as const } : s));
    expect(servicesAtBooth(office).map((s) => s.id)).toEqual(['video']);
    office.services = office.services.map((s) => (s.id === 'video' ? { ...s, active: false } : s));
    expect(servicesAtBooth(office)).toEqual([]);
  });

  it('offers a callback only when a known estimate is over the target', () => {
    const reclamos = snapshot().services.find((s) => s.id === 'reclamos')!;
    expect(longWaitMinutes(reclamos, [stat('reclamos', 3, 21)])).toBe(21);
    expect(longWaitMinutes(reclamos, [stat('reclamos', 3, 20)])).toBeNull();
    expect(longWaitMinutes(reclamos, [stat('reclamos', 3, null)])).toBeNull();
    expect(longWaitMinutes(reclamos, [])).toBeNull();
  });
});

describe('coded errors as plain messages', () => {
  it('maps every protocol error code, and an unknown one from a newer hub, to a message that exists', () => {
    for (const code of Object.values(ErrorCode)) expect(messages.es[`error.${errorKind(code)}`]).toBeTruthy();
    expect(errorKind('SOMETHING_NEW')).toBe('generic');
    expect(errorKind(ErrorCode.OFFLINE)).toBe('offline');
    expect(errorKind(ErrorCode.SERVICE_INACTIVE)).toBe('service');
  });

  it('reads the printer code of a PRINT_FAILED error; anything unexpected is a generic printer fault', () => {
    expect(failureFromHubError(new HubError(ErrorCode.PRINT_FAILED, 'x', { printerCode: 'PRINTER_PAPER_OUT' }))).toBe('PRINTER_PAPER_OUT');
    expect(failureFromHubError(new HubError(ErrorCode.PRINT_FAILED, 'x', { printerCode: 'FROM_THE_FUTURE' }))).toBe('PRINTER_ERROR');
    expect(failureFromHubError(new HubError(ErrorCode.PRINT_FAILED, 'x'))).toBe('PRINTER_ERROR');
    expect(failureFromHubError(new HubError(ErrorCode.PRINTER_NOT_CONFIGURED, 'x'))).toBe('PRINTER_NOT_CONFIGURED');
    expect(failureFromHubError(new HubError(ErrorCode.CONNECTION_LOST, 'x'))).toBe('HUB_OFFLINE');
    expect(failureFromHubError(new Error('boom'))).toBe('PRINTER_ERROR');
    for (const f of [...PRINTER_FAILURES, 'PRINTER_NOT_CONFIGURED', 'HUB_OFFLINE', 'INTERRUPTED'] as const) expect(messages.es[printFailureMessage(f)]).toBeTruthy();
    expect(messages.es[printFailureMessage('PRINTER_PAPER_OUT')]).toBe('La impresora se quedó sin papel.');
  });

  it('has the same {placeholders} in Spanish and English', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, es] of Object.entries(messages.es)) expect(names(messages.en[key as keyof typeof messages.en]), key).toEqual(names(es));
  });
});

describe('idempotency keys', () => {
  it('are accepted by the protocol and never repeat', () => {
    const keys = new Set(Array.from({ length: 200 }, () => newIdempotencyKey()));
    expect(keys.size).toBe(200);
    for (const idempotencyKey of keys) {
      expect(requestPayloads.issue_ticket.safeParse({ serviceId: 'pagos', preferentialClass: null, accountNumber: null, lang: 'es', idempotencyKey }).success).toBe(true);
    }
  });
});
