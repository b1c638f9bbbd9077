import { describe, expect, it, vi } from 'vitest';
import { ErrorCode, HubError, type RequestType } from '@turnero/protocol';
import type { HubClient } from '@turnero/protocol/client';
import type { BridgePrintResult, KioskBridge } from '../main/ipc-channels.ts';
import { BridgePrinting, choosePrinting, HUB_PRINT_ANSWER_MS, HubPrinting } from '../renderer/lib/printing.ts';
import { callback, issueResult, snapshot } from './fixtures.ts';

/** A hub that records requests and answers (or refuses) print requests as scripted. */
function fakeHub(answer: (type: RequestType) => unknown = () => ({})) {
  const sent: { type: RequestType; payload: unknown }[] = [];
  const hub = {
    request: vi.fn(async (type: RequestType, payload: unknown) => {
      sent.push({ type, payload });
      const a = answer(type);
      if (a instanceof Error) throw a;
      return a;
    }),
  } as unknown as Pick<HubClient, 'request'>;
  return { hub, sent };
}

function fakeBridge(result: BridgePrintResult | Error) {
  const jobs: unknown[] = [];
  const run = async (job: unknown) => {
    jobs.push(job);
    if (result instanceof Error) throw result;
    return result;
  };
  const bridge: KioskBridge = {
    printTicket: run,
    printCallbackReceipt: run,
    printerStatus: async () => ({ configured: true, status: { online: true, paperOut: false, paperNearEnd: false, coverOpen: false, errorCode: null } }),
  };
  return { bridge, jobs };
}

const flushReports = () => new Promise((r) => setTimeout(r, 0));

describe('printing through the hub (plain browser)', () => {
  it('asks the hub to print and turns its coded errors into print failures', async () => {
    const { hub, sent } = fakeHub((type) => (type === 'print_ticket' ? new HubError(ErrorCode.PRINT_FAILED, 'paper', { printerCode: 'PRINTER_PAPER_OUT' }) : { printed: true, warning: null }));
    const printing = new HubPrinting(hub);
    expect(await printing.printTicket(issueResult('F-010'), 'en')).toEqual({ ok: false, failure: 'PRINTER_PAPER_OUT', maybePrinted: false });
    expect(await printing.printCallbackReceipt(callback(), 'es')).toEqual({ ok: true });
    expect(sent).toEqual([
      { type: 'print_ticket', payload: { ticketId: 't-F-010', lang: 'en' } },
      { type: 'print_callback_receipt', payload: { callbackId: 'cb-1', lang: 'es' } },
    ]);
    // The hub's printer deadlines add up to about 25 s: the kiosk waits longer than its usual 10 s.
    expect(vi.mocked(hub.request).mock.calls.map((c) => c[2])).toEqual([{ timeoutMs: HUB_PRINT_ANSWER_MS }, { timeoutMs: HUB_PRINT_ANSWER_MS }]);
  });

  it('a print that may have come out already (a retry after the link dropped) asks the hub for paper only if none did: ticket and callback receipt alike', async () => {
    const { hub, sent } = fakeHub(() => ({ printed: true, warning: null, already: true }));
    const printing = new HubPrinting(hub);
    expect(await printing.printTicket(issueResult('F-016'), 'es', { unlessPrinted: true })).toEqual({ ok: true });
    expect(await printing.printCallbackReceipt(callback(), 'es', { unlessPrinted: true })).toEqual({ ok: true });
    expect(await printing.printCallbackReceipt(callback(), 'en', { unlessPrinted: false })).toEqual({ ok: true });
    expect(sent).toEqual([
      { type: 'print_ticket', payload: { ticketId: 't-F-016', lang: 'es', unlessPrinted: true } },
      { type: 'print_callback_receipt', payload: { callbackId: 'cb-1', lang: 'es', unlessPrinted: true } },
      { type: 'print_callback_receipt', payload: { callbackId: 'cb-1', lang: 'en' } },
    ]);
  });

  it('a device with no printer of its own hands “unless printed” on to the hub’s printer for a receipt too', async () => {
    const { hub, sent } = fakeHub(() => ({ printed: true, warning: null }));
    const printing = choosePrinting(fakeBridge({ ok: false, code: 'PRINTER_NOT_CONFIGURED', message: 'none', sent: false }).bridge, hub, () => snapshot());
    expect(await printing.printCallbackReceipt(callback(), 'es', { unlessPrinted: true })).toEqual({ ok: true });
    expect(sent).toEqual([{ type: 'print_callback_receipt', payload: { callbackId: 'cb-1', lang: 'es', unlessPrinted: true } }]);
  });

  it('a hub whose printer had the job when it failed (details.sent) makes the print one in doubt', async () => {
    const { hub } = fakeHub(() => new HubError(ErrorCode.PRINT_FAILED, 'timeout', { printerCode: 'PRINTER_TIMEOUT', sent: true }));
    expect(await new HubPrinting(hub).printTicket(issueResult('F-017'), 'es')).toEqual({ ok: false, failure: 'PRINTER_TIMEOUT', maybePrinted: true });
  });

  it('the customer’s “yes, I have it” is reported to the hub as printed; an unreachable hub does not throw', async () => {
    const { hub, sent } = fakeHub(() => ({}));
    await new HubPrinting(hub).confirmPrinted(issueResult('F-018'));
    expect(sent).toEqual([{ type: 'report_print', payload: { ticketId: 't-F-018', outcome: 'printed', errorCode: null } }]);
    await expect(new HubPrinting(fakeHub(() => new HubError(ErrorCode.OFFLINE, 'offline')).hub).confirmPrinted(issueResult('F-018'))).resolves.toBeUndefined();
  });

  it('is what a plain browser gets', () => {
    expect(choosePrinting(undefined, fakeHub().hub, () => null)).toBeInstanceOf(HubPrinting);
  });
});

describe('printing through the Electron bridge', () => {
  it('sends the hub’s own data, then reports the outcome and the printer’s state to the hub', async () => {
    const { hub, sent } = fakeHub();
    const { bridge, jobs } = fakeBridge({ ok: true, verified: true, warning: null });
    const printing = choosePrinting(bridge, hub, () => snapshot());
    expect(printing).toBeInstanceOf(BridgePrinting);
    expect(await printing.printTicket(issueResult('F-011', { preferentialClass: 'pregnant' }), 'es')).toEqual({ ok: true });
    expect(jobs[0]).toMatchObject({ issue: { ticket: { number: 'F-011' } }, lang: 'es', preferentialClasses: [{ id: 'older_adult' }, { id: 'pregnant' }] });
    await flushReports();
    expect(sent).toEqual([
      { type: 'report_print', payload: { ticketId: 't-F-011', outcome: 'printed', errorCode: null } },
      { type: 'report_health', payload: { printer: { online: true, paperOut: false, paperNearEnd: false, coverOpen: false, errorCode: null } } },
    ]);
  });

  it('reports a failed print with its code; a receipt carries the office and service for the paper', async () => {
    const { hub, sent } = fakeHub();
    const { bridge, jobs } = fakeBridge({ ok: false, code: 'PRINTER_COVER_OPEN', message: 'cover', sent: false });
    const printing = choosePrinting(bridge, hub, () => snapshot());
    expect(await printing.printTicket(issueResult('F-012'), 'es')).toEqual({ ok: false, failure: 'PRINTER_COVER_OPEN', maybePrinted: false });
    expect(await printing.printCallbackReceipt(callback(), 'en')).toEqual({ ok: false, failure: 'PRINTER_COVER_OPEN', maybePrinted: false });
    expect(jobs[1]).toEqual({ callback: callback(), office: { name: 'Oficina Centro', timeZone: 'America/Bogota' }, serviceName: 'Reclamos (en)', lang: 'en' });
    await flushReports();
    expect(sent[0]).toEqual({ type: 'report_print', payload: { ticketId: 't-F-012', outcome: 'failed', errorCode: 'PRINTER_COVER_OPEN' } });
    expect(sent.filter((s) => s.type === 'report_print')).toHaveLength(1);
  });

  it('a failure after the job reached the printer is in doubt (the paper may have come out); the hub gets the failure and, once the customer says so, the paper', async () => {
    const { hub, sent } = fakeHub();
    const printing = choosePrinting(fakeBridge({ ok: false, code: 'PRINTER_PAPER_OUT', message: 'out mid-job', sent: true }).bridge, hub, () => snapshot());
    expect(await printing.printTicket(issueResult('F-019'), 'es')).toEqual({ ok: false, failure: 'PRINTER_PAPER_OUT', maybePrinted: true });
    await flushReports();
    expect(sent[0]).toEqual({ type: 'report_print', payload: { ticketId: 't-F-019', outcome: 'failed', errorCode: 'PRINTER_PAPER_OUT' } });
    await printing.confirmPrinted(issueResult('F-019'));
    expect(sent.at(-1)).toEqual({ type: 'report_print', payload: { ticketId: 't-F-019', outcome: 'printed', errorCode: null } });
  });

  it('“unless printed” goes to the main process with the job (ticket and receipt); its “already” is printed, and reported so (the page that printed it never did)', async () => {
    const { hub, sent } = fakeHub();
    const { bridge, jobs } = fakeBridge({ ok: true, already: true });
    const printing = choosePrinting(bridge, hub, () => snapshot());
    expect(await printing.printTicket(issueResult('F-020'), 'es', { unlessPrinted: true })).toEqual({ ok: true });
    expect(await printing.printCallbackReceipt(callback(), 'es', { unlessPrinted: true })).toEqual({ ok: true });
    await printing.printTicket(issueResult('F-020'), 'es');
    expect(jobs.map((j) => (j as { unlessPrinted?: boolean }).unlessPrinted)).toEqual([true, true, undefined]);
    await flushReports();
    expect(sent[0]).toEqual({ type: 'report_print', payload: { ticketId: 't-F-020', outcome: 'printed', errorCode: null } });
  });

  it('falls back to the hub’s printer when the device has none; a broken bridge is a printer fault', async () => {
    const { hub, sent } = fakeHub(() => ({ printed: true, warning: null }));
    const none = choosePrinting(fakeBridge({ ok: false, code: 'PRINTER_NOT_CONFIGURED', message: 'none', sent: false }).bridge, hub, () => snapshot());
    expect(await none.printTicket(issueResult('F-013'), 'es')).toEqual({ ok: true });
    expect(sent.map((s) => s.type)).toEqual(['print_ticket']);
    const broken = choosePrinting(fakeBridge(new Error('IPC refused')).bridge, fakeHub().hub, () => snapshot());
    expect(await broken.printTicket(issueResult('F-014'), 'es')).toEqual({ ok: false, failure: 'PRINTER_ERROR', maybePrinted: false });
  });

  it('a hub that is unreachable for the report does not change the customer’s outcome', async () => {
    const { hub } = fakeHub(() => new HubError(ErrorCode.OFFLINE, 'offline'));
    const printing = choosePrinting(fakeBridge({ ok: true, verified: false, warning: null }).bridge, hub, () => null);
    expect(await printing.printTicket(issueResult('F-015'), 'es')).toEqual({ ok: true });
    await flushReports();
  });
});
