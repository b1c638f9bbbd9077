import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PrinterSimulator, receiptText } from '@turnero/hardware';
import { ErrorCode, HubError, type HubEvent } from '@turnero/protocol';
import { connect, key, pairDevice, signIn, startTestHub, until, type TestHub } from '../../test/index.ts';
import { HubPrinting } from '../printing/hub-printing.ts';
import { startHub, type Hub } from '../hub.ts';

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

const codeOf = (e: unknown) => (e instanceof HubError ? e.code : String(e));

async function kioskWithPrinter(uri: string | null) {
  const { client: admin } = await signIn(t.hub.wsUrl, 'admin');
  const { code } = await admin.request('create_pairing_code', { kind: 'kiosk', name: 'Kiosco navegador', counterId: null });
  const kiosk = await connect(t.hub.wsUrl);
  const paired = await kiosk.request('pair_device', { code, name: 'Kiosco navegador' });
  const { device } = await admin.request('configure_device', { deviceId: paired.principal.id, printerUri: uri, paperWidth: 80 });
  expect(device?.printerUri).toBe(uri);
  return { kiosk, admin, deviceId: paired.principal.id };
}

describe('printing through the hub (a browser kiosk and a network printer)', () => {
  it('prints the ticket the kiosk issued: the simulator decodes the same number, service and QR', async () => {
    const { kiosk, admin } = await kioskWithPrinter(printer.uri);
    const issued = await kiosk.request('issue_ticket', { serviceId: 'reclamos', preferentialClass: 'pregnant', accountNumber: '99001122', lang: 'es', idempotencyKey: key() });
    const next = printer.nextReceipt(5000);
    expect(await kiosk.request('print_ticket', { ticketId: issued.ticket.id, lang: 'es' })).toMatchObject({ printed: true });
    const receipt = await next;
    const text = receiptText(receipt);
    expect(text).toContain(issued.ticket.number);
    expect(text).toContain('Reclamos');
    expect(text).toContain('Mujer embarazada');
    expect(text).not.toContain('99001122');
    expect(receipt.qr).toEqual([issued.statusUrl]);
    expect(t.hub.store.ticketById(issued.ticket.id)?.ticket.printed).toBe('printed');
    kiosk.stop();
    admin.stop();
  });

  it('one ticket printed once: a second request while its print runs shares it, and one “unless printed” (a restarted kiosk, a retry after a lost answer) prints nothing more', async () => {
    const { kiosk, admin } = await kioskWithPrinter(printer.uri);
    const issued = await kiosk.request('issue_ticket', { serviceId: 'reclamos', preferentialClass: null, accountNumber: null, lang: 'es', idempotencyKey: key() });
    const before = printer.receipts.length;
    const both = await Promise.all([kiosk.request('print_ticket', { ticketId: issued.ticket.id, lang: 'es' }), kiosk.request('print_ticket', { ticketId: issued.ticket.id, lang: 'es', unlessPrinted: true })]);
    expect(both).toEqual([expect.objectContaining({ printed: true }), expect.objectContaining({ printed: true })]);
    expect(await kiosk.request('print_ticket', { ticketId: issued.ticket.id, lang: 'es', unlessPrinted: true })).toMatchObject({ printed: true, already: true });
    await new Promise((r) => setTimeout(r, 300));
    expect(printer.receipts.length).toBe(before + 1);
    // Asked for on purpose (the customer lost it), it prints again.
    await kiosk.request('print_ticket', { ticketId: issued.ticket.id, lang: 'es' });
    await until(() => printer.receipts.length === before + 2);
    kiosk.stop();
    admin.stop();
  });

  it('paper out: PRINT_FAILED with the printer code, the supervisor is told, the ticket stays valid; after recovery it prints', async () => {
    const { kiosk, admin } = await kioskWithPrinter(printer.uri);
    const { client: sup } = await signIn(t.hub.wsUrl, 'supervisor');
    const seen: HubEvent[] = [];
    await sup.subscribe({ onEvent: (e) => seen.push(e) });
    const issued = await kiosk.request('issue_ticket', { serviceId: 'pagos', preferentialClass: null, accountNumber: null, lang: 'es', idempotencyKey: key() });
    printer.setPaper('out');
    const before = printer.receipts.length;
    const failure = await kiosk.request('print_ticket', { ticketId: issued.ticket.id, lang: 'es' }).catch((e: unknown) => e);
    expect(codeOf(failure)).toBe(ErrorCode.PRINT_FAILED);
    expect((failure as HubError).details).toEqual({ printerCode: 'PRINTER_PAPER_OUT' });
    expect(printer.receipts.length).toBe(before);
    await until(() => seen.some((e) => e.type === 'print_reported' && e.ticketId === issued.ticket.id && e.outcome === 'failed'));
    await until(() => seen.some((e) => e.type === 'device_health' && e.health.printer?.paperOut === true));
    expect(t.hub.engine.state('cucuta-centro').active.get(issued.ticket.id)?.status).toBe('waiting');
    printer.setPaper('ok');
    expect(await kiosk.request('print_ticket', { ticketId: issued.ticket.id, lang: 'en' })).toMatchObject({ printed: true });
    expect(receiptText(printer.lastReceipt()!)).toContain('Payments');
    for (const c of [kiosk, admin, sup]) c.stop();
  });

  it('the printer runs out of paper right after a ticket came out: recorded printed (not failed), the kiosk told so, the supervisor sees the printer out of paper', async () => {
    const { kiosk, admin, deviceId } = await kioskWithPrinter(printer.uri);
    const { client: sup } = await signIn(t.hub.wsUrl, 'supervisor');
    const seen: HubEvent[] = [];
    await sup.subscribe({ onEvent: (e) => seen.push(e) });
    const issued = await kiosk.request('issue_ticket', { serviceId: 'pagos', preferentialClass: null, accountNumber: null, lang: 'es', idempotencyKey: key() });

    printer.runOutAfterNextJob();
    const before = printer.receipts.length;
    expect(await kiosk.request('print_ticket', { ticketId: issued.ticket.id, lang: 'es' })).toEqual({ printed: true, warning: 'PRINTER_PAPER_OUT' });
    expect(printer.receipts.length).toBe(before + 1);
    expect(t.hub.store.ticketById(issued.ticket.id)?.ticket.printed).toBe('printed');
    await until(() => seen.some((e) => e.type === 'print_reported' && e.ticketId === issued.ticket.id));
    expect(seen.filter((e) => e.type === 'print_reported' && e.ticketId === issued.ticket.id)).toEqual([expect.objectContaining({ outcome: 'printed', errorCode: null })]);
    await until(() => seen.some((e) => e.type === 'device_health' && e.deviceId === deviceId && e.health.printer?.paperOut === true));
    // A restarted kiosk asking "unless printed" gets no second paper once the roll is refilled.
    printer.setPaper('ok');
    expect(await kiosk.request('print_ticket', { ticketId: issued.ticket.id, lang: 'es', unlessPrinted: true })).toMatchObject({ printed: true, already: true });
    expect(printer.receipts.length).toBe(before + 1);
    for (const c of [kiosk, admin, sup]) c.stop();
  });

  it('a print that failed after its job reached the printer says so (sent): the kiosk asks whether it came out instead of printing a second one', async () => {
    const { kiosk, admin } = await kioskWithPrinter(printer.uri);
    const issued = await kiosk.request('issue_ticket', { serviceId: 'pagos', preferentialClass: null, accountNumber: null, lang: 'es', idempotencyKey: key() });
    // The printer took the job and never confirmed it (its confirmation is what a real one withholds).
    const spy = vi.spyOn(HubPrinting.prototype, 'print').mockResolvedValueOnce({ ok: false, code: 'PRINTER_TIMEOUT', message: 'no confirmation of the job', sent: true });
    try {
      const doubt = await kiosk.request('print_ticket', { ticketId: issued.ticket.id, lang: 'es' }).catch((e: unknown) => e);
      expect(codeOf(doubt)).toBe(ErrorCode.PRINT_FAILED);
      expect((doubt as HubError).details).toEqual({ printerCode: 'PRINTER_TIMEOUT', sent: true });
    } finally {
      spy.mockRestore();
    }
    for (const c of [kiosk, admin]) c.stop();
  });

  it('offline printer and unconfigured kiosk give coded errors; a kiosk cannot print another kiosk’s ticket', async () => {
    const { kiosk, admin } = await kioskWithPrinter('tcp://127.0.0.1:1');
    const issued = await kiosk.request('issue_ticket', { serviceId: 'pagos', preferentialClass: null, accountNumber: null, lang: 'es', idempotencyKey: key() });
    const offline = await kiosk.request('print_ticket', { ticketId: issued.ticket.id, lang: 'es' }).catch((e: unknown) => e);
    expect(codeOf(offline)).toBe(ErrorCode.PRINT_FAILED);
    expect((offline as HubError).details).toEqual({ printerCode: 'PRINTER_OFFLINE' });
    const bare = await kioskWithPrinter(null);
    expect(codeOf(await bare.kiosk.request('print_ticket', { ticketId: issued.ticket.id, lang: 'es' }).catch((e: unknown) => e))).toBe(ErrorCode.PRINTER_NOT_CONFIGURED);
    const other = await kioskWithPrinter(printer.uri);
    expect(codeOf(await other.kiosk.request('print_ticket', { ticketId: issued.ticket.id, lang: 'es' }).catch((e: unknown) => e))).toBe(ErrorCode.NOT_FOUND);
    for (const c of [kiosk, admin, bare.kiosk, bare.admin, other.kiosk, other.admin]) c.stop();
  });

  it('a kiosk reports prints of its own tickets only; another kiosk’s report is NOT_FOUND and writes nothing', async () => {
    const a = await kioskWithPrinter(null);
    const b = await kioskWithPrinter(null);
    const issued = await a.kiosk.request('issue_ticket', { serviceId: 'pagos', preferentialClass: null, accountNumber: null, lang: 'es', idempotencyKey: key() });
    const seq = t.hub.store.lastSeq('cucuta-centro');
    const refused = await b.kiosk.request('report_print', { ticketId: issued.ticket.id, outcome: 'failed', errorCode: 'PRINTER_PAPER_OUT' }).catch((e: unknown) => e);
    expect(codeOf(refused)).toBe(ErrorCode.NOT_FOUND);
    expect(t.hub.store.lastSeq('cucuta-centro')).toBe(seq);
    await a.kiosk.request('report_print', { ticketId: issued.ticket.id, outcome: 'printed', errorCode: null });
    expect(t.hub.store.lastSeq('cucuta-centro')).toBe(seq + 1);
    for (const c of [a.kiosk, a.admin, b.kiosk, b.admin]) c.stop();
  });

  it('the hub looks at its printers between prints: paper out and refilled reach the supervisor with no print at all', async () => {
    const { kiosk, admin, deviceId: kioskId } = await kioskWithPrinter(printer.uri);
    const printerOf = async () => (await admin.request('list_devices', {})).devices.find((d) => d.id === kioskId)?.health.printer;
    await t.hub.gateway.checkHubPrinters();
    expect(await printerOf()).toMatchObject({ online: true, paperOut: false });
    const seq = t.hub.store.lastSeq('cucuta-centro');
    await t.hub.gateway.checkHubPrinters(); // nothing changed: nothing written
    expect(t.hub.store.lastSeq('cucuta-centro')).toBe(seq);
    printer.setPaper('out');
    try {
      await t.hub.gateway.checkHubPrinters();
      expect(await printerOf()).toMatchObject({ paperOut: true, errorCode: 'PRINTER_PAPER_OUT' });
    } finally {
      printer.setPaper('ok');
    }
    await t.hub.gateway.checkHubPrinters();
    expect(await printerOf()).toMatchObject({ online: true, paperOut: false, errorCode: null });
    kiosk.stop();
    admin.stop();
  });

  it('a printer that cannot be asked (a device file) keeps one health through prints and checks: nothing written twice', async () => {
    const { kiosk, admin, deviceId } = await kioskWithPrinter('/dev/null');
    const issued = await kiosk.request('issue_ticket', { serviceId: 'pagos', preferentialClass: null, accountNumber: null, lang: 'es', idempotencyKey: key() });
    expect(await kiosk.request('print_ticket', { ticketId: issued.ticket.id, lang: 'es' })).toMatchObject({ printed: true });
    const health = (await admin.request('list_devices', {})).devices.find((d) => d.id === deviceId)?.health.printer;
    expect(health).toEqual({ online: true, paperOut: null, paperNearEnd: null, coverOpen: null, errorCode: null });
    const seq = t.hub.store.lastSeq('cucuta-centro');
    await t.hub.gateway.checkHubPrinters();
    expect(t.hub.store.lastSeq('cucuta-centro')).toBe(seq);
    kiosk.stop();
    admin.stop();
  });

  it('configuring a kiosk’s printer publishes its real connection state: an offline kiosk stays offline on the supervisor’s board', async () => {
    const token = await pairDevice(t.hub.wsUrl, 'kiosk', 'Kiosco apagado');
    const { client: admin } = await signIn(t.hub.wsUrl, 'admin');
    const deviceOf = async (id: string) => (await admin.request('list_devices', {})).devices.find((d) => d.id === id);
    const id = (await admin.request('list_devices', {})).devices.find((d) => d.name === 'Kiosco apagado')!.id;
    await until(() => !t.hub.gateway.isDeviceOnline(id), 5000, 'the paired kiosk to be gone');
    const seen: HubEvent[] = [];
    await admin.subscribe({ onEvent: (e) => seen.push(e) });
    await admin.request('configure_device', { deviceId: id, printerUri: printer.uri, paperWidth: 80 });
    await until(() => seen.some((e) => e.type === 'device_health' && e.deviceId === id), 5000, 'the device_health event');
    expect(seen.filter((e) => e.type === 'device_health' && e.deviceId === id).map((e) => e.type === 'device_health' && e.online)).toEqual([false]);
    expect((await deviceOf(id))?.online).toBe(false);
    // Connected, it is configured as online.
    const kiosk = await connect(t.hub.wsUrl, { kind: 'device', token });
    const healthOf = () => seen.filter((e) => e.type === 'device_health' && e.deviceId === id).map((e) => e.type === 'device_health' && e.online);
    await until(() => healthOf().length === 2, 5000, 'the kiosk coming online');
    await admin.request('configure_device', { deviceId: id, printerUri: null, paperWidth: 80 });
    await until(() => healthOf().length === 3, 5000, 'the second configuration’s device_health event');
    expect(healthOf()).toEqual([false, true, true]);
    kiosk.stop();
    admin.stop();
  });

  it('prints a callback receipt instead of a turn', async () => {
    const { kiosk, admin } = await kioskWithPrinter(printer.uri);
    const { callback } = await kiosk.request('request_callback', { serviceId: 'reclamos', name: 'María José Núñez', phone: '3001234567', reason: 'Revisión de factura', idempotencyKey: key() });
    const next = printer.nextReceipt(5000);
    await kiosk.request('print_callback_receipt', { callbackId: callback.id, lang: 'es' });
    const text = receiptText(await next);
    expect(text).toContain(callback.reference);
    expect(text).toContain('María José Núñez');
    expect(text).not.toContain('3001234567');
    kiosk.stop();
    admin.stop();
  });

  it('one callback receipt printed once: a retry “unless printed” after the link dropped mid-print shares the running print or prints nothing more', async () => {
    const { kiosk, admin } = await kioskWithPrinter(printer.uri);
    const { callback } = await kiosk.request('request_callback', { serviceId: 'reclamos', name: 'Ana Pérez', phone: '3001112233', reason: 'Cambio de titular', idempotencyKey: key() });
    const before = printer.receipts.length;
    const both = await Promise.all([
      kiosk.request('print_callback_receipt', { callbackId: callback.id, lang: 'es' }),
      kiosk.request('print_callback_receipt', { callbackId: callback.id, lang: 'es', unlessPrinted: true }),
    ]);
    expect(both).toEqual([expect.objectContaining({ printed: true }), expect.objectContaining({ printed: true })]);
    expect(await kiosk.request('print_callback_receipt', { callbackId: callback.id, lang: 'es', unlessPrinted: true })).toMatchObject({ printed: true, already: true });
    await new Promise((r) => setTimeout(r, 300));
    expect(printer.receipts.length).toBe(before + 1);
    // Asked for on purpose (the customer lost it, or it never came out), it prints again.
    await kiosk.request('print_callback_receipt', { callbackId: callback.id, lang: 'es' });
    await until(() => printer.receipts.length === before + 2);
    kiosk.stop();
    admin.stop();
  });

  it('a callback receipt that failed is printed by a retry “unless printed”: only paper that came out counts', async () => {
    const { kiosk, admin } = await kioskWithPrinter(printer.uri);
    const { callback } = await kiosk.request('request_callback', { serviceId: 'reclamos', name: 'Ana Pérez', phone: '3001112233', reason: 'Cambio de titular', idempotencyKey: key() });
    printer.setPaper('out');
    try {
      const failure = await kiosk.request('print_callback_receipt', { callbackId: callback.id, lang: 'es' }).catch((e: unknown) => e);
      expect(codeOf(failure)).toBe(ErrorCode.PRINT_FAILED);
    } finally {
      printer.setPaper('ok');
    }
    const next = printer.nextReceipt(5000);
    expect(await kiosk.request('print_callback_receipt', { callbackId: callback.id, lang: 'es', unlessPrinted: true })).not.toHaveProperty('already');
    expect(receiptText(await next)).toContain(callback.reference);
    kiosk.stop();
    admin.stop();
  });
});

describe('a callback receipt that came out is remembered by the database', () => {
  it('a kiosk’s retry “unless printed” after the hub restarted gets no second receipt', async () => {
    const t1 = await startTestHub({ printerTimeoutMs: 500, printTimeoutMs: 1500 });
    const receiptPrinter = await PrinterSimulator.start({ host: '127.0.0.1', port: 0 });
    let restarted: Hub | null = null;
    try {
      const token = await pairDevice(t1.hub.wsUrl, 'kiosk', 'Kiosco entrada');
      const kiosk = await connect(t1.hub.wsUrl, { kind: 'device', token });
      const { client: admin } = await signIn(t1.hub.wsUrl, 'admin');
      await admin.request('configure_device', { deviceId: kiosk.principal!.id, printerUri: receiptPrinter.uri, paperWidth: 80 });
      admin.stop();
      const { callback } = await kiosk.request('request_callback', { serviceId: 'reclamos', name: 'Ana Pérez', phone: '3001112233', reason: 'Cambio de titular', idempotencyKey: key() });
      expect(await kiosk.request('print_callback_receipt', { callbackId: callback.id, lang: 'es' })).toMatchObject({ printed: true });
      kiosk.stop();
      const papers = receiptPrinter.receipts.length;
      // The answer was lost with the link, and the hub restarts before the kiosk asks again.
      await t1.hub.close();
      restarted = await startHub({ dbPath: join(t1.dir, 'hub.db'), log: () => {}, printerTimeoutMs: 500, printTimeoutMs: 1500 });
      const again = await connect(restarted.wsUrl, { kind: 'device', token });
      expect(await again.request('print_callback_receipt', { callbackId: callback.id, lang: 'es', unlessPrinted: true })).toMatchObject({ printed: true, already: true });
      again.stop();
      await new Promise((r) => setTimeout(r, 300));
      expect(receiptPrinter.receipts.length).toBe(papers);
    } finally {
      await restarted?.close();
      await receiptPrinter.stop();
      rmSync(t1.dir, { recursive: true, force: true });
    }
  });
});
