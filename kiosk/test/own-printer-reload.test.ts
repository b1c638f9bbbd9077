import '@turnero/app-kit/testing/runes';
import type { IpcMainInvokeEvent } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPrinter, PrinterSimulator } from '@turnero/hardware';
import type { RequestType } from '@turnero/protocol';
import type { HubClient } from '@turnero/protocol/client';
import { IpcChannel, type KioskBridge } from '../main/ipc-channels.ts';
import { KioskFlow } from '../renderer/lib/kiosk-flow.svelte.ts';
import { BridgePrinting, HubPrinting } from '../renderer/lib/printing.ts';
import { memoryJournal, type TicketJournal } from '../renderer/lib/ticket-journal.ts';
import { issueResult, snapshot } from './fixtures.ts';

// NOTE: the IPC handlers use nothing of Electron at run time; app-kit's shell module imports it.
vi.mock('electron', () => ({}));
const { kioskIpcHandlers } = await import('../main/kiosk-ipc.ts');

const ORIGIN = 'http://127.0.0.1:8080';
const fromKiosk = { senderFrame: { url: `${ORIGIN}/kiosk/` } } as unknown as Pick<IpcMainInvokeEvent, 'senderFrame'>;

let sim: PrinterSimulator;
beforeAll(async () => {
  sim = await PrinterSimulator.start({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await sim.stop();
});

type Handlers = ReturnType<typeof kioskIpcHandlers>;

/**
 * The preload's bridge from one page to the main process's handlers (jobs cross as copies, like
 * IPC). `crashed`: the page died after sending: main still runs each call, its answer reaches no one.
 */
function bridgeTo(handlers: Handlers, mainPrints: Promise<unknown>[], crashed = false): KioskBridge {
  const invoke = (channel: IpcChannel, job?: unknown) => {
    const running = handlers[channel](fromKiosk, job === undefined ? undefined : structuredClone(job));
    mainPrints.push(running);
    return (crashed ? new Promise(() => undefined) : running) as never;
  };
  return {
    printTicket: (job) => invoke(IpcChannel.printTicket, job),
    printCallbackReceipt: (job) => invoke(IpcChannel.printCallbackReceipt, job),
    printerStatus: () => handlers[IpcChannel.printerStatus](fromKiosk) as never,
  };
}

/** One load of the kiosk page on an Electron kiosk with its own printer: the flow, printing through `bridge`. */
function page(bridge: KioskBridge, journal: TicketJournal) {
  const hub = { request: async (_type: RequestType, _payload: unknown) => ({}) } as unknown as Pick<HubClient, 'request'>;
  const flow = new KioskFlow({
    hub: {
      issueTicket: async () => issueResult('F-050'),
      requestCallback: async () => {
        throw new Error('not in this test');
      },
    },
    printing: new BridgePrinting(bridge, hub, () => snapshot(), new HubPrinting(hub)),
    office: () => ({ snapshot: snapshot(), stats: [] }),
    lang: () => 'es',
    newKey: () => 'key-reload-abcdefgh',
    reasonText: (r) => r,
    timers: { set: () => null, clear: () => undefined },
    journal,
  });
  return flow;
}

async function until(predicate: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A customer takes a ticket on a page that then crashes mid-print: main keeps printing it. */
async function crashedMidPrint(handlers: Handlers, journal: TicketJournal) {
  const mainPrints: Promise<unknown>[] = [];
  const first = page(bridgeTo(handlers, mainPrints, true), journal);
  first.chooseService('facturacion');
  first.choosePreferential(null);
  void first.takeTicket(false);
  await until(() => mainPrints.length === 1);
  return mainPrints[0]!;
}

describe('a kiosk with its own printer whose page reloads mid-print (renderer crash): one paper', () => {
  it('main finished the print before the page came back: the reloaded page’s resume gets “already”, shows it printed, prints nothing', async () => {
    const handlers = kioskIpcHandlers({ printer: createPrinter(sim.uri, { timeoutMs: 1000 }), appOrigin: ORIGIN });
    const journal = memoryJournal();
    const before = sim.receipts.length;
    expect(await (await crashedMidPrint(handlers, journal))).toMatchObject({ ok: true });
    expect(sim.receipts.length).toBe(before + 1);
    expect(journal.load()).not.toBeNull(); // the crashed page never heard

    const mainPrints: Promise<unknown>[] = [];
    const again = page(bridgeTo(handlers, mainPrints), journal);
    again.resume();
    expect(again.screen).toMatchObject({ name: 'ticket', issue: { ticket: { number: 'F-050' } } });
    await Promise.all(mainPrints);
    await until(() => again.screen.name === 'ticket' && again.screen.print.status !== 'printing');
    expect(again.screen).toMatchObject({ print: { status: 'printed' } });
    expect(journal.load()).toBeNull();
    expect(sim.receipts.length).toBe(before + 1);
  });

  it('the page came back while main was still printing: its resume shares that print', async () => {
    const handlers = kioskIpcHandlers({ printer: createPrinter(sim.uri, { timeoutMs: 1000 }), appOrigin: ORIGIN });
    const journal = memoryJournal();
    const before = sim.receipts.length;
    const running = await crashedMidPrint(handlers, journal);

    const mainPrints: Promise<unknown>[] = [];
    const again = page(bridgeTo(handlers, mainPrints), journal);
    again.resume();
    await Promise.all([running, ...mainPrints]);
    await until(() => again.screen.name === 'ticket' && again.screen.print.status !== 'printing');
    expect(again.screen).toMatchObject({ print: { status: 'printed' } });
    await new Promise((r) => setTimeout(r, 200));
    expect(sim.receipts.length).toBe(before + 1);
  });
});
