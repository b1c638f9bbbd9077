import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrinterSimulator } from '@turnero/hardware';
import type { HubEvent } from '@turnero/protocol';
import { connect, key, signIn, startTestHub, until, type TestHub } from '../../test/index.ts';
import { healthFromPrint } from './hub-printing.ts';

describe('healthFromPrint', () => {
  it('a ticket that came out with the roll empty after it: the printer needs paper (the supervisor is told), like a failed print', () => {
    const paperOut = { online: true, paperOut: true, paperNearEnd: null, coverOpen: null, errorCode: 'PRINTER_PAPER_OUT' };
    expect(healthFromPrint({ ok: true, verified: true, warning: 'PRINTER_PAPER_OUT' })).toEqual(paperOut);
    expect(healthFromPrint({ ok: false, code: 'PRINTER_PAPER_OUT', message: 'out', sent: false })).toEqual(paperOut);
    expect(healthFromPrint({ ok: true, verified: true, warning: 'PRINTER_COVER_OPEN' })).toMatchObject({ coverOpen: true, errorCode: 'PRINTER_COVER_OPEN' });
    expect(healthFromPrint({ ok: true, verified: true, warning: 'PRINTER_TIMEOUT' })).toMatchObject({ online: false, errorCode: 'PRINTER_TIMEOUT' });
  });

  it('paper near end is a healthy printer running low; an unverified print tells nothing', () => {
    expect(healthFromPrint({ ok: true, verified: true, warning: 'PRINTER_PAPER_NEAR_END' })).toEqual({ online: true, paperOut: false, paperNearEnd: true, coverOpen: false, errorCode: null });
    expect(healthFromPrint({ ok: true, verified: true, warning: null })).toEqual({ online: true, paperOut: false, paperNearEnd: false, coverOpen: false, errorCode: null });
    expect(healthFromPrint({ ok: true, verified: false, warning: null })).toEqual({ online: true, paperOut: null, paperNearEnd: null, coverOpen: null, errorCode: null });
  });
});

describe('the hub’s printer runs out of paper right after a kiosk’s ticket came out', () => {
  let t: TestHub;
  let printer: PrinterSimulator;
  beforeAll(async () => {
    t = await startTestHub({ printerTimeoutMs: 500, printTimeoutMs: 1500 });
    printer = await PrinterSimulator.start({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await printer.stop();
    await t.close();
  });

  it('the ticket is recorded printed (not failed) and the kiosk told so; the supervisor sees the printer out of paper', async () => {
    const { client: admin } = await signIn(t.hub.wsUrl, 'admin');
    const { client: sup } = await signIn(t.hub.wsUrl, 'supervisor');
    const seen: HubEvent[] = [];
    await sup.subscribe({ onEvent: (e) => seen.push(e) });
    const { code } = await admin.request('create_pairing_code', { kind: 'kiosk', name: 'Kiosco navegador', counterId: null });
    const kiosk = await connect(t.hub.wsUrl);
    const paired = await kiosk.request('pair_device', { code, name: 'Kiosco navegador' });
    await admin.request('configure_device', { deviceId: paired.principal.id, printerUri: printer.uri, paperWidth: 80 });
    const issued = await kiosk.request('issue_ticket', { serviceId: 'pagos', preferentialClass: null, accountNumber: null, lang: 'es', idempotencyKey: key() });

    printer.runOutAfterNextJob();
    const before = printer.receipts.length;
    expect(await kiosk.request('print_ticket', { ticketId: issued.ticket.id, lang: 'es' })).toEqual({ printed: true, warning: 'PRINTER_PAPER_OUT' });
    expect(printer.receipts.length).toBe(before + 1);
    expect(t.hub.store.ticketById(issued.ticket.id)?.ticket.printed).toBe('printed');
    await until(() => seen.some((e) => e.type === 'print_reported' && e.ticketId === issued.ticket.id));
    expect(seen.filter((e) => e.type === 'print_reported' && e.ticketId === issued.ticket.id)).toEqual([expect.objectContaining({ outcome: 'printed', errorCode: null })]);
    await until(() => seen.some((e) => e.type === 'device_health' && e.deviceId === paired.principal.id && e.health.printer?.paperOut === true));
    // A restarted kiosk asking "unless printed" gets no second paper once the roll is refilled.
    printer.setPaper('ok');
    expect(await kiosk.request('print_ticket', { ticketId: issued.ticket.id, lang: 'es', unlessPrinted: true })).toMatchObject({ printed: true, already: true });
    expect(printer.receipts.length).toBe(before + 1);
    for (const c of [kiosk, admin, sup]) c.stop();
  });
});
