import type { Callback, IssueResult, Lang, OfficeSnapshot } from '@turnero/protocol';
import type { HubClient } from '@turnero/protocol/client';
import type { BridgePrintResult, KioskBridge } from '../../main/ipc-channels.ts';
import { failureFromHubError, maybePrintedByHub, printerFailure, type PrintOutcome } from './print-failure.ts';

/** How the kiosk prints: through the hub's printer (plain browser) or its own (Electron bridge). Never throws. */
export interface KioskPrinting {
  /** `unlessPrinted`: it may have come out already (a restart mid-print, an answer lost): paper only if none did. */
  printTicket(issue: IssueResult, lang: Lang, opts?: { unlessPrinted?: boolean }): Promise<PrintOutcome>;
  /** `unlessPrinted`: as for a ticket (a retry after the link dropped mid-print). */
  printCallbackReceipt(callback: Callback, lang: Lang, opts?: { unlessPrinted?: boolean }): Promise<PrintOutcome>;
  /** The customer says the paper of a print in doubt came out: the hub records the ticket printed. Never throws. */
  confirmPrinted(issue: IssueResult): Promise<void>;
}

type Requester = Pick<HubClient, 'request'>;

/**
 * How long the kiosk waits for the hub to answer a print: the hub's own printer deadlines (connect,
 * status, send, confirm: up to about 25 s) plus a job queued before it on the same printer. Giving up
 * sooner told the customer the print failed while the ticket was still coming out, and a retry then
 * printed it twice.
 */
export const HUB_PRINT_ANSWER_MS = 60_000;

/** The hub prints on the printer an admin configured for this kiosk, and records failures itself. */
export class HubPrinting implements KioskPrinting {
  constructor(readonly hub: Requester) {}

  printTicket(issue: IssueResult, lang: Lang, opts: { unlessPrinted?: boolean } = {}): Promise<PrintOutcome> {
    return this.#run(() => this.hub.request('print_ticket', { ticketId: issue.ticket.id, lang, ...unless(opts) }, { timeoutMs: HUB_PRINT_ANSWER_MS }));
  }

  printCallbackReceipt(callback: Callback, lang: Lang, opts: { unlessPrinted?: boolean } = {}): Promise<PrintOutcome> {
    return this.#run(() => this.hub.request('print_callback_receipt', { callbackId: callback.id, lang, ...unless(opts) }, { timeoutMs: HUB_PRINT_ANSWER_MS }));
  }

  confirmPrinted(issue: IssueResult): Promise<void> {
    return reportConfirmed(this.hub, issue);
  }

  async #run(print: () => Promise<unknown>): Promise<PrintOutcome> {
    try {
      await print();
      return { ok: true };
    } catch (error) {
      return { ok: false, failure: failureFromHubError(error), maybePrinted: maybePrintedByHub(error) };
    }
  }
}

/** Tells the hub that a ticket whose print it has as failed (or in doubt) is on paper after all; best effort. */
async function reportConfirmed(hub: Requester, issue: IssueResult): Promise<void> {
  try {
    await hub.request('report_print', { ticketId: issue.ticket.id, outcome: 'printed', errorCode: null });
  } catch {
    // NOTE: only the hub's record is left behind; the customer has the paper.
  }
}

/**
 * The device's own printer through the preload bridge; the outcome and the printer's state are then
 * reported to the hub (supervisors see failures). A device without a printer of its own uses `fallback`.
 */
export class BridgePrinting implements KioskPrinting {
  constructor(
    readonly bridge: KioskBridge,
    readonly hub: Requester,
    readonly snapshot: () => OfficeSnapshot | null,
    readonly fallback: KioskPrinting,
  ) {}

  /** `unlessPrinted` goes to the main process, which remembers what it printed (a page reloaded mid-print). */
  async printTicket(issue: IssueResult, lang: Lang, opts: { unlessPrinted?: boolean } = {}): Promise<PrintOutcome> {
    // NOTE: plain copies: reactive proxies cannot cross the context bridge.
    const preferentialClasses = (this.snapshot()?.preferentialClasses ?? []).map((c) => ({ id: c.id, name: { es: c.name.es, en: c.name.en } }));
    const result = await this.#call(() => this.bridge.printTicket({ issue, lang, preferentialClasses, ...unless(opts) }));
    if (!result.ok && result.code === 'PRINTER_NOT_CONFIGURED') return this.fallback.printTicket(issue, lang, opts);
    void this.#report(issue.ticket.id, result);
    return outcomeOf(result);
  }

  async printCallbackReceipt(callback: Callback, lang: Lang, opts: { unlessPrinted?: boolean } = {}): Promise<PrintOutcome> {
    const snapshot = this.snapshot();
    const service = snapshot?.services.find((s) => s.id === callback.serviceId);
    const office = { name: snapshot?.office.name ?? '', timeZone: snapshot?.office.timeZone ?? 'UTC' };
    const result = await this.#call(() => this.bridge.printCallbackReceipt({ callback, office, serviceName: service ? service.name[lang] : null, lang, ...unless(opts) }));
    if (!result.ok && result.code === 'PRINTER_NOT_CONFIGURED') return this.fallback.printCallbackReceipt(callback, lang, opts);
    void this.#report(null, result);
    return outcomeOf(result);
  }

  confirmPrinted(issue: IssueResult): Promise<void> {
    return reportConfirmed(this.hub, issue);
  }

  /** Tells the hub what the printer says now (also called on a timer, so paper-out shows before a customer meets it). */
  async reportHealth(): Promise<void> {
    const state = await this.bridge.printerStatus();
    if (state.configured) await this.hub.request('report_health', { printer: state.status });
  }

  async #call(print: () => Promise<BridgePrintResult>): Promise<BridgePrintResult> {
    try {
      return await print();
    } catch (error) {
      // NOTE: the bridge refused the call (main never printed it): nothing sent.
      return { ok: false, code: 'PRINTER_ERROR', message: error instanceof Error ? error.message : String(error), sent: false };
    }
  }

  async #report(ticketId: string | null, result: BridgePrintResult): Promise<void> {
    try {
      if (ticketId) await this.hub.request('report_print', { ticketId, outcome: result.ok ? 'printed' : 'failed', errorCode: result.ok ? null : result.code });
      await this.reportHealth();
    } catch {
      // NOTE: best effort: the customer's outcome does not depend on it, and the next report carries the printer's state.
    }
  }
}

const unless = (opts: { unlessPrinted?: boolean }): { unlessPrinted?: true } => (opts.unlessPrinted ? { unlessPrinted: true } : {});

function outcomeOf(result: BridgePrintResult): PrintOutcome {
  if (result.ok) return { ok: true };
  return { ok: false, failure: result.code === 'PRINTER_NOT_CONFIGURED' ? 'PRINTER_NOT_CONFIGURED' : printerFailure(result.code), maybePrinted: result.sent };
}

/** The renderer's choice: the Electron bridge when the preload exposed one, else the hub. */
export function choosePrinting(bridge: KioskBridge | undefined, hub: Requester, snapshot: () => OfficeSnapshot | null): KioskPrinting {
  const viaHub = new HubPrinting(hub);
  return bridge ? new BridgePrinting(bridge, hub, snapshot, viaHub) : viaHub;
}
