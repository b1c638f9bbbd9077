import { receiptFromCallback, ticketFromIssue, type PrintableTicket } from '@turnero/hardware';
import { ErrorCode, HubError, refused, type Device, type DeviceHealth, type HubEvent, type Principal, type RequestPayload, type SequencedEvent } from '@turnero/protocol';
import type { OfficeEngine } from '../office-engine.ts';
import { healthFromPrint, type HubPrinting } from '../printing/hub-printing.ts';
import type { DeviceRow } from '../store/sqlite-store.ts';
import { issueResult } from './issue-result.ts';
import type { HandlerResult } from './queue-handlers.ts';

type Kiosk = Principal;

/** Device configuration and printing through the hub's printer for a kiosk. */
export function deviceHandlers(engine: OfficeEngine, printing: HubPrinting, devices: (officeId: string) => Device[]) {
  const store = engine.store;
  /** The print running for each ticket (a second request for it waits for that one). */
  const ticketPrints = new Map<string, Promise<HandlerResult>>();
  /** The same for callback receipts. */
  const receiptPrints = new Map<string, Promise<HandlerResult>>();
  /** One print of `id` at a time: a request while one runs gets that print's answer, without its events (published once, with the first). */
  async function oncePerId(prints: Map<string, Promise<HandlerResult>>, id: string, print: () => Promise<HandlerResult>): Promise<HandlerResult> {
    const running = prints.get(id);
    if (running) {
      return running.then(
        ({ data }) => ({ data, events: [] }),
        (error: unknown) => {
          throw error instanceof HubError ? new HubError(error.code, error.message, error.details) : error;
        },
      );
    }
    const job = print();
    prints.set(id, job);
    try {
      return await job;
    } finally {
      prints.delete(id);
    }
  }

  function kioskRow(p: Kiosk): DeviceRow & { printerUri: string } {
    const row = store.deviceById(p.id);
    if (!row?.printerUri) throw new HubError(ErrorCode.PRINTER_NOT_CONFIGURED, 'this kiosk has no printer configured at the hub');
    return row as DeviceRow & { printerUri: string };
  }

  /** A ticket this kiosk issued; another kiosk's (or none) is NOT_FOUND. */
  function ownTicket(p: Kiosk, ticketId: string) {
    const stored = store.ticketById(ticketId);
    if (!stored || stored.ticket.officeId !== p.officeId || store.ticketDeviceId(ticketId) !== p.id) throw new HubError(ErrorCode.NOT_FOUND, 'this kiosk issued no such ticket');
    return stored;
  }

  /**
   * A device's health, saved and published as one `device_health` event (the supervisor's board),
   * after `before` (events of the same decision) and with `alsoWrite` in the same transaction.
   */
  function recordHealth(officeId: string, deviceId: string, online: boolean, health: DeviceHealth, before: HubEvent[] = [], alsoWrite: () => void = () => {}): SequencedEvent[] {
    const now = engine.clock();
    return engine.execute(officeId, () => [...before, { type: 'device_health', at: now, deviceId, online, health }], {
      extraWrites: () => {
        store.saveDeviceHealth(deviceId, health, now);
        alsoWrite();
      },
    });
  }

  /** Prints, records the outcome as an event (supervisors see failures at once) and the printer's health. */
  async function printAndRecord(p: Kiosk, row: DeviceRow & { printerUri: string }, printable: PrintableTicket, ticketId: string | null, callbackId: string | null = null): Promise<HandlerResult> {
    const result = await printing.print(row.printerUri, row.paperWidth, printable);
    const health = { ...row.health, printer: healthFromPrint(result) };
    const outcome = result.ok ? ('printed' as const) : ('failed' as const);
    const reported: HubEvent[] = ticketId ? [{ type: 'print_reported', at: engine.clock(), ticketId, outcome, errorCode: result.ok ? null : result.code }] : [];
    const events = recordHealth(p.officeId, p.id, true, health, reported, () => {
      const stored = ticketId ? store.ticketById(ticketId) : null;
      if (stored && !engine.state(p.officeId).active.has(stored.ticket.id)) store.updateTicket({ ...stored.ticket, printed: outcome });
      // A receipt that came out is stored as such: a retry "unless printed" is answered from it, also after a restart.
      if (callbackId !== null && result.ok) store.markReceiptPrinted(callbackId, engine.clock());
    });
    if (!result.ok) {
      // NOTE: the events above are published with this error: the failure is recorded even though the kiosk gets an error.
      // `sent`: the job reached the printer before it failed, so the paper may be out: the kiosk asks instead of printing again.
      throw Object.assign(new HubError(ErrorCode.PRINT_FAILED, result.message, { printerCode: result.code, ...(result.sent ? { sent: true } : {}) }), { events });
    }
    return { data: { printed: true, warning: result.warning }, events };
  }

  return {
    /**
     * Asks each printer the hub prints on for its state and records a change (paper out, refilled,
     * cover, unreachable) as device health, so the supervisor sees it before a customer meets it —
     * not only at the next print. Returns the events written (nothing when no printer changed).
     */
    async checkPrinters(officeId: string, isOnline: (deviceId: string) => boolean): Promise<SequencedEvent[]> {
      const written: SequencedEvent[] = [];
      for (const row of store.devicesOf(officeId)) {
        if (row.kind !== 'kiosk' || row.revoked || !row.printerUri) continue;
        const printer = await printing.status(row.printerUri, row.paperWidth);
        const current = store.deviceById(row.id); // it may have changed while the printer answered
        if (!current || current.revoked || current.printerUri !== row.printerUri) continue;
        if (JSON.stringify(current.health.printer ?? null) === JSON.stringify(printer)) continue;
        written.push(...recordHealth(officeId, row.id, isOnline(row.id), { ...current.health, printer }));
      }
      return written;
    },

    /** A device reports its own health (a kiosk's printer, a display, a keypad station). */
    report_health(p: Principal, health: RequestPayload<'report_health'>): HandlerResult {
      return { data: {}, events: recordHealth(p.officeId, p.id, true, health) };
    },

    configure_device(p: Principal, payload: RequestPayload<'configure_device'>): HandlerResult {
      const row = store.deviceById(payload.deviceId);
      if (!row || row.officeId !== p.officeId) throw new HubError(ErrorCode.NOT_FOUND, 'no such device');
      if (payload.printerUri !== null && row.kind !== 'kiosk') throw refused({ reason: 'printer_only_kiosk' }, 'only kiosks have printers');
      const now = engine.clock();
      // Its connection as the hub sees it: configuring a switched-off kiosk does not make it online.
      const online = devices(p.officeId).some((d) => d.id === row.id && d.online);
      const events = engine.execute(p.officeId, () => [{ type: 'device_health', at: now, deviceId: row.id, online, health: row.health }], {
        extraWrites: () => store.configureDevice(row.id, payload.printerUri, payload.paperWidth),
      });
      const device = devices(p.officeId).find((d) => d.id === row.id);
      return { data: { device }, events };
    },

    /**
     * One print a ticket at a time: a request while its print runs gets that print's answer (two
     * taps, a kiosk restarted mid-print). `unlessPrinted` asks for paper only if none came out.
     */
    async print_ticket(p: Kiosk, payload: RequestPayload<'print_ticket'>): Promise<HandlerResult> {
      const row = kioskRow(p);
      const stored = ownTicket(p, payload.ticketId);
      const state = engine.state(p.officeId);
      const live = state.active.get(stored.ticket.id) ?? stored.ticket;
      if (!ticketPrints.has(live.id) && payload.unlessPrinted && live.printed === 'printed') return { data: { printed: true, warning: null, already: true } };
      return oncePerId(ticketPrints, live.id, () => printAndRecord(p, row, ticketFromIssue(issueResult(state, live, stored.statusToken), payload.lang, state.preferentialClasses), live.id));
    },

    /** A kiosk printing on its own printer reports the outcome of one of its tickets. */
    report_print(p: Kiosk, { ticketId, outcome, errorCode }: RequestPayload<'report_print'>): HandlerResult {
      const stored = ownTicket(p, ticketId);
      const events = engine.execute(p.officeId, (_s, c) => [{ type: 'print_reported', at: c.now, ticketId, outcome, errorCode }], {
        extraWrites: () => {
          if (!engine.state(p.officeId).active.has(ticketId)) store.updateTicket({ ...stored.ticket, printed: outcome });
        },
      });
      return { data: {}, events };
    },

    /** As `print_ticket`: one print of a receipt at a time, and `unlessPrinted` prints only if none came out. */
    async print_callback_receipt(p: Kiosk, payload: RequestPayload<'print_callback_receipt'>): Promise<HandlerResult> {
      const row = kioskRow(p);
      const found = store.callbackById(payload.callbackId);
      if (!found || found.deviceId !== p.id) throw new HubError(ErrorCode.NOT_FOUND, 'this kiosk recorded no such callback request');
      const id = found.callback.id;
      if (!receiptPrints.has(id) && payload.unlessPrinted && found.receiptPrintedAt !== null) return { data: { printed: true, warning: null, already: true } };
      const state = engine.state(p.officeId);
      const service = found.callback.serviceId ? state.services.get(found.callback.serviceId) : undefined;
      const printable = receiptFromCallback(found.callback, state.office, service ? service.name[payload.lang] : null, payload.lang);
      return oncePerId(receiptPrints, id, () => printAndRecord(p, row, printable, null, id));
    },
  };
}
